"""Sign-out across processes through Redis, on SQLite and on PostgreSQL: two servers share one
database, one JWT_SECRET and one Redis (a real redis-server on a free port; skipped without one)."""

from __future__ import annotations

import pytest

from accounts_support import FAST_HASHING, LOGOUT, ME, PASSWORD, assert_problem, call, login, register
from redis_support import redis, wait_until  # noqa: F401 (redis is a fixture)

pytestmark = pytest.mark.single_binary(reason="starts pairs of servers on a Redis the test stops and starts")

SECRET = "shared-secret-of-both-processes-" + "0" * 16


@pytest.fixture
def pair(server_factory, database_factory, redis):
    """Two servers on one new database, one secret and one Redis."""
    env = {**FAST_HASHING, "DATABASE_URL": database_factory(), "JWT_SECRET": SECRET, "REDIS_URL": redis.url}
    return server_factory(env=env), server_factory(env=env)


def test_sign_out_in_one_process_revokes_the_token_in_the_other(pair):
    first, second = pair
    account = register(first)
    # The second process knows the session (and has it in its short cache) before the sign-out.
    for srv in (first, second, second):
        assert call(srv, "GET", ME, token=account.token).status_code == 200

    assert call(first, "POST", LOGOUT, token=account.token).status_code == 204
    # At once, not after the cache expires.
    assert_problem(call(second, "GET", ME, token=account.token), 401)
    assert_problem(call(first, "GET", ME, token=account.token), 401)

    # Signing in again on the second works on the first.
    r = login(second, account.username, PASSWORD)
    assert r.status_code == 200
    assert call(first, "GET", ME, token=r.json()["token"]).status_code == 200


def test_a_sign_out_while_redis_is_down_still_holds(pair, redis):
    first, second = pair
    account = register(first)
    assert call(first, "GET", ME, token=account.token).status_code == 200

    redis.stop()
    assert call(first, "POST", LOGOUT, token=account.token).status_code == 204, "the database is enough to sign out"
    first.wait_for_log(lambda line: line.get("msg") == "sign-out could not reach Redis")
    assert_problem(call(first, "GET", ME, token=account.token), 401)

    redis.start()
    for srv in (first, second):
        wait_until(lambda: call(srv, "GET", "/ready").status_code == 200, what="/ready with Redis back")
    # Redis does not know about that sign-out; the database does.
    assert_problem(call(first, "GET", ME, token=account.token), 401)
    assert_problem(call(second, "GET", ME, token=account.token), 401)


def test_readiness_names_redis_when_it_is_down(pair, redis):
    first, _ = pair
    assert call(first, "GET", "/ready").status_code == 200
    redis.stop()
    r = call(first, "GET", "/ready")
    assert r.status_code == 503
    assert "redis" in " ".join(r.json()["failing"])
    # Sign-in and sessions do not need Redis.
    account = register(first)
    assert call(first, "GET", ME, token=account.token).status_code == 200
    assert login(first, account.username, PASSWORD).status_code == 200
