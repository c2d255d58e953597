"""Text the content module stores byte for byte, even bytes that are not UTF-8, reaches the modules
that read it through the content module's interface, rather than a 502 in gateway mode, where the
users and discovery services parse the content service's answers.

The API refuses invalid UTF-8 on the way in (request bodies are parsed strictly), so such text comes
from elsewhere: a database written by an older release or by hand. SQLite keeps any bytes in a text
column; PostgreSQL refuses them, so there is nothing to test on it."""

from __future__ import annotations

import sqlite3

import pytest

from accounts_support import FAST_HASHING, register, unique
from content_support import generate, wait_for

TITLE = b"Caf\xc3 \xff Nights"
SCENE = b"She said \xff\xfe and left."


@pytest.fixture(scope="module")
def srv(backend_server_factory):
    server = backend_server_factory(FAST_HASHING)
    if not server.database_url.startswith("sqlite://"):
        pytest.skip("PostgreSQL refuses text that is not UTF-8: it cannot be stored there")
    return server


def store_raw(srv, sql: str, params: tuple) -> None:
    with sqlite3.connect(srv.database_url.removeprefix("sqlite://"), timeout=10) as db:
        db.execute(sql, params)


@pytest.fixture(scope="module")
def book(srv):
    writer = register(srv, username=unique("bytes"))
    book_id = generate(writer, title="Plain for now", target_words=500)["book_id"]
    assert wait_for(writer, book_id)["status"] == "completed"
    store_raw(srv, "UPDATE books SET title = CAST(? AS TEXT) WHERE id = ?", (TITLE, book_id))
    store_raw(srv, "UPDATE scenes SET text = CAST(? AS TEXT) WHERE id = (SELECT id FROM scenes WHERE book_id = ? "
                   "ORDER BY chapter_id, number LIMIT 1)", (SCENE, book_id))
    return writer, book_id


def test_the_users_books_list_carries_a_title_that_is_not_utf8(book):
    writer, book_id = book
    r = writer.get(f"/api/v1/users/{writer.id}/books")
    assert r.status_code == 200, r.text
    assert book_id.encode() in r.content and TITLE in r.content


def test_discovery_publishes_a_book_whose_text_is_not_utf8(srv, book):
    writer, book_id = book
    r = writer.call("POST", f"/api/v1/books/{book_id}/publish")
    assert r.status_code == 201, r.text
    try:
        assert TITLE in r.content
        page = writer.get(f"/api/v1/discover/{book_id}")
        assert page.status_code == 200, page.text
        assert TITLE in page.content and SCENE in page.content
    finally:
        # The gateway deployment is the whole session's: the discovery suite counts what is published.
        assert writer.call("POST", f"/api/v1/books/{book_id}/unpublish").status_code == 204
