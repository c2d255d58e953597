"""Sign-in through a trusted SSO proxy (Authelia's Remote-* headers), and the token signing secret,
on SQLite and on PostgreSQL. Each test starts the servers it needs."""

from __future__ import annotations

import re
import stat
import time

import pytest

from accounts_support import (FAST_HASHING, LOGIN, LOGOUT, ME, PASSWORD, PROVIDERS, REGISTER, USERS, assert_problem,
                              call, login, register, sign_token, token_claims, unique)

pytestmark = pytest.mark.single_binary(
    reason="starts servers with SSO settings of their own (AUTH_MODE, TRUSTED_PROXIES, secrets) and checks "
           "start-up refusals")

LOGIN_URL = "https://auth.example.test/"
PROXY = {**FAST_HASHING, "AUTH_MODE": "local,proxy", "AUTH_LOGIN_URL": LOGIN_URL}
SECRET = "s3cret-for-the-tests-" + "0123456789abcdef" * 2


def sso(user: str, *, groups: str = "", email: str = "", name: str = "") -> dict:
    headers = {"Remote-User": user}
    if groups:
        headers["Remote-Groups"] = groups
    if email:
        headers["Remote-Email"] = email
    if name:
        headers["Remote-Name"] = name
    return headers


@pytest.fixture
def start(server_factory, database_factory):
    """start(env) -> a Server on a new database of the backend."""

    def make(env: dict, database_url: str | None = None):
        url = database_url or database_factory()
        srv = server_factory(env={**env, "DATABASE_URL": url})
        srv.database_url = url
        return srv

    return make


# ---- SSO headers


def test_headers_from_a_trusted_proxy_provision_the_account(start):
    srv = start(PROXY)  # TRUSTED_PROXIES: loopback by default, which is where the tests call from
    assert call(srv, "GET", PROVIDERS).json() == {"local": True, "proxy": True, "login_url": LOGIN_URL}

    jane = sso("Jane.Doe", groups="writers, admins", email="Jane.Doe@Example.com", name="Jane Doe")
    r = call(srv, "GET", ME, headers=jane)
    assert r.status_code == 200, r.text
    user = r.json()["user"]
    assert (user["username"], user["email"], user["display_name"]) == ("Jane.Doe", "jane.doe@example.com", "Jane Doe")
    assert (user["is_admin"], user["auth_source"]) == (True, "proxy")
    srv.wait_for_log(lambda line: line.get("msg") == "account provisioned from SSO" and line.get("user_id") == user["id"])

    # The next requests find the same account, and she administers.
    assert call(srv, "GET", ME, headers=jane).json()["user"]["id"] == user["id"]
    listing = call(srv, "GET", USERS, headers=jane)
    assert listing.status_code == 200 and listing.json()["total"] == 1

    # Without an administrators' group: an ordinary account.
    sam = sso("sam", groups="writers", email="sam@example.com")
    r = call(srv, "GET", ME, headers=sam)
    assert r.status_code == 200 and r.json()["user"]["is_admin"] is False
    sam_id = r.json()["user"]["id"]
    assert_problem(call(srv, "GET", USERS, headers=sam), 403)
    assert_problem(call(srv, "GET", f"{USERS}/{user['id']}", headers=sam), 404)
    assert call(srv, "PATCH", f"{USERS}/{sam_id}", headers=sam, json={"bio": "hi"}).json()["bio"] == "hi"

    # SSO sessions end at the SSO portal, not here.
    assert_problem(call(srv, "POST", LOGOUT, headers=jane), 400, detail="SSO")

    # Local accounts still work beside SSO, and are not the first account any more.
    local = register(srv)
    assert not local.is_admin

    # Nobody signed in: 401 pointing at the sign-in portal.
    problem = assert_problem(call(srv, "GET", ME), 401)
    assert problem["login_url"] == LOGIN_URL


def test_group_changes_at_the_proxy_follow(start):
    srv = start({**PROXY, "ADMIN_GROUPS": "staff,editors"})
    assert call(srv, "GET", ME, headers=sso("kim", groups="admins")).json()["user"]["is_admin"] is False
    assert call(srv, "GET", ME, headers=sso("kim", groups="editors")).json()["user"]["is_admin"] is True
    assert call(srv, "GET", ME, headers=sso("kim", groups="")).json()["user"]["is_admin"] is False


def test_headers_from_an_untrusted_peer_are_ignored(start):
    srv = start({**PROXY, "TRUSTED_PROXIES": "10.9.9.9/32"})
    headers = sso("mallory", groups="admins", email="mallory@example.com", name="Mallory")
    for path in (ME, USERS):
        problem = assert_problem(call(srv, "GET", path, headers=headers), 401)
        assert problem["login_url"] == LOGIN_URL
    warning = srv.wait_for_log(lambda line: line.get("level") == "warn" and "Remote-User" in line.get("msg", ""))
    assert warning["peer"] == "127.0.0.1"

    # Nothing was provisioned: the first local account is still the first account.
    first = register(srv)
    assert first.is_admin
    assert call(srv, "GET", USERS, token=first.token).json()["total"] == 1
    # With a valid token beside them, the headers still change nothing.
    r = call(srv, "GET", ME, token=first.token, headers=headers)
    assert r.json()["user"]["id"] == first.id


def test_forwarded_addresses_from_an_untrusted_peer_are_ignored(start):
    """X-Forwarded-For names the client for the sign-in limits only when a trusted proxy sends it:
    from anybody else, ten failures under ten made-up addresses are ten from one address."""
    srv = start({**PROXY, "TRUSTED_PROXIES": "10.9.9.9/32"})
    account = register(srv)
    for attempt in range(10):
        assert login(srv, unique("nobody"), "wrong password!").status_code == 401  # call() makes up an address
    assert_problem(login(srv, account.username, PASSWORD), 429)


def test_session_ttl_hours_sets_the_token_lifetime(start):
    srv = start({**FAST_HASHING, "SESSION_TTL_HOURS": "2"})
    name = unique()
    r = call(srv, "POST", REGISTER, json={"email": f"{name}@example.com", "username": name, "password": PASSWORD})
    assert r.json()["expires_in"] == 7200
    assert "Max-Age=7200" in r.headers["Set-Cookie"]
    claims = token_claims(r.json()["token"])
    assert claims["exp"] - claims["iat"] == 7200


def test_proxy_only_mode_refuses_local_accounts(start):
    srv = start({**FAST_HASHING, "AUTH_MODE": "proxy", "AUTH_LOGIN_URL": LOGIN_URL})
    assert call(srv, "GET", PROVIDERS).json() == {"local": False, "proxy": True, "login_url": LOGIN_URL}
    name = unique()
    r = call(srv, "POST", REGISTER, json={"email": f"{name}@example.com", "username": name, "password": PASSWORD})
    assert_problem(r, 403, detail=LOGIN_URL)
    assert_problem(call(srv, "POST", LOGIN, json={"login": name, "password": PASSWORD}), 403)
    assert call(srv, "GET", ME, headers=sso("ana")).status_code == 200


@pytest.mark.parametrize("trusted", ["*", "0.0.0.0/0", "::/0", "10.0.0.0/8, *"])
def test_trusting_every_address_is_refused_at_start(run_binary, trusted):
    result = run_binary(["serve"], env={"AUTH_MODE": "local,proxy", "TRUSTED_PROXIES": trusted, "SERVICE_PORT": "0"})
    assert result.returncode == 2, result
    assert "TRUSTED_PROXIES" in result.stderr


# ---- the signing secret


def test_the_generated_secret_is_kept_and_tokens_survive_a_restart(start):
    srv = start({**FAST_HASHING, "JWT_SECRET": None})
    secret_file = srv.data_dir / "jwt-secret"
    assert secret_file.is_file()
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    secret = secret_file.read_text().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", secret), "32 random bytes, in hex"

    account = register(srv)
    assert sign_token(token_claims(account.token), secret) == account.token, "the file holds the signing key"
    assert srv.stop() == 0
    srv.process = None
    srv.start()
    assert secret_file.read_text().strip() == secret
    r = call(srv, "GET", ME, token=account.token)
    assert r.status_code == 200 and r.json()["user"]["id"] == account.id


def test_a_token_signed_with_another_secret_is_refused(start):
    srv = start({**FAST_HASHING, "JWT_SECRET": SECRET})
    assert not (srv.data_dir / "jwt-secret").exists()
    account = register(srv)
    other = register(srv)
    claims = token_claims(account.token)

    # Signed here like the server signs: accepted (so the refusals below are about the signature).
    assert sign_token(claims, SECRET) == account.token
    assert call(srv, "GET", ME, token=sign_token(claims, SECRET)).status_code == 200

    refused = {
        "another secret": sign_token(claims, "another-secret-" + "f" * 32),
        "an empty secret": sign_token(claims, ""),
        "alg none": sign_token(claims, SECRET, {"alg": "none", "typ": "JWT"}).rsplit(".", 1)[0] + ".",
        "alg HS512": sign_token(claims, SECRET, {"alg": "HS512", "typ": "JWT"}),
        "expired": sign_token({**claims, "iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600}, SECRET),
        "another user's id under this session": sign_token({**claims, "sub": other.id}, SECRET),
        "a session that does not exist": sign_token({**claims, "jti": "00000000-0000-4000-8000-000000000000"}, SECRET),
        "a payload changed after signing": account.token.split(".")[0] + "."
        + sign_token({**claims, "sub": other.id}, SECRET).split(".")[1] + "." + account.token.split(".")[2],
    }
    for why, token in refused.items():
        r = call(srv, "GET", ME, token=token)
        assert r.status_code == 401, f"{why}: {r.status_code} {r.text}"
    assert call(srv, "GET", ME, token=account.token).status_code == 200


def test_a_short_jwt_secret_is_refused_at_start(run_binary):
    result = run_binary(["serve"], env={"JWT_SECRET": "too-short", "SERVICE_PORT": "0"})
    assert result.returncode == 2 and "JWT_SECRET" in result.stderr
