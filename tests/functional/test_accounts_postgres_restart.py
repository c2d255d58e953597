"""PostgreSQL goes down in the middle of traffic and comes back: the server answers 503 quickly while
it is gone (never a hang, never a 500), /ready says so, and it recovers by itself.

The test stops and starts a PostgreSQL cluster of its own (scripts/test-postgres.sh with
AUTHORWORKS_TEST_POSTGRES_DIR), so the shared test server of the other suites is never touched.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from accounts_support import FAST_HASHING, LOGIN, ME, PASSWORD, PROBLEM, call, register
from conftest import REPO, base_environment

pytestmark = pytest.mark.single_binary(
    reason="stops and restarts a PostgreSQL cluster of its own under servers of its own")

SCRIPT = REPO / "scripts" / "test-postgres.sh"
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
SLOW = 5.0  # no answer may take longer, database or not


class Cluster:
    """A PostgreSQL cluster in a folder of its own, driven through scripts/test-postgres.sh."""

    def __init__(self):
        # Under /tmp itself: the server runs as `postgres` when the tests run as root, and must
        # reach the folder (pytest's tmp_path is private to root).
        self.folder = Path(tempfile.gettempdir()) / f"authorworks-ft-pg-{os.getpid()}-{time.monotonic_ns()}"
        self.env = {**base_environment(), "AUTHORWORKS_TEST_POSTGRES_DIR": str(self.folder)}
        for key in ("TMPDIR", "PG_BIN"):
            if key in os.environ:
                self.env[key] = os.environ[key]

    def run(self, command: str) -> str:
        result = subprocess.run([str(SCRIPT), command], env=self.env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"test-postgres.sh {command}: {result.stderr}"
        return result.stdout.strip()


@pytest.fixture
def cluster():
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL 15 is not installed ({PG_BIN}/initdb is missing)")
    c = Cluster()
    c.url = c.run("start")
    yield c
    c.run("stop")


@dataclass
class Answer:
    at: float
    status: int | None  # None: no answer (an exception)
    seconds: float
    content_type: str
    body: str
    retry_after: str | None


class Traffic(threading.Thread):
    """GET /api/v1/auth/me, one after another, until stopped."""

    def __init__(self, server, token: str):
        super().__init__(daemon=True)
        self.server, self.token = server, token
        self.answers: list[Answer] = []
        self.done = threading.Event()

    def run(self) -> None:
        session = requests.Session()
        headers = {"Authorization": f"Bearer {self.token}"}
        while not self.done.is_set():
            started = time.monotonic()
            try:
                r = session.get(self.server.url(ME), headers=headers, timeout=SLOW * 3)
                self.answers.append(Answer(started, r.status_code, time.monotonic() - started,
                                           r.headers.get("Content-Type", ""), r.text, r.headers.get("Retry-After")))
            except requests.RequestException as e:
                self.answers.append(Answer(started, None, time.monotonic() - started, "", repr(e), None))
            time.sleep(0.01)
        session.close()

    def wait_for(self, status: int, after: float, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not any(a.status == status and a.at >= after for a in self.answers):
            assert time.monotonic() < deadline, f"no {status} within {timeout} s; last: {self.answers[-3:]}"
            time.sleep(0.05)


def test_a_postgresql_restart_is_survived(server_factory, cluster):
    srv = server_factory(env={**FAST_HASHING, "DATABASE_URL": cluster.url})
    account = register(srv)
    traffic = Traffic(srv, account.token)
    traffic.start()
    try:
        traffic.wait_for(200, 0, timeout=5)

        down_at = time.monotonic()
        cluster.run("down")
        traffic.wait_for(503, down_at, timeout=SLOW)

        started = time.monotonic()
        ready = call(srv, "GET", "/ready", timeout=SLOW * 2)
        assert time.monotonic() - started < SLOW
        assert ready.status_code == 503, ready.text
        assert "database" in ready.json()["failing"]
        check = next(c for c in ready.json()["checks"] if c["name"] == "database")
        assert check["ok"] is False and "unreachable" in check["detail"]

        started = time.monotonic()
        r = call(srv, "POST", LOGIN, json={"login": account.username, "password": PASSWORD}, timeout=SLOW * 2)
        assert time.monotonic() - started < SLOW
        assert r.status_code == 503 and r.headers["Content-Type"].startswith(PROBLEM), r.text

        time.sleep(1)  # more than the pool's 1 s pause between connection attempts
        up_at = time.monotonic()
        cluster.run("up")
        traffic.wait_for(200, up_at, timeout=10)
    finally:
        traffic.done.set()
        traffic.join(timeout=SLOW * 3)

    answers = traffic.answers
    first_refusal = min(a.at for a in answers if a.status == 503)
    during = [a for a in answers if first_refusal <= a.at < up_at]
    assert all(a.status == 503 for a in during), "an answer while the database was down was not a 503"
    for a in answers:
        assert a.status in (200, 503), f"{a.status} at {a.at - down_at:+.2f}s: {a.body}"
        assert a.seconds < SLOW, f"an answer took {a.seconds:.1f}s at {a.at - down_at:+.2f}s"
        if a.status == 503:
            assert a.content_type.startswith(PROBLEM), a
            assert a.retry_after is not None and int(a.retry_after) >= 1, a
    # Back without restarting the binary.
    assert srv.running
    assert call(srv, "GET", "/ready").status_code == 200
    assert call(srv, "GET", ME, token=account.token).status_code == 200
    assert call(srv, "POST", LOGIN, json={"login": account.username, "password": PASSWORD}).status_code == 200
