"""Accounts and sign-in (the users module), the same suite on SQLite and on PostgreSQL.

One server per backend for the whole module, on a database of its own; its first account (the
administrator) is registered before any test runs, and every test makes its own accounts with
fresh names. Who may see what is in test_accounts_authorization.py; SSO headers and token secrets
in test_accounts_proxy.py; Redis in test_accounts_redis.py; a PostgreSQL restart in
test_accounts_postgres_restart.py.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import uuid

import pytest
import requests

from accounts_support import (FAST_HASHING, LOGIN, LOGOUT, ME, PASSWORD, PROVIDERS, REGISTER, USERS, Account,
                              assert_problem, call, client_address, first_account, login, register, token_claims,
                              unique, without_trace)
from conftest import psql

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
USER_FIELDS = {"id", "email", "username", "display_name", "bio", "avatar_url", "is_admin", "auth_source", "created_at",
               "updated_at"}
WEEK = 168 * 3600


@pytest.fixture(scope="module")
def srv(backend_server_factory):
    server = backend_server_factory(FAST_HASHING)
    server.admin = first_account(server)
    return server


@pytest.fixture
def admin(srv) -> Account:
    return srv.admin


@pytest.fixture
def alice(srv) -> Account:
    return register(srv, username=unique("alice"))


@pytest.fixture
def bob(srv) -> Account:
    return register(srv, username=unique("bob"))


def cookie_attributes(set_cookie: str) -> tuple[str, str, set[str]]:
    """(name, value, {lowercased attributes}) of one Set-Cookie header."""
    first, *attributes = [part.strip() for part in set_cookie.split(";")]
    name, _, value = first.partition("=")
    return name, value, {a.lower() for a in attributes}


def assert_user(user: dict) -> None:
    assert set(user) == USER_FIELDS, user
    uuid.UUID(user["id"])
    assert TIMESTAMP.match(user["created_at"]) and TIMESTAMP.match(user["updated_at"]), user
    assert "password" not in "".join(user), "no password or hash in a user"


# ---- register, sign in, sign out


def test_providers_say_local_accounts_only_by_default(srv):
    r = call(srv, "GET", PROVIDERS)
    assert r.status_code == 200
    assert r.json() == {"local": True, "proxy": False, "login_url": None}


def test_register_returns_the_user_a_token_and_the_session_cookie(srv):
    name = unique("Reg")
    r = call(srv, "POST", REGISTER, json={"email": f"{name}@Example.COM", "username": name, "password": PASSWORD})
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == {"user", "token", "token_type", "expires_in"}
    user = body["user"]
    assert_user(user)
    assert user["email"] == f"{name.lower()}@example.com"
    assert user["username"] == name  # as typed; compared without case
    assert user["display_name"] == name
    assert (user["bio"], user["avatar_url"], user["is_admin"], user["auth_source"]) == ("", None, False, "local")
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == WEEK
    assert r.headers["Location"] == f"/api/v1/users/{user['id']}"
    assert r.headers["Cache-Control"] == "no-store"
    claims = token_claims(body["token"])
    assert claims["sub"] == user["id"] and claims["exp"] - claims["iat"] == WEEK

    name_, value, attributes = cookie_attributes(r.headers["Set-Cookie"])
    assert (name_, value) == ("aw_session", body["token"])
    assert {"httponly", "samesite=lax", "path=/", f"max-age={WEEK}"} <= attributes
    assert "secure" not in attributes  # plain HTTP here

    located = call(srv, "GET", r.headers["Location"], token=body["token"])
    assert located.status_code == 200 and located.json() == user


def test_the_cookie_is_secure_behind_an_https_proxy(srv):
    name = unique()
    r = call(srv, "POST", REGISTER, headers={"X-Forwarded-Proto": "https"},
             json={"email": f"{name}@example.com", "username": name, "password": PASSWORD})
    assert r.status_code == 201
    assert "secure" in cookie_attributes(r.headers["Set-Cookie"])[2]


def test_bearer_token_round_trip(srv, alice):
    me = call(srv, "GET", ME, token=alice.token)
    assert me.status_code == 200
    assert me.json() == {"user": alice.user}
    assert me.headers["Cache-Control"] == "no-store"

    out = call(srv, "POST", LOGOUT, token=alice.token)
    assert out.status_code == 204 and out.content == b""
    name, value, attributes = cookie_attributes(out.headers["Set-Cookie"])
    assert (name, value) == ("aw_session", "") and "max-age=0" in attributes

    # Signed out: the token is refused from now on, by every route.
    assert_problem(call(srv, "GET", ME, token=alice.token), 401)
    assert_problem(call(srv, "GET", f"{USERS}/{alice.id}", token=alice.token), 401)
    assert_problem(call(srv, "POST", LOGOUT, token=alice.token), 401)

    again = login(srv, alice.username, PASSWORD)
    assert again.status_code == 200, again.text
    body = again.json()
    assert set(body) == {"user", "token", "token_type", "expires_in"}
    assert body["user"]["id"] == alice.id and body["token"] != alice.token
    assert "Location" not in again.headers
    assert cookie_attributes(again.headers["Set-Cookie"])[1] == body["token"]
    assert call(srv, "GET", ME, token=body["token"]).status_code == 200
    assert call(srv, "GET", ME, token=alice.token).status_code == 401


def test_cookie_only_round_trip(srv):
    """A browser: no Authorization header, only the HttpOnly cookie the server set."""
    browser = requests.Session()
    browser.headers["X-Forwarded-For"] = client_address()
    name = unique("web")
    r = browser.post(srv.url(REGISTER), json={"email": f"{name}@example.com", "username": name, "password": PASSWORD},
                     timeout=10)
    assert r.status_code == 201
    token = browser.cookies.get("aw_session")
    assert token == r.json()["token"]

    me = browser.get(srv.url(ME), timeout=10)
    assert me.status_code == 200 and me.json()["user"]["username"] == name
    assert "Authorization" not in me.request.headers

    assert browser.post(srv.url(LOGOUT), timeout=10).status_code == 204
    assert "aw_session" not in browser.cookies, "the sign-out clears the cookie"
    assert_problem(browser.get(srv.url(ME), timeout=10), 401)
    # The old cookie, sent again by hand, names a revoked session.
    assert_problem(call(srv, "GET", ME, headers={"Cookie": f"aw_session={token}"}), 401)

    r = browser.post(srv.url(LOGIN), json={"login": name, "password": PASSWORD}, timeout=10)
    assert r.status_code == 200
    assert browser.get(srv.url(ME), timeout=10).status_code == 200
    browser.close()


def test_the_bearer_header_wins_over_the_cookie(srv, alice, bob):
    r = call(srv, "GET", ME, token=alice.token, headers={"Cookie": f"aw_session={bob.token}"})
    assert r.json()["user"]["id"] == alice.id
    r = call(srv, "GET", ME, headers={"Cookie": f"other=1; aw_session={bob.token}; more=2"})
    assert r.json()["user"]["id"] == bob.id


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "Bearer", "eyJhbGciOiJub25lIn0.e30."])
def test_a_malformed_token_is_refused(srv, token):
    problem = assert_problem(call(srv, "GET", ME, headers={"Authorization": f"Bearer {token}"}), 401)
    assert "login_url" not in problem  # AUTH_LOGIN_URL is not set here


def test_login_by_email_in_any_case(srv, alice):
    for variant in (alice.email, alice.email.upper(), f"  {alice.email.title()}  "):
        r = login(srv, variant, PASSWORD)
        assert r.status_code == 200, f"{variant!r}: {r.text}"
        assert r.json()["user"]["id"] == alice.id


def test_login_by_username_in_any_case(srv, alice):
    for variant in (alice.username, alice.username.upper(), alice.username.capitalize()):
        r = login(srv, variant, PASSWORD)
        assert r.status_code == 200, f"{variant!r}: {r.text}"
        assert r.json()["user"]["id"] == alice.id


def test_duplicate_email_is_a_conflict_in_any_case(srv, alice):
    r = call(srv, "POST", REGISTER, json={"email": alice.email.upper(), "username": unique(), "password": PASSWORD})
    assert_problem(r, 409, field="email")


def test_duplicate_username_is_a_conflict_in_any_case(srv, alice):
    for variant in (alice.username, alice.username.upper()):
        r = call(srv, "POST", REGISTER,
                 json={"email": f"{unique()}@example.com", "username": variant, "password": PASSWORD})
        assert_problem(r, 409, field="username")


@pytest.mark.parametrize("password, rule", [
    ("short1!", "too_short"),
    ("ÅÅÅÅÅÅÅÅÅÅÅÅ", "one_character"),
    ("password123", "common"),
    ("PassWord123", "common"),
    ("qwertyuiop", "common"),
    ("{username}", "same_as_username"),
    ("{USERNAME}", "same_as_username"),
    ("{email}", "same_as_email"),
])
def test_password_rules_are_named(srv, password, rule):
    username = unique("writer_")  # 17 characters: long enough to be a password
    email = f"{username}@example.com"
    password = password.format(username=username, USERNAME=username.upper(), email=email)
    r = call(srv, "POST", REGISTER, json={"email": email, "username": username, "password": password})
    assert_problem(r, 422, field="password", detail=f"rule: {rule}")
    # Nothing was kept: the same email and username register with a good password.
    register(srv, username=username, email=email)


def test_wrong_password_and_unknown_login_get_the_same_answer(srv, alice):
    address = client_address()
    wrong = login(srv, alice.username, "not the password at all", address=address)
    unknown = login(srv, unique("nobody"), "not the password at all", address=address)
    unknown_email = login(srv, f"{unique()}@example.com", PASSWORD, address=address)
    first = assert_problem(wrong, 401)
    assert first["detail"] == "the login or the password is wrong"
    for other in (unknown, unknown_email):
        assert without_trace(assert_problem(other, 401)) == without_trace(first)
        assert other.headers.get("WWW-Authenticate") == wrong.headers.get("WWW-Authenticate")
        assert "Set-Cookie" not in other.headers


def test_repeated_failures_for_one_account_are_rate_limited(srv, alice, bob):
    # Every attempt from another address: this is the limit per account (5 in 15 minutes).
    for attempt in range(5):
        assert login(srv, alice.username, f"wrong password {attempt}").status_code == 401
    for variant in (alice.username, alice.username.upper()):
        limited = login(srv, variant, PASSWORD)  # even the right password, from a new address
        assert_problem(limited, 429)
        retry_after = int(limited.headers["Retry-After"])
        assert 1 <= retry_after <= 15 * 60
        assert str(retry_after) in limited.json()["detail"]
    # Only that account: others sign in.
    assert login(srv, bob.username, PASSWORD).status_code == 200
    # A session made before keeps working.
    assert call(srv, "GET", ME, token=alice.token).status_code == 200


def test_the_account_limit_counts_every_login_that_names_the_account(srv, alice):
    for variant in (alice.username, alice.email, alice.username.upper(), alice.email.upper(), alice.username):
        assert login(srv, variant, "not the password at all").status_code == 401
    assert_problem(login(srv, alice.email, PASSWORD), 429)


def test_repeated_attempts_from_one_address_are_rate_limited(srv, bob):
    address = client_address()
    for _ in range(10):
        assert login(srv, unique("nobody"), "whatever it is", address=address).status_code == 401
    limited = login(srv, bob.username, PASSWORD, address=address)
    assert_problem(limited, 429)
    assert 1 <= int(limited.headers["Retry-After"]) <= 5 * 60
    assert login(srv, bob.username, PASSWORD).status_code == 200  # another address


# ---- administrators


def test_the_first_account_is_the_administrator(srv, admin, alice):
    assert admin.is_admin and admin.me()["is_admin"]
    assert not alice.is_admin and not alice.me()["is_admin"]
    assert token_claims(admin.token)["adm"] is True


@pytest.mark.single_binary(reason="needs new installations, with no account yet, three times")
def test_registrations_racing_on_a_new_installation_make_one_administrator(backend_server_factory):
    for _ in range(3):
        fresh = backend_server_factory(FAST_HASHING)
        barrier = threading.Barrier(12)
        answers = []

        def register_one():
            name = unique("racer")
            barrier.wait()
            answers.append(call(fresh, "POST", REGISTER,
                                json={"email": f"{name}@example.com", "username": name, "password": PASSWORD}))

        threads = [threading.Thread(target=register_one) for _ in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [r.status_code for r in answers] == [201] * 12, [r.text for r in answers if r.status_code != 201]
        assert sum(r.json()["user"]["is_admin"] for r in answers) == 1
        assert fresh.stop() == 0


def test_only_administrators_list_every_user(srv, admin, alice, bob):
    r = admin.get(USERS)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"users", "total", "limit", "offset"}
    assert (body["limit"], body["offset"]) == (50, 0)
    assert body["total"] >= 3 and len(body["users"]) == min(body["total"], 50)
    for user in body["users"]:
        assert_user(user)
    assert body["users"][0]["id"] == admin.id  # oldest first
    ids = [u["id"] for u in admin.get(USERS, params={"limit": 200}).json()["users"]]
    assert {alice.id, bob.id} <= set(ids)

    page = admin.get(USERS, params={"limit": 1, "offset": 1}).json()
    assert (page["limit"], page["offset"], len(page["users"])) == (1, 1, 1)
    assert page["users"][0]["id"] == ids[1]
    assert admin.get(USERS, params={"offset": 1_000_000}).json()["users"] == []

    assert_problem(alice.get(USERS), 403)
    assert_problem(call(srv, "GET", USERS), 401)


@pytest.mark.parametrize("query, field", [
    ({"limit": 0}, "limit"), ({"limit": 201}, "limit"), ({"limit": "ten"}, "limit"), ({"offset": -1}, "offset"),
])
def test_listing_bounds_are_checked(admin, query, field):
    assert_problem(admin.get(USERS, params=query), 422, field=field)


# ---- profiles


def test_the_owner_edits_the_profile(srv, alice):
    before = alice.me()
    changes = {"display_name": "  Alice Liddell  ", "bio": "Writes\n\tthings.  \n", "avatar_url": "HTTPS://Example.COM/a.png"}
    r = alice.patch(f"{USERS}/{alice.id}", json=changes)
    assert r.status_code == 200, r.text
    user = r.json()
    assert_user(user)
    assert user["display_name"] == "Alice Liddell"  # trimmed
    assert user["bio"] == "Writes\n\tthings."  # trailing whitespace trimmed
    assert user["avatar_url"] == "https://example.com/a.png"  # scheme and host normalised
    assert user["updated_at"] >= before["updated_at"] and user["created_at"] == before["created_at"]
    assert alice.get(f"{USERS}/{alice.id}").json() == user
    assert alice.me() == user

    # Only what is sent changes; null or "" clears the avatar.
    r = alice.patch(f"{USERS}/{alice.id}", json={"bio": "Short."})
    assert (r.json()["display_name"], r.json()["bio"], r.json()["avatar_url"]) == (
        "Alice Liddell", "Short.", "https://example.com/a.png")
    assert alice.patch(f"{USERS}/{alice.id}", json={"avatar_url": None}).json()["avatar_url"] is None
    alice.patch(f"{USERS}/{alice.id}", json={"avatar_url": "http://example.com/b.png"})
    assert alice.patch(f"{USERS}/{alice.id}", json={"avatar_url": ""}).json()["avatar_url"] is None
    assert alice.patch(f"{USERS}/{alice.id}", json={}).status_code == 200
    unchanged = alice.patch(f"{USERS}/{alice.id}", json={"display_name": None, "bio": None}).json()
    assert (unchanged["display_name"], unchanged["bio"]) == ("Alice Liddell", "Short.")


def test_the_administrator_edits_any_profile(admin, alice):
    r = admin.patch(f"{USERS}/{alice.id}", json={"display_name": "Renamed by the admin"})
    assert r.status_code == 200, r.text
    assert alice.me()["display_name"] == "Renamed by the admin"
    assert admin.get(f"{USERS}/{alice.id}").json()["display_name"] == "Renamed by the admin"
    assert admin.get(f"{USERS}/{alice.id}/books").status_code == 200


@pytest.mark.parametrize("user_id", ["not-a-uuid", "1", "00000000-0000-0000-0000-00000000000g",
                                     "'; DROP TABLE users; --", "..%2F..%2Fetc"])
def test_a_user_id_that_is_not_a_uuid_is_not_found(alice, admin, user_id):
    for account in (alice, admin):
        assert_problem(account.get(f"{USERS}/{user_id}"), 404)
        assert_problem(account.patch(f"{USERS}/{user_id}", json={"bio": "x"}), 404)
        assert_problem(account.get(f"{USERS}/{user_id}/books"), 404)


def test_an_unknown_user_is_not_found_even_for_the_administrator(admin):
    missing = str(uuid.uuid4())
    assert_problem(admin.get(f"{USERS}/{missing}"), 404)
    assert_problem(admin.patch(f"{USERS}/{missing}", json={"bio": "x"}), 404)
    assert_problem(admin.get(f"{USERS}/{missing}/books"), 404)


def insert_book(database_url: str, book: dict) -> None:
    columns = ", ".join(book)
    if database_url.startswith("sqlite://"):
        with sqlite3.connect(database_url.removeprefix("sqlite://"), timeout=5) as db:
            db.execute(f"INSERT INTO books ({columns}) VALUES ({', '.join('?' * len(book))})", list(book.values()))
        return

    def literal(v):
        return "NULL" if v is None else str(v) if isinstance(v, (int, float)) else "'" + v.replace("'", "''") + "'"

    psql(database_url, f"INSERT INTO books ({columns}) VALUES ({', '.join(literal(v) for v in book.values())})")


def test_books_of_a_user(srv, alice, bob):
    assert alice.get(f"{USERS}/{alice.id}/books").json() == {"books": [], "limit": 50, "offset": 0}
    older = {"id": str(uuid.uuid4()), "user_id": alice.id, "title": "Older", "kind": "play", "genre": None,
             "target_words": None, "status": "draft", "words": 0, "cost_usd": 0,
             "created_at": "2026-01-01T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z"}
    newer = {"id": str(uuid.uuid4()), "user_id": alice.id, "title": "L'été — 夏", "kind": "novel", "genre": "fantasy",
             "target_words": 80000, "status": "completed", "words": 81234, "cost_usd": 1.25,
             "created_at": "2026-01-02T00:00:00.000Z", "updated_at": "2026-02-03T04:05:06.789Z"}
    for book in (older, newer):
        insert_book(srv.database_url, book)
    insert_book(srv.database_url, {**older, "id": str(uuid.uuid4()), "user_id": bob.id, "title": "Bob's"})

    r = alice.get(f"{USERS}/{alice.id}/books")
    assert r.status_code == 200, r.text
    books = r.json()["books"]
    assert [b["id"] for b in books] == [newer["id"], older["id"]]  # newest change first
    expected = {k: v for k, v in newer.items() if k != "user_id"}
    assert books[0] == expected
    page = alice.get(f"{USERS}/{alice.id}/books", params={"limit": 1, "offset": 1}).json()
    assert (page["limit"], page["offset"], [b["id"] for b in page["books"]]) == (1, 1, [older["id"]])
    assert_problem(alice.get(f"{USERS}/{alice.id}/books", params={"limit": 0}), 422, field="limit")
    assert [b["title"] for b in bob.get(f"{USERS}/{bob.id}/books").json()["books"]] == ["Bob's"]
    assert_problem(bob.get(f"{USERS}/{alice.id}/books"), 404)


# ---- what the server refuses to read


def registration(**fields):
    name = unique()
    body = {"email": f"{name}@example.com", "username": name, "password": PASSWORD}
    body.update(fields)
    return {k: v for k, v in body.items() if v is not ...}


LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 60] * 3) + ".example.com"  # 259 bytes


@pytest.mark.parametrize("body, field, message", [
    (registration(nickname="x"), "nickname", "unknown field"),
    (registration(email=5), "email", "must be a string"),
    (registration(username=["a", "b"]), "username", "must be a string"),
    (registration(password=True), "password", "must be a string"),
    (registration(password=1234567890123), "password", "must be a string"),
    (registration(email=...), "email", "is required"),
    (registration(username=None), "username", "is required"),
    (registration(password=...), "password", "is required"),
    (registration(email=LONG_EMAIL), "email", "254"),
    (registration(email="x" * 300 + "@example.com"), "email", None),
    (registration(username="u" * 33), "username", "32"),
    (registration(username="ab"), "username", "3 to 32"),
    (registration(username="has space"), "username", None),
    (registration(username="Robert'); --"), "username", None),
    (registration(username="-dash"), "username", None),
    (registration(username="élan_vital"), "username", None),
    (registration(email="not-an-email"), "email", None),
    (registration(email="a@b"), "email", None),
    (registration(email="two@@example.com"), "email", None),
    (registration(email="sp ace@example.com"), "email", None),
    (registration(email="@example.com"), "email", None),
    (registration(email="a" * 65 + "@example.com"), "email", None),
    (registration(email=""), "email", None),
], ids=lambda v: v if isinstance(v, str) and len(v) < 40 else None)
def test_registration_fields_are_checked(srv, body, field, message):
    r = call(srv, "POST", REGISTER, json=body)
    assert_problem(r, 422, field=field, detail=message)


def test_the_longest_allowed_fields_register(srv):
    username = unique("x") + "x" * 21  # 32 characters
    local = username + "y" * (64 - len(username))  # 64 bytes
    labels = ("d" * 62 + ".") * 2
    email = f"{local}@{labels}{'e' * (254 - 65 - len(labels) - 4)}.com"
    assert len(username) == 32 and len(email) == 254
    account = register(srv, username=username, email=email)
    assert account.email == email and account.username == username


@pytest.mark.parametrize("body, field, message", [
    ({"login": "x", "password": "y", "remember": True}, "remember", "unknown field"),
    ({"login": 5, "password": "y"}, "login", "must be a string"),
    ({"login": "x", "password": ["y"]}, "password", "must be a string"),
    ({"password": "y"}, "login", "is required"),
    ({"login": "x"}, "password", "is required"),
    ({"login": "x" * 255, "password": "y"}, "login", "254"),
])
def test_sign_in_fields_are_checked(srv, body, field, message):
    assert_problem(call(srv, "POST", LOGIN, json=body), 422, field=field, detail=message)


@pytest.mark.parametrize("body, field, message", [
    ({"nickname": "x"}, "nickname", "unknown field"),
    ({"email": "new@example.com"}, "email", "unknown field"),  # not editable here
    ({"is_admin": True}, "is_admin", "unknown field"),
    ({"display_name": 5}, "display_name", "must be a string"),
    ({"bio": {"text": "x"}}, "bio", "must be a string"),
    ({"avatar_url": 7}, "avatar_url", "must be a string"),
    ({"display_name": "😀" * 81}, "display_name", "80"),
    ({"display_name": "n" * 2000}, "display_name", None),
    ({"display_name": "   "}, "display_name", "empty"),
    ({"display_name": "two\nlines"}, "display_name", "control"),
    ({"bio": "é" * 2001}, "bio", "2000"),
    ({"bio": "bell\u0007"}, "bio", "control"),
    ({"avatar_url": "javascript:alert(1)"}, "avatar_url", None),
    ({"avatar_url": "/relative.png"}, "avatar_url", None),
    ({"avatar_url": "https://user:pw@example.com/a.png"}, "avatar_url", None),
])
def test_profile_fields_are_checked(alice, body, field, message):
    assert_problem(alice.patch(f"{USERS}/{alice.id}", json=body), 422, field=field, detail=message)
    assert alice.me() == alice.user, "a refused change changes nothing"


def test_a_body_over_the_limit_is_refused(srv, alice):
    big = b'{"bio": "' + b"a" * (1024 * 1024) + b'"}'
    for method, path, token in raw_bodies(srv, alice):
        r = call(srv, method, path, token=token, data=big, headers={"Content-Type": "application/json"})
        assert_problem(r, 413)


def test_the_longest_allowed_profile_fields_are_kept(alice):
    changes = {"display_name": "😀" * 80, "bio": "é" * 2000}
    r = alice.patch(f"{USERS}/{alice.id}", json=changes)
    assert r.status_code == 200, r.text
    assert {k: r.json()[k] for k in changes} == changes


def raw_bodies(srv, account: Account):
    """(method, path, token) for every route that reads a JSON body."""
    return [("POST", REGISTER, None), ("POST", LOGIN, None), ("PATCH", f"{USERS}/{account.id}", account.token)]


@pytest.mark.parametrize("data, content_type, status", [
    (b'{"email": "caf\xe9@example.com", "username": "x", "password": "y"}', "application/json", 400),
    (b'{"login": "\xff\xfe", "password": "\xc0\xaf"}', "application/json", 400),
    (b'{"email": ', "application/json", 400),
    (b"{'single': 'quotes'}", "application/json", 400),
    (b'{"a": 1} trailing', "application/json", 400),
    (b"[]", "application/json", 400),
    (b'"just a string"', "application/json", 400),
    (b"null", "application/json", 400),
    (b"", "application/json", 400),
    (b"   \n", "application/json", 400),
    (b'{"login": "x", "password": "y"}', "text/plain", 415),
    (b"login=x&password=y", "application/x-www-form-urlencoded", 415),
    (b'{"login": "x", "password": "y"}', "multipart/form-data; boundary=x", 415),
], ids=["latin1", "invalid-utf8", "truncated", "single-quotes", "trailing", "array", "string", "null", "empty",
        "blank", "text-plain", "form", "multipart"])
def test_bodies_that_are_not_json_objects_are_refused(srv, alice, data, content_type, status):
    for method, path, token in raw_bodies(srv, alice):
        r = call(srv, method, path, token=token, data=data, headers={"Content-Type": content_type})
        assert_problem(r, status)
    assert alice.me() == alice.user


# ---- what the server stores


def test_sql_metacharacters_are_plain_text(srv, admin, alice):
    before = admin.get(USERS).json()["total"]
    changes = {"display_name": "'; DROP TABLE users; --", "bio": "Robert'); DROP TABLE students; --\n\" OR 1=1 --"}
    r = alice.patch(f"{USERS}/{alice.id}", json=changes)
    assert r.status_code == 200, r.text
    assert {k: r.json()[k] for k in changes} == changes
    assert {k: alice.me()[k] for k in changes} == changes
    assert {k: admin.get(f"{USERS}/{alice.id}").json()[k] for k in changes} == changes

    quoted = register(srv, email=f"o'brien.{unique()}@example.com")
    assert "'" in quoted.email
    assert login(srv, quoted.email, PASSWORD).status_code == 200
    assert_problem(login(srv, "' OR '1'='1", "' OR '1'='1"), 401)
    assert_problem(login(srv, "admin' --@example.com", PASSWORD), 401)
    assert admin.get(USERS).json()["total"] == before + 1


def test_unicode_round_trips(srv, alice):
    changes = {"display_name": "Zoë Ångström 山田太郎 🚀✨", "bio": "Ça va ? 你好，世界。\nÜber 🧑‍💻 und 𝄞."}
    r = alice.patch(f"{USERS}/{alice.id}", json=changes)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    assert {k: r.json()[k] for k in changes} == changes
    assert {k: alice.me()[k] for k in changes} == changes

    # Passwords are any text; international email domains are allowed.
    password = "pässwörd 密码 🔑 long enough"
    account = register(srv, email=f"{unique()}@exämple.de", password=password)
    assert login(srv, account.email, password).status_code == 200
    assert_problem(login(srv, account.email, "passwörd 密码 🔑 long enough"), 401)


def test_a_failed_registration_leaves_nothing_behind(srv, alice):
    name = unique()
    email = f"{name}@example.com"
    # Each refused at a different step: the password, the username taken, the body.
    r = call(srv, "POST", REGISTER, json={"email": email, "username": name, "password": "password123"})
    assert_problem(r, 422, field="password")
    r = call(srv, "POST", REGISTER, json={"email": email, "username": alice.username.upper(), "password": PASSWORD})
    assert_problem(r, 409, field="username")
    r = call(srv, "POST", REGISTER, json={"email": email, "username": name, "password": PASSWORD, "extra": 1})
    assert_problem(r, 422, field="extra")
    assert_problem(login(srv, email, PASSWORD), 401)
    account = register(srv, username=name, email=email)
    assert account.email == email


def test_odd_client_headers_do_not_break_sign_in(srv):
    """User-Agent and X-Forwarded-For are stored with the session: any bytes a client sends there,
    or a value cut at the stored length, must not break a registration or a sign-in."""
    odd = [
        {"User-Agent": b"caf\xe9 latin-1"},
        {"User-Agent": ("a" * 511 + "é").encode()},  # 513 bytes: cut inside "é" at 512
        {"User-Agent": "🚀".encode() * 200},
        {"X-Forwarded-For": b"10.0.0.1, caf\xe9"},
        {"X-Forwarded-For": "x" * 300},
    ]
    for headers in odd:
        name = unique()
        r = call(srv, "POST", REGISTER, headers=headers,
                 json={"email": f"{name}@example.com", "username": name, "password": PASSWORD})
        assert r.status_code == 201, f"{headers}: {r.status_code} {r.text}"
        r = call(srv, "POST", LOGIN, headers=headers, json={"login": name, "password": PASSWORD})
        assert r.status_code == 200, f"{headers}: {r.status_code} {r.text}"
    srv.logs()  # the log is still UTF-8 JSON


def test_errors_are_logged_without_passwords(srv, alice):
    secret = "the-secret-password-" + unique()
    login(srv, alice.username, secret)
    call(srv, "POST", REGISTER, json={"email": "bad", "username": unique(), "password": secret})
    srv.wait_for_log(lambda line: line.get("msg") == "sign-in refused")
    assert secret not in srv.stdout and secret not in srv.stderr
    for account in (alice, srv.admin):
        assert account.token not in srv.stdout
