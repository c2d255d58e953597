"""Sign-out across processes through Redis, on SQLite and on PostgreSQL: two servers share one
database, one JWT_SECRET and one Redis (a real redis-server on a free port; skipped without one)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from accounts_support import FAST_HASHING, LOGOUT, ME, PASSWORD, assert_problem, call, login, register
from conftest import free_port

REDIS_SERVER = shutil.which("redis-server")
SECRET = "shared-secret-of-both-processes-" + "0" * 16


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


@pytest.fixture
def pair(server_factory, database_factory, redis):
    """Two servers on one new database, one secret and one Redis."""
    env = {**FAST_HASHING, "DATABASE_URL": database_factory(), "JWT_SECRET": SECRET, "REDIS_URL": redis.url}
    return server_factory(env=env), server_factory(env=env)


def wait_until(predicate, timeout: float = 5.0, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout} s"
        time.sleep(0.05)


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
