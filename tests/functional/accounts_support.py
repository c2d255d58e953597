"""Helpers for the accounts tests: accounts, calls, problem documents, tokens.

Calls go through `call()`, which holds no cookies (requests.Session would keep aw_session and sign
later "anonymous" calls in). Each call names a client address of its own in X-Forwarded-For, which
the server believes because the tests' loopback peer is a trusted proxy by default: the sign-in
limit per client address (10 attempts in 5 minutes) then applies to the one test that means to hit
it, not to the whole module.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import uuid
from dataclasses import dataclass, field

import requests

from conftest import Server

# Argon2id at its weakest: the suites register and sign in hundreds of times.
FAST_HASHING = {"PASSWORD_HASH_COST": "minimum"}
PASSWORD = "correct horse battery staple"
PROBLEM = "application/problem+json"

REGISTER = "/api/v1/auth/register"
LOGIN = "/api/v1/auth/login"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/auth/me"
PROVIDERS = "/api/v1/auth/providers"
USERS = "/api/v1/users"


def unique(prefix: str = "user") -> str:
    """A fresh username: prefix + 10 hex digits (usernames are at most 32 characters)."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def client_address() -> str:
    """A client address nobody else in the run uses (TEST-NET and 10/8 are never real peers here)."""
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


def call(server: Server, method: str, path: str, *, token: str | None = None, address: str | None = None,
         headers: dict | None = None, **kwargs) -> requests.Response:
    """One request without cookies (unless given in `headers`/`cookies`), from `address` (a fresh
    client address by default), signed in with `token` when given."""
    all_headers = {"X-Forwarded-For": address or client_address()}
    if token is not None:
        all_headers["Authorization"] = f"Bearer {token}"
    all_headers.update(headers or {})
    kwargs.setdefault("timeout", 10)
    kwargs.setdefault("allow_redirects", False)
    return requests.request(method, server.url(path), headers=all_headers, **kwargs)


@dataclass
class Account:
    server: Server
    id: str
    email: str
    username: str
    password: str
    token: str
    is_admin: bool
    user: dict = field(repr=False, default_factory=dict)

    def call(self, method: str, path: str, **kwargs) -> requests.Response:
        return call(self.server, method, path, token=self.token, **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.call("GET", path, **kwargs)

    def patch(self, path: str, **kwargs) -> requests.Response:
        return self.call("PATCH", path, **kwargs)

    def me(self) -> dict:
        r = self.get(ME)
        assert r.status_code == 200, r.text
        return r.json()["user"]


def register(server: Server, *, username: str | None = None, email: str | None = None,
             password: str = PASSWORD, **kwargs) -> Account:
    """A new account (201 expected); its email is <username>@example.com unless given."""
    username = username or unique()
    email = email or f"{username}@example.com"
    r = call(server, "POST", REGISTER, json={"email": email, "username": username, "password": password}, **kwargs)
    assert r.status_code == 201, f"register {username}: {r.status_code} {r.text}"
    body = r.json()
    return Account(server, body["user"]["id"], body["user"]["email"], body["user"]["username"], password,
                   body["token"], body["user"]["is_admin"], body["user"])


def first_account(server: Server) -> Account:
    """The installation's administrator, its first account: registered now on a server of its own;
    the shared gateway deployment (gateway_platform.py) registered its own before any test ran."""
    existing = getattr(server, "administrator", None)
    account = existing if existing is not None else register(server, username=unique("admin"))
    assert account.is_admin, "the first account of an installation administers it"
    return account


def login(server: Server, login_name: str, password: str, **kwargs) -> requests.Response:
    return call(server, "POST", LOGIN, json={"login": login_name, "password": password}, **kwargs)


def assert_problem(r: requests.Response, status: int, *, field: str | None = None,
                   detail: str | None = None) -> dict:
    """`r` is an RFC 9457 problem with `status`; with `field`, its errors[] names that field (and
    `detail`, when given, appears in that field's message); otherwise `detail` appears in detail."""
    assert r.status_code == status, f"expected {status}, got {r.status_code}: {r.text}"
    assert r.headers.get("Content-Type", "").startswith(PROBLEM), r.headers
    problem = r.json()
    assert problem["status"] == status
    assert problem["type"].startswith("urn:authorworks:problem:")
    assert problem["title"] and problem["detail"]
    assert problem["trace_id"] == r.headers["X-Request-Id"]
    if field is not None:
        fields = {e["field"]: e["message"] for e in problem.get("errors", [])}
        assert field in fields, f"the problem does not name {field!r}: {problem}"
        if detail is not None:
            assert detail in fields[field], f"{detail!r} not in the message for {field!r}: {problem}"
    elif detail is not None:
        assert detail in problem["detail"], problem
    return problem


def without_trace(problem: dict) -> dict:
    return {k: v for k, v in problem.items() if k != "trace_id"}


# ---- tokens (HS256 JWTs, as the server makes them)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def token_claims(token: str) -> dict:
    return json.loads(b64url_decode(token.split(".")[1]))


def sign_token(claims: dict, key: str, header: dict | None = None) -> str:
    """An HS256 JWT of `claims` signed with `key` (the secret's text, as the server uses it)."""
    head = b64url(json.dumps(header or {"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(key.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64url(signature)}"
