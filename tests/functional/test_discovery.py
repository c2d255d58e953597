"""The discovery module on the whole platform (target all), on SQLite and on PostgreSQL: writers
publish finished books; anybody, signed in or not, lists, searches and reads what is published."""

from __future__ import annotations

import pytest

from accounts_support import FAST_HASHING, assert_problem, call, first_account, register, unique
from content_support import generate, read_book, wait_for

DISCOVER = "/api/v1/discover"


@pytest.fixture(scope="module")
def srv(backend_server_factory):
    server = backend_server_factory(FAST_HASHING)
    server.admin = first_account(server)
    return server


def finished(account, **body) -> str:
    book = generate(account, target_words=500, **body)["book_id"]
    assert wait_for(account, book)["status"] == "completed"
    return book


def publish(account, book: str, **body):
    return account.call("POST", f"/api/v1/books/{book}/publish", json=body or None)


@pytest.fixture(scope="module")
def library(srv):
    """Two writers, three published books of different kinds and genres, one book left private."""
    ada = register(srv, username=unique("ada"))
    ben = register(srv, username=unique("ben"))
    books = {
        "dragons": finished(ada, title="The Dragons of Emberfall", genre="fantasy", kind="novel"),
        "harbour": finished(ada, title="Harbour Lights", genre="drama", kind="play"),
        "signal": finished(ben, title="Signal From Kepler", genre="science fiction", kind="screenplay"),
        "private": finished(ben, title="Notes Nobody Reads", genre="fantasy"),
    }
    r = publish(ada, books["dragons"], description="A kingdom of ash and wings.")
    assert r.status_code == 201, r.text
    assert r.headers["Location"] == f"{DISCOVER}/{books['dragons']}"
    for name, owner in (("harbour", ada), ("signal", ben)):
        assert publish(owner, books[name]).status_code == 201
    return {"ada": ada, "ben": ben, "books": books}


def ids(r) -> list[str]:
    assert r.status_code == 200, r.text
    return [b["id"] for b in r.json()["books"]]


def test_anybody_lists_what_is_published_newest_first(srv, library):
    b = library["books"]
    r = call(srv, "GET", DISCOVER)
    assert ids(r) == [b["signal"], b["harbour"], b["dragons"]]
    assert r.json()["total"] == 3
    assert "public" in r.headers["Cache-Control"]
    entry = r.json()["books"][2]
    assert entry["title"] == "The Dragons of Emberfall"
    assert entry["author"] == library["ada"].username
    assert entry["description"] == "A kingdom of ash and wings."
    assert entry["kind"] == "novel" and entry["genre"] == "fantasy"
    assert entry["writer"] == "Offline writer (not an AI model)"
    assert entry["words"] > 0
    assert entry["url"] == f"{DISCOVER}/{b['dragons']}"
    assert "braindump" not in entry and "user_id" not in entry and "cost_usd" not in entry


def test_search_by_words_genre_kind_and_author(srv, library):
    b = library["books"]
    assert ids(call(srv, "GET", DISCOVER, params={"q": "dragon"})) == [b["dragons"]]  # a prefix
    assert ids(call(srv, "GET", DISCOVER, params={"q": "EMBERFALL dragons"})) == [b["dragons"]]
    assert ids(call(srv, "GET", DISCOVER, params={"q": "kingdom wings"})) == [b["dragons"]]  # the description
    assert ids(call(srv, "GET", DISCOVER, params={"q": "dragon harbour"})) == []  # every word must match
    assert ids(call(srv, "GET", DISCOVER, params={"genre": "Science Fiction"})) == [b["signal"]]
    assert ids(call(srv, "GET", DISCOVER, params={"kind": "play"})) == [b["harbour"]]
    assert set(ids(call(srv, "GET", DISCOVER, params={"author": library["ada"].username.upper()}))) == {
        b["dragons"], b["harbour"]}
    assert ids(call(srv, "GET", DISCOVER, params={"q": library["ben"].username})) == [b["signal"]]
    assert ids(call(srv, "GET", DISCOVER, params={"q": "notes nobody"})) == []  # never published


def test_search_text_is_never_a_query_language(srv, library):
    for q in ['"', "dragon*", "title:dragon", "NEAR(a b)", "a & b | !c", "'); DROP TABLE books; --", "(((", "-"]:
        r = call(srv, "GET", DISCOVER, params={"q": q})
        assert r.status_code == 200, (q, r.text)


def test_pages(srv, library):
    b = library["books"]
    first = call(srv, "GET", DISCOVER, params={"limit": 2})
    second = call(srv, "GET", DISCOVER, params={"limit": 2, "offset": 2})
    assert ids(first) + ids(second) == [b["signal"], b["harbour"], b["dragons"]]
    assert first.json()["total"] == second.json()["total"] == 3
    assert first.json()["limit"] == 2 and second.json()["offset"] == 2


def test_a_published_book_reads_like_the_book(srv, library):
    book_id = library["books"]["dragons"]
    page = call(srv, "GET", f"{DISCOVER}/{book_id}")
    assert page.status_code == 200, page.text
    original = read_book(library["ada"], book_id)
    published = page.json()
    assert [c["title"] for c in published["chapters"]] == [c["title"] for c in original["chapters"]]
    assert [[s["text"] for s in c["scenes"]] for c in published["chapters"]] == [
        [s["text"] for s in c["scenes"]] for c in original["chapters"]]
    assert "summary" not in published["chapters"][0]


def test_unknown_and_private_books_are_not_found(srv, library):
    assert_problem(call(srv, "GET", f"{DISCOVER}/{library['books']['private']}"), 404)
    assert_problem(call(srv, "GET", f"{DISCOVER}/not-an-id"), 404)
    assert_problem(call(srv, "GET", f"{DISCOVER}/00000000-0000-4000-8000-000000000000"), 404)


def test_bad_queries_name_the_parameter(srv, library):
    assert_problem(call(srv, "GET", DISCOVER, params={"kind": "poem"}), 422, field="kind")
    assert_problem(call(srv, "GET", DISCOVER, params={"limit": 0}), 422, field="limit")
    assert_problem(call(srv, "GET", DISCOVER, params={"limit": 101}), 422, field="limit")
    assert_problem(call(srv, "GET", DISCOVER, params={"q": "x" * 201}), 422, field="q")


def test_publishing_validates_its_body(srv, library):
    ada, book = library["ada"], library["books"]["harbour"]
    assert_problem(publish(ada, book, description="x" * 4001), 422, field="description")
    assert_problem(publish(ada, book, colour="red"), 422, field="colour")
    assert_problem(ada.call("POST", f"/api/v1/books/{book}/publish", data="{", headers={"Content-Type": "application/json"}), 400)


def test_republishing_replaces_the_entry_and_keeps_its_date(srv, library):
    ada, book = library["ada"], library["books"]["harbour"]
    before = call(srv, "GET", f"{DISCOVER}/{book}").json()
    r = publish(ada, book, description="Now with a description.")
    assert r.status_code == 200, r.text
    after = call(srv, "GET", f"{DISCOVER}/{book}").json()
    assert after["description"] == "Now with a description."
    assert after["published_at"] == before["published_at"]
    assert after["updated_at"] >= before["updated_at"]


def test_only_a_finished_book_is_published(srv):
    writer = register(srv, username=unique("hasty"))
    started = generate(writer, title="Unfinished Symphony", target_words=250_000)
    cancel = writer.call("POST", f"/api/v1/books/{started['book_id']}/cancel")
    if cancel.status_code == 409:
        pytest.skip("the book was finished before it could be cancelled")
    assert wait_for(writer, started["book_id"])["status"] == "cancelled"
    assert_problem(publish(writer, started["book_id"]), 409, detail="cancelled")


def test_who_may_publish_and_unpublish(srv, library):
    ada, ben = library["ada"], library["ben"]
    private = library["books"]["private"]
    # Another user's book does not exist for them; an administrator sees it but is not its writer.
    assert_problem(publish(ada, private), 404)
    assert_problem(publish(srv.admin, private), 403)
    # Nobody but the writer and administrators takes a book down, and for them it is not there.
    signal = library["books"]["signal"]
    assert_problem(ada.call("POST", f"/api/v1/books/{signal}/unpublish"), 404)
    assert_problem(call(srv, "POST", f"/api/v1/books/{signal}/unpublish"), 401)


def test_unpublishing(srv, library):
    ben, admin = library["ben"], srv.admin
    book = finished(ben, title="Brief Candle")
    assert publish(ben, book).status_code == 201
    assert ben.call("POST", f"/api/v1/books/{book}/unpublish").status_code == 204
    assert_problem(call(srv, "GET", f"{DISCOVER}/{book}"), 404)
    assert book not in ids(call(srv, "GET", DISCOVER))
    assert_problem(ben.call("POST", f"/api/v1/books/{book}/unpublish"), 404)
    # An administrator takes down somebody else's book.
    assert publish(ben, book).status_code == 201
    assert admin.call("POST", f"/api/v1/books/{book}/unpublish").status_code == 204
    assert_problem(call(srv, "GET", f"{DISCOVER}/{book}"), 404)


def test_deleting_a_book_takes_its_published_copy_with_it(srv):
    writer = register(srv, username=unique("gone"))
    book = finished(writer, title="Ephemera")
    assert publish(writer, book).status_code == 201
    assert writer.call("DELETE", f"/api/v1/books/{book}").status_code == 204
    assert_problem(call(srv, "GET", f"{DISCOVER}/{book}"), 404)
    assert book not in ids(call(srv, "GET", DISCOVER, params={"q": "ephemera"}))
