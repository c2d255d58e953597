"""A throwaway redis-server for functional tests (skipped without one), and wait_until."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import free_port

REDIS_SERVER = shutil.which("redis-server")


class RedisServer:
    """A throwaway redis-server on a loopback port: no persistence, stoppable and restartable on
    the same port."""

    def __init__(self):
        self.port = free_port()
        self.folder = tempfile.TemporaryDirectory(prefix="authorworks-ft-redis-")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        log = open(Path(self.folder.name) / "redis.log", "ab")
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.folder.name], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + 5
        while not self.ping():
            assert self.process.poll() is None, (Path(self.folder.name) / "redis.log").read_text()
            assert time.monotonic() < deadline, "redis-server did not answer within 5 s"
            time.sleep(0.02)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis():
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (scripts/install-deps.sh --test installs it)")
    server = RedisServer()
    server.start()
    yield server
    server.stop()
    server.folder.cleanup()


def wait_until(predicate, timeout: float = 5.0, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout} s"
        time.sleep(0.05)
