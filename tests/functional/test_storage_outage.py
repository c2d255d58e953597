"""The object store going away and coming back: uploads and exports answer 503 saying so, /ready
names the store, book generation carries on, and once the store is back uploads and exports work
again without a restart of the server (its buckets are created again when the store lost them).
Exports round-trip through the S3 store too."""

from __future__ import annotations

import time

import pytest

from accounts_support import FAST_HASHING, assert_problem, register, unique
from content_support import BOOKS, generate, wait_for
from export_support import epubcheck
from storage_support import FILES, download, s3rver, upload, uploaded  # noqa: F401

pytestmark = pytest.mark.single_binary(reason="stops and starts the object store under servers of its own")


@pytest.fixture
def srv(s3rver, server_factory):
    if s3rver.process is None:
        s3rver.start()
    return server_factory({**FAST_HASHING, **s3rver.env()})


def object_store_check(srv) -> tuple[int, dict]:
    r = srv.get("/ready")
    return r.status_code, next(c for c in r.json()["checks"] if c["name"] == "object store")


def test_store_killed_and_restarted(s3rver, srv):
    account = register(srv, username=unique("writer"))
    kept = uploaded(account, "before.txt", b"written before the outage\n")

    s3rver.stop()
    started = time.monotonic()
    problem = assert_problem(upload(account, "during.txt", b"written during the outage\n"), 503)
    assert "object store" in problem["detail"] and s3rver.endpoint in problem["detail"]
    assert time.monotonic() - started < 5, "a dead store must be noticed quickly"
    assert_problem(download(account, kept["id"]), 503)
    # The record is still there: only the bytes are out of reach.
    assert account.get(f"{FILES}/{kept['id']}").status_code == 200

    status, check = object_store_check(srv)
    assert status == 503
    assert not check["ok"] and s3rver.endpoint in check["detail"]
    ready = srv.get("/ready").json()
    assert ready["failing"] == ["object store"]

    # Everything that does not need the store carries on: a whole book with the offline writer.
    book = generate(account, title="Written Through an Outage", target_words=500)["book_id"]
    assert wait_for(account, book)["status"] == "completed"

    # An export needs the store to keep its file: 503, saying so.
    problem = assert_problem(account.call("POST", f"{BOOKS}/{book}/export", json={"format": "epub"}), 503)
    assert "object store" in problem["detail"]

    # Back, with an empty folder: the buckets are gone too, and are created again on demand.
    s3rver.start(fresh=True)
    after = uploaded(account, "after.txt", b"written after the outage\n")
    assert download(account, after["id"]).content == b"written after the outage\n"
    assert account.call("POST", f"{BOOKS}/{book}/export", json={"format": "epub"}).status_code == 201
    assert object_store_check(srv)[0] == 200


def test_exports_round_trip_through_the_object_store(s3rver, srv, tmp_path):
    account = register(srv, username=unique("writer"))
    book = generate(account, title="Kept in a Bucket", target_words=600)["book_id"]
    assert wait_for(account, book)["status"] == "completed"
    for fmt, kind in (("epub", "application/epub+zip"), ("pdf", "application/pdf"), ("md", "text/markdown")):
        record = account.call("POST", f"{BOOKS}/{book}/export", json={"format": fmt})
        assert record.status_code == 201, record.text
        r = account.call("GET", f"{BOOKS}/{book}/export?format={fmt}")
        assert r.status_code == 200 and r.headers["Content-Type"].startswith(kind)
        # The stored file is the same bytes, read back from the bucket through the files API.
        assert download(account, record.json()["id"]).content == r.content
        if fmt == "epub":
            path = tmp_path / "book.epub"
            path.write_bytes(r.content)
            epubcheck(path)
        if fmt == "pdf":
            assert r.content.startswith(b"%PDF-")


def test_store_down_at_start(s3rver, server_factory):
    """A server whose store is down when it starts still starts, says so, and uses the store once
    it is up."""
    s3rver.stop()
    srv = server_factory({**FAST_HASHING, **s3rver.env()})
    assert srv.get("/health").status_code == 200
    assert object_store_check(srv)[0] == 503
    account = register(srv, username=unique("early"))
    assert_problem(upload(account, "a.txt", b"too early\n"), 503)
    s3rver.start(fresh=True)
    record = uploaded(account, "b.txt", b"just in time\n")
    assert download(account, record["id"]).content == b"just in time\n"
    assert object_store_check(srv)[0] == 200
