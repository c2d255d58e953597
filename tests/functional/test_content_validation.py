"""The content routes refuse bad input with a problem naming the field (422), and unknown or foreign
books as 404; no engine work is needed to check these."""

from __future__ import annotations

import uuid

import pytest

from accounts_support import FAST_HASHING, assert_problem, call, register, unique
from content_support import BOOKS, GENERATE


@pytest.fixture(scope="module")
def srv(module_server_factory):
    return module_server_factory(FAST_HASHING)


@pytest.fixture(scope="module")
def account(srv):
    return register(srv, username=unique("valid"))


@pytest.mark.parametrize("body, field, message", [
    ({}, "title", "is required"),
    ({"title": ""}, "title", "must not be blank"),
    ({"title": "   "}, "title", "must not be blank"),
    ({"title": "x" * 201}, "title", "at most 200 characters"),
    ({"title": 12}, "title", "must be a string"),
    ({"title": "t", "braindump": "b" * 20001}, "braindump", "at most 20000 characters"),
    ({"title": "t", "kind": "poem"}, "kind", "novel, screenplay or play"),
    ({"title": "t", "target_words": 10}, "target_words", "from 500 to 250000"),
    ({"title": "t", "target_words": 10_000_000}, "target_words", "from 500 to 250000"),
    ({"title": "t", "target_words": "3000"}, "target_words", "whole number"),
    ({"title": "t", "target_words": 1500.5}, "target_words", "whole number"),
    ({"title": "t", "seed": -4}, "seed", None),
    ({"title": "t", "owner": "someone"}, "owner", "unknown field"),
], ids=lambda v: str(v)[:40])
def test_generate_names_the_bad_field(srv, account, body, field, message):
    assert_problem(account.call("POST", GENERATE, json=body), 422, field=field, detail=message)


def test_generate_needs_a_json_object(srv, account):
    assert_problem(account.call("POST", GENERATE, data="title=x", headers={"Content-Type": "application/json"}), 400)
    assert_problem(account.call("POST", GENERATE, json=["title"]), 400)
    assert_problem(account.call("POST", GENERATE, data="x", headers={"Content-Type": "text/plain"}), 415)


def test_generate_needs_a_signed_in_user(srv):
    assert_problem(call(srv, "POST", GENERATE, json={"title": "t"}), 401)
    assert_problem(call(srv, "GET", BOOKS), 401)


def test_unknown_books_are_not_found(srv, account):
    for book_id in (str(uuid.uuid4()), "not-an-id"):
        assert_problem(account.get(f"{BOOKS}/{book_id}"), 404)
        assert_problem(account.get(f"{BOOKS}/{book_id}/status"), 404)
        assert_problem(account.get(f"{BOOKS}/{book_id}/events"), 404)
        assert_problem(account.call("POST", f"{BOOKS}/{book_id}/cancel"), 404)
        assert_problem(account.call("POST", f"{BOOKS}/{book_id}/resume"), 404)
        assert_problem(account.call("DELETE", f"{BOOKS}/{book_id}"), 404)


def test_the_websocket_route_wants_an_upgrade_and_a_book(srv, account):
    assert_problem(account.get("/ws/generate", params={"book_id": str(uuid.uuid4())}), 400)


def test_list_parameters_are_checked(srv, account):
    assert_problem(account.get(BOOKS, params={"limit": 201}), 422, field="limit")
    assert_problem(account.get(BOOKS, params={"offset": -1}), 422, field="offset")
    assert_problem(account.get(BOOKS, params={"limit": "many"}), 422, field="limit")
