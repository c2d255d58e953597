"""Helpers for the storage tests: a real S3-compatible server (s3rver, from tests/tools), uploads
and downloads.

s3rver is the npm package in tests/tools (scripts/install-deps.sh --test installs it with npm ci).
It checks SigV4 signatures with its fixed credentials S3RVER / S3RVER.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

import pytest

from accounts_support import Account
from conftest import GATEWAY, REPO, free_port

S3RVER = REPO / "tests" / "tools" / "node_modules" / "s3rver" / "bin" / "s3rver.js"
FILES = "/api/v1/files"
PROBLEM = "application/problem+json"

# The smallest PNG there is (1x1), PDF and ZIP files: real formats for libmagic to recognise.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005"
    "0001ff0a2c5e4b0000000049454e44ae426082")
PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\n"
       b"endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(range(256)) * 8
HTML = b"<!DOCTYPE html>\n<html><head><script>alert(1)</script></head><body>hi</body></html>\n"


def node() -> str | None:
    return shutil.which("node")


class S3rver:
    """An s3rver process on a free loopback port with its own folder; stop() and start() again keep
    the port (and, unless told otherwise, the folder)."""

    access_key = "S3RVER"
    secret_key = "S3RVER"

    def __init__(self):
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="authorworks-s3rver-"))
        self.directory = self.root / "data"
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        return {"MINIO_ENDPOINT": self.endpoint, "MINIO_ACCESS_KEY": self.access_key,
                "MINIO_SECRET_KEY": self.secret_key}

    def start(self, fresh: bool = False, timeout: float = 15) -> None:
        if fresh:
            shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True, exist_ok=True)
        log = open(self.root / "s3rver.log", "ab")
        self.process = subprocess.Popen(
            [node(), str(S3RVER), "-d", str(self.directory), "-a", "127.0.0.1", "-p", str(self.port), "-s",
             "--no-vhost-buckets"], stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"s3rver exited with {self.process.returncode}: "
                                   f"{(self.root / 's3rver.log').read_text(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"s3rver did not listen on {self.port} within {timeout}s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module")
def s3rver(request):
    """A running s3rver for the module; skipped (saying why) when node or s3rver is not installed.
    In gateway mode, the deployment's own."""
    if GATEWAY:
        yield request.getfixturevalue("gateway_platform").s3rver
        return
    if node() is None or not S3RVER.is_file():
        pytest.skip("s3rver is not installed: npm ci --prefix tests/tools (scripts/install-deps.sh --test does it)")
    server = S3rver()
    server.start()
    yield server
    server.cleanup()


def multipart(name: str, data: bytes, field: str = "file", content_type: str = "application/octet-stream",
              extra: dict[str, str] | None = None) -> tuple[bytes, str]:
    """A multipart/form-data body with one file part (and `extra` text fields); returns
    (body, content type). Built by hand so that any file name, even a hostile one, goes as is."""
    boundary = "----aw" + uuid.uuid4().hex
    out = bytearray()
    for key, value in (extra or {}).items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{key}\"\r\n\r\n{value}\r\n").encode()
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{quoted}\"\r\n"
            f"Content-Type: {content_type}\r\n\r\n").encode()
    out += data
    out += f"\r\n--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def upload(account: Account, name: str, data: bytes, **kwargs):
    body, content_type = multipart(name, data, **kwargs)
    return account.call("POST", FILES, data=body, headers={"Content-Type": content_type}, timeout=60)


def uploaded(account: Account, name: str, data: bytes) -> dict:
    r = upload(account, name, data)
    assert r.status_code == 201, f"upload {name}: {r.status_code} {r.text}"
    return r.json()


def download(account: Account, file_id: str, **kwargs):
    kwargs.setdefault("timeout", 60)
    return account.get(f"{FILES}/{file_id}/download", **kwargs)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def peak_rss_kib(pid: int) -> int:
    """The process's peak resident set size (VmHWM), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc/<pid>/status")


def random_bytes(size: int) -> bytes:
    return os.urandom(size)


def zip_of(data: bytes) -> bytes:
    """A ZIP archive holding `data` uncompressed (libmagic: application/zip)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("data.bin", data)
    return out.getvalue()
