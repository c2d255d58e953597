"""POST /api/v1/files, GET /api/v1/files/:id, GET /api/v1/files/:id/download, DELETE /api/v1/files/:id,
against the local store (DATA_DIR/blobs) and against a real S3-compatible server (s3rver)."""

from __future__ import annotations

import hashlib
import hmac
import subprocess
import urllib.parse

import pytest
import requests

from accounts_support import FAST_HASHING, assert_problem, first_account, register, unique
from conftest import GATEWAY, PER_PROCESS_READY, Server
from storage_support import (EXE, FILES, HTML, PDF, PNG, download, multipart, random_bytes, s3rver, sha256,  # noqa: F401
                             upload, uploaded, zip_of)

# The gateway deployment keeps its files in s3rver: one run, through it.
STORES = ("s3",) if GATEWAY else ("local", "s3")


@pytest.fixture(scope="module", params=STORES)
def store(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def srv(store, request, module_server_factory) -> Server:
    env = {**FAST_HASHING, "MAX_UPLOAD_MB": "2"}
    if store == "s3":
        env.update(request.getfixturevalue("s3rver").env())
    server = module_server_factory(env)
    server.store = store
    server.admin = first_account(server)
    return server


@pytest.fixture(scope="module")
def alice(srv):
    return register(srv, username=unique("alice"))


@pytest.fixture(scope="module")
def bob(srv):
    return register(srv, username=unique("bob"))


@pytest.mark.single_binary(reason=PER_PROCESS_READY)
def test_ready_names_the_store(srv):
    r = srv.get("/ready")
    assert r.status_code == 200, r.text
    check = next(c for c in r.json()["checks"] if c["name"] == "object store")
    assert check["ok"]
    assert ("S3 at http://127.0.0.1:" if srv.store == "s3" else "local directory") in check["detail"]


@pytest.mark.parametrize("name,data,kind", [
    ("pixel.png", PNG, "image/png"),
    ("paper.pdf", PDF, "application/pdf"),
    ("notes.txt", "Plain words, and some accents: été.\n".encode() * 50, "text/plain; charset=utf-8"),
    ("chapter.md", b"# Chapter 1\n\nIt was a *dark* night.\n", "text/markdown; charset=utf-8"),
    ("data.json", b'{"title": "A book", "chapters": [1, 2, 3]}\n', "application/json"),
], ids=["png", "pdf", "text", "markdown", "json"])
def test_round_trip(alice, name, data, kind):
    # The type the client claims is ignored: the bytes decide.
    body, content_type = multipart(name, data, content_type="application/x-anything")
    r = alice.call("POST", FILES, data=body, headers={"Content-Type": content_type})
    assert r.status_code == 201, r.text
    record = r.json()
    assert r.headers["Location"] == f"{FILES}/{record['id']}"
    assert record["name"] == name
    assert record["content_type"] == kind
    assert record["size"] == len(data)
    assert record["sha256"] == sha256(data)
    assert record["user_id"] == alice.id

    meta = alice.get(f"{FILES}/{record['id']}")
    assert meta.status_code == 200
    assert meta.json() == record

    got = download(alice, record["id"])
    assert got.status_code == 200, got.text
    assert got.content == data
    assert got.headers["Content-Type"] == kind
    assert got.headers["Content-Length"] == str(len(data))
    assert got.headers["Accept-Ranges"] == "bytes"
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.headers["ETag"] == f'"{sha256(data)}"'
    assert got.headers["Content-Disposition"].startswith("attachment; filename=")


def test_binary_round_trip(alice):
    """Random bytes (in a stored ZIP, so that the type is allowed) come back exactly."""
    data = zip_of(random_bytes(1536 * 1024))
    record = uploaded(alice, "archive.zip", data)
    assert record["content_type"] == "application/zip"
    got = download(alice, record["id"])
    assert got.status_code == 200
    assert sha256(got.content) == sha256(data)


def test_ranges(alice):
    data = "".join(f"line {i:05d}\n" for i in range(2000)).encode()
    record = uploaded(alice, "lines.txt", data)
    size = len(data)

    first = download(alice, record["id"], headers={"Range": "bytes=0-99"})
    assert first.status_code == 206
    assert first.content == data[:100]
    assert first.headers["Content-Range"] == f"bytes 0-99/{size}"
    assert first.headers["Content-Length"] == "100"

    middle = download(alice, record["id"], headers={"Range": "bytes=1000-1499"})
    assert middle.status_code == 206
    assert middle.content == data[1000:1500]

    tail = download(alice, record["id"], headers={"Range": f"bytes={size - 10}-"})
    assert tail.status_code == 206
    assert tail.content == data[-10:]

    suffix = download(alice, record["id"], headers={"Range": "bytes=-25"})
    assert suffix.status_code == 206
    assert suffix.content == data[-25:]
    assert suffix.headers["Content-Range"] == f"bytes {size - 25}-{size - 1}/{size}"

    beyond = download(alice, record["id"], headers={"Range": f"bytes={size}-"})
    assert_problem(beyond, 416)
    assert beyond.headers["Content-Range"] == f"bytes */{size}"

    several = download(alice, record["id"], headers={"Range": "bytes=0-1,5-6"})
    assert several.status_code == 200  # several ranges: the whole file, as RFC 9110 allows
    assert several.content == data

    stale = download(alice, record["id"], headers={"Range": "bytes=0-9", "If-Range": '"not-the-etag"'})
    assert stale.status_code == 200
    assert stale.content == data

    cached = download(alice, record["id"], headers={"If-None-Match": f'"{record["sha256"]}"'})
    assert cached.status_code == 304
    assert cached.content == b""


def test_head_of_a_download(alice):
    record = uploaded(alice, "head.txt", b"some text to count\n")
    r = alice.call("HEAD", f"{FILES}/{record['id']}/download")
    assert r.status_code == 200
    assert r.headers["Content-Length"] == str(len(b"some text to count\n"))
    assert r.content == b""


def test_redirect_to_a_presigned_url(srv, alice):
    data = b"# Presigned\n\nFetched straight from the object store.\n"
    record = uploaded(alice, "presigned.md", data)
    r = download(alice, record["id"], params={"redirect": "1"})
    if srv.store == "local":
        # A local directory has no URL of its own: the bytes come from the server.
        assert r.status_code == 200
        assert r.content == data
        return
    assert r.status_code == 302, r.text
    url = r.headers["Location"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["3600"]
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    # Plain curl, no credentials: the URL alone is enough.
    fetched = subprocess.run(["curl", "-sS", "-f", url], capture_output=True, timeout=20)
    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stdout == data
    # s3rver checks a presigned URL's expiry but not its V4 signature: check that here, with an
    # independent SigV4 implementation (Python's hmac) and the store's secret.
    assert query["X-Amz-Signature"] == [presigned_signature(url, secret="S3RVER")]


def presigned_signature(url: str, secret: str, region: str = "us-east-1") -> str:
    """The SigV4 query signature `url` should carry (AWS's algorithm, written out again here)."""
    parts = urllib.parse.urlsplit(url)
    params = sorted((k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "X-Amz-Signature")
    canonical_query = "&".join(f"{urllib.parse.quote(k, safe='-_.~')}={urllib.parse.quote(v, safe='-_.~')}"
                               for k, v in params)
    canonical = "\n".join(["GET", parts.path, canonical_query, f"host:{parts.netloc}", "", "host",
                           "UNSIGNED-PAYLOAD"])
    when = dict(params)["X-Amz-Date"]
    scope = f"{when[:8]}/{region}/s3/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", when, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + secret).encode()
    for piece in (when[:8], region, "s3", "aws4_request"):
        key = hmac.new(key, piece.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


@pytest.mark.parametrize("name,data", [("program.exe", EXE), ("page.txt", HTML)])
def test_refused_types(alice, name, data):
    problem = assert_problem(upload(alice, name, data), 415)
    assert "not accepted" in problem["detail"]


def test_not_multipart(alice):
    r = alice.call("POST", FILES, data=b"raw bytes", headers={"Content-Type": "application/octet-stream"})
    assert_problem(r, 415, detail="multipart/form-data")


def test_missing_or_empty_file(alice):
    body, content_type = multipart("x.txt", b"hello", field="other")
    assert_problem(alice.call("POST", FILES, data=body, headers={"Content-Type": content_type}), 422, field="file")
    assert_problem(upload(alice, "empty.txt", b""), 422, field="file")


def test_malformed_multipart(alice):
    body = b"--abc\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nno end"
    r = alice.call("POST", FILES, data=body, headers={"Content-Type": "multipart/form-data; boundary=abc"})
    assert_problem(r, 400, detail="multipart")


def test_over_the_limit(srv, alice):
    # MAX_UPLOAD_MB=2: a 3 MiB body is refused from its Content-Length, before it is read.
    r = upload(alice, "big.txt", b"a" * (3 * 1024 * 1024))
    assert_problem(r, 413)
    # A file just over 2 MiB inside a body under the route's limit is refused by the file's size.
    r = upload(alice, "big.txt", b"a" * (2 * 1024 * 1024 + 10))
    assert_problem(r, 413, detail="2 MiB")
    # Nothing of either was kept, and the spool folder is empty again.
    spool = srv.data_dir / "tmp" / "uploads"
    assert not spool.exists() or list(spool.iterdir()) == []
    assert srv.get("/health").status_code == 200


def test_chunked_upload_over_the_limit(alice):
    body, content_type = multipart("chunked.txt", b"b" * (3 * 1024 * 1024))

    def pieces():
        for at in range(0, len(body), 256 * 1024):
            yield body[at:at + 256 * 1024]

    r = alice.call("POST", FILES, data=pieces(), headers={"Content-Type": content_type})
    assert_problem(r, 413)


@pytest.mark.parametrize("hostile,expected", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\boot.ini", "boot.ini"),
    ("..", "file"),
    ("/abs/path/notes.txt", "notes.txt"),
    ("a\u202etxt.exe", "atxt.exe"),
])
def test_file_names_are_sanitised(srv, alice, hostile, expected):
    record = uploaded(alice, hostile, b"plain text for a hostile name\n")
    assert record["name"] == expected
    got = download(alice, record["id"])
    assert got.content == b"plain text for a hostile name\n"
    assert "/" not in got.headers["Content-Disposition"].split("filename=")[1].split(";")[0]
    # Nothing was written outside the store.
    assert not (srv.data_dir / "etc").exists() and not (srv.data_dir.parent / "etc").exists()


def test_owner_checks(srv, alice, bob):
    record = uploaded(alice, "private.txt", b"alice's private words\n")
    path = f"{FILES}/{record['id']}"
    # Another user: 404, the same as for a file that does not exist.
    for r in (bob.get(path), download(bob, record["id"]), bob.call("DELETE", path)):
        assert_problem(r, 404)
    missing = f"{FILES}/00000000-0000-4000-8000-000000000000"
    assert_problem(bob.get(missing), 404)
    assert_problem(bob.get(f"{FILES}/not-an-id"), 404)
    # Anonymous: 401.
    assert_problem(requests.get(srv.url(path), timeout=5), 401)
    assert_problem(requests.post(srv.url(FILES), files={"file": ("a.txt", b"x")}, timeout=5), 401)
    # The administrator sees it.
    assert srv.admin.get(path).status_code == 200
    assert download(srv.admin, record["id"]).content == b"alice's private words\n"
    # Still there for alice.
    assert download(alice, record["id"]).content == b"alice's private words\n"


def test_delete(srv, alice):
    record = uploaded(alice, "gone.txt", b"soon gone\n")
    path = f"{FILES}/{record['id']}"
    assert alice.call("DELETE", path).status_code == 204
    assert_problem(alice.get(path), 404)
    assert_problem(download(alice, record["id"]), 404)
    assert_problem(alice.call("DELETE", path), 404)
    if srv.store == "local":
        assert not (srv.data_dir / "blobs" / "authorworks-uploads" / alice.id / record["id"]).exists()


def test_requests_go_on_after_uploads(srv, alice):
    """Keep-alive connections stay usable after a spooled upload and after a refused one."""
    session = requests.Session()
    headers = {"Authorization": f"Bearer {alice.token}"}
    for name, data, status in [("a.txt", b"first\n", 201), ("b.exe", EXE, 415), ("c.txt", b"third\n", 201)]:
        body, content_type = multipart(name, data)
        r = session.post(srv.url(FILES), data=body, headers={**headers, "Content-Type": content_type}, timeout=10)
        assert r.status_code == status, r.text
    assert session.get(srv.url("/api/v1/auth/me"), headers=headers, timeout=5).status_code == 200
