"""Books written by a model behind its real wire protocol (the Anthropic and OpenAI doubles in
tests/doubles): tokens and cost recorded, a rejected key failing the job in plain words, rate limits,
broken JSON repaired, a stream cut mid-way recovered; and a server killed (SIGKILL) in the middle of
a generation, restarted on the same database, finishing the book without paying for a finished step
twice."""

from __future__ import annotations

import re
import signal
import sys
import time
from pathlib import Path

import pytest

from accounts_support import FAST_HASHING, assert_problem, register, unique
from conftest import Server
from content_support import (BOOKS, assert_complete_book, db_rows, generate, read_book, sse_events, status,
                             step_counts, wait_for)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "doubles"))
from double_process import DoubleProcess  # noqa: E402

pytestmark = pytest.mark.single_binary(
    reason="configures the writer (model doubles), and kills and restarts the server")

TARGET = 1000
JWT = {"JWT_SECRET": "content-tests-" + "k" * 32}


def anthropic_env(double: DoubleProcess, key: str = "test-key") -> dict:
    return {**FAST_HASHING, **JWT, "LLM_PROVIDER": "anthropic", "ANTHROPIC_API_KEY": key,
            "ANTHROPIC_BASE_URL": double.url, "LLM_MAX_RETRIES": "3", "LLM_TIMEOUT_SECONDS": "5",
            "GENERATION_LEASE_SECONDS": "2"}


@pytest.fixture(scope="module")
def anthropic():
    with DoubleProcess("anthropic") as double:
        yield double


@pytest.fixture
def double(anthropic):
    # reset keeps the accepted key: every test starts from the key the servers are given.
    anthropic.reset()
    anthropic.control(api_key="test-key", default={})
    yield anthropic


@pytest.fixture(scope="module")
def anthropic_server(module_server_factory, anthropic):
    server = module_server_factory(anthropic_env(anthropic))
    server.writer = register(server, username=unique("claude"))
    return server


def stages(double: DoubleProcess) -> list[str]:
    return [r["stage"] for r in double.requests()]


def test_anthropic_book_records_tokens_and_cost(anthropic_server, double):
    writer = anthropic_server.writer
    book_id = generate(writer, title="Salt Wind", braindump="A harbour town keeps a secret.",
                       target_words=TARGET)["book_id"]
    final = wait_for(writer, book_id, timeout=60)
    assert final["status"] == "completed", final
    assert final["writer"].startswith("Claude"), final["writer"]
    assert final["tokens_in"] > 0 and final["tokens_out"] > 0, final
    assert final["cost_usd"] > 0, final
    book = read_book(writer, book_id)
    assert_complete_book(book, TARGET)
    assert book["cost_usd"] == pytest.approx(final["cost_usd"])
    assert all(r["headers"].get("x-api-key") == "test-key" for r in double.requests())


def test_a_rejected_key_fails_the_job_in_plain_words(server_factory, double):
    double.control(api_key="the-right-key")
    server = server_factory(anthropic_env(double, key="a-wrong-key"))
    writer = register(server, username=unique("wrongkey"))
    book_id = generate(writer, title="Locked Out", target_words=TARGET)["book_id"]
    final = wait_for(writer, book_id, timeout=30)
    assert final["status"] == "failed", final
    assert "the Anthropic API key was rejected" in final["error"], final
    assert len(double.requests()) == 1, "a rejected key is never retried"


def test_a_rate_limit_with_retry_after_still_completes(anthropic_server, double):
    double.script({"stage": "genre", "status": 429, "retry_after": 1})
    writer = anthropic_server.writer
    book_id = generate(writer, title="Patience", target_words=TARGET)["book_id"]
    assert wait_for(writer, book_id, timeout=60)["status"] == "completed"
    genre = [r for r in double.requests() if r["stage"] == "genre"]
    assert len(genre) == 2
    assert genre[1]["time"] - genre[0]["time"] >= 0.9, "retry-after was not honoured"


def test_invalid_json_for_a_structured_stage_is_repaired(anthropic_server, double):
    double.script({"stage": "outline", "invalid_json": True})
    writer = anthropic_server.writer
    book_id = generate(writer, title="Broken Map", target_words=TARGET)["book_id"]
    assert wait_for(writer, book_id, timeout=60)["status"] == "completed"
    assert "repair" in stages(double), stages(double)
    assert_complete_book(read_book(writer, book_id), TARGET)


def test_a_stream_cut_mid_way_is_recovered(anthropic_server, double):
    double.script({"stage": "scene", "cut_after": 5})
    writer = anthropic_server.writer
    book_id = generate(writer, title="Static", target_words=TARGET)["book_id"]
    assert wait_for(writer, book_id, timeout=60)["status"] == "completed"
    assert_complete_book(read_book(writer, book_id), TARGET)


def test_openai_compatible_book_completes_with_tokens(server_factory):
    with DoubleProcess("openai") as double:
        server = server_factory({**FAST_HASHING, "LLM_PROVIDER": "openai", "OPENAI_BASE_URL": double.url,
                                 "OPENAI_MODEL": "llama3.1:8b", "LLM_PRICES": "llama3.1:8b=1:2"})
        writer = register(server, username=unique("llama"))
        book_id = generate(writer, title="Open Water", kind="screenplay", target_words=TARGET)["book_id"]
        final = wait_for(writer, book_id, timeout=60)
        assert final["status"] == "completed", final
        assert final["tokens_in"] > 0 and final["tokens_out"] > 0 and final["cost_usd"] > 0, final
        assert "llama3.1:8b" in final["writer"]
        assert all(r["path"].endswith("/chat/completions") for r in double.requests())


# ---- crashes


def step_key_of(request: dict) -> str | None:
    """The generation step a writer request pays for (None for continuations, repairs, summaries)."""
    text = "\n".join(m["content"] if isinstance(m["content"], str) else " ".join(b.get("text", "") for b in m["content"])
                     for m in request["body"]["messages"])
    found = lambda name: (re.search(rf"^{name}: (\d+)$", text, re.MULTILINE) or [None, None])[1]  # noqa: E731
    stage = request["stage"]
    if stage in ("genre", "style", "characters", "synopsis", "outline"):
        return stage
    if stage == "chapter_plan":
        return f"chapter:{found('Chapter')}:plan"
    if stage == "scene":
        return f"scene:{found('Chapter')}:{found('Scene')}"
    return None


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_killed_server_resumes_the_book_without_paying_twice(backend, database_factory, double):
    # Slow enough that every kill lands mid-generation, quick enough for the suite.
    double.control(default={"tokens_per_second": 600})
    database_url = database_factory()
    env = {**anthropic_env(double), "DATABASE_URL": database_url, "GENERATION_PARALLELISM": "2"}
    servers: list[Server] = []

    def start() -> Server:
        server = Server(env=env)
        server.database_url = database_url
        servers.append(server)
        return server.start()

    try:
        first = start()
        writer = register(first, username=unique("crash"))
        book_id = generate(writer, title="Night Shift", target_words=2000)["book_id"]
        kills: list[tuple[float, set[str]]] = []
        cut_points = [lambda keys: "outline" in keys, lambda keys: any(k.startswith("scene:") for k in keys)]
        server = first
        for reached in cut_points:
            wait_until(lambda: reached(set(step_counts(server, book_id))), 60, "the cut point")
            server.kill()
            assert server.process.returncode == -signal.SIGKILL
            kills.append((time.time(), set(step_counts(server, book_id))))
            server = start()
        writer.server = server
        final = wait_for(writer, book_id, timeout=90)
        assert final["status"] == "completed", final
        assert_complete_book(read_book(writer, book_id), 2000)

        counts = step_counts(server, book_id)
        assert set(counts.values()) == {1}, {k: v for k, v in counts.items() if v > 1}
        jobs = db_rows(server, "SELECT COUNT(*) FROM generation_jobs WHERE book_id = ?", (book_id,))
        assert int(jobs[0][0]) == 1
        # No step finished before a kill was asked for again after it.
        for killed_at, finished in kills:
            repeated = [step_key_of(r) for r in double.requests()
                        if r["time"] > killed_at and step_key_of(r) in finished]
            assert not repeated, f"paid twice after a restart: {repeated}"
    finally:
        for server in servers:
            if server.running:
                server.stop()
            server.cleanup()


@pytest.fixture
def slow_server(backend, database_factory, server_factory, double):
    """A server on a fresh database of `backend` whose writer streams slowly enough that a cancel
    or a delete always lands while the book is being written."""
    double.control(default={"tokens_per_second": 400})
    database_url = database_factory()
    server = server_factory({**anthropic_env(double), "DATABASE_URL": database_url})
    server.database_url = database_url
    server.writer = register(server, username=unique("slow"))
    return server


def test_cancel_then_resume_completes_without_repeating_steps(slow_server, double):
    writer = slow_server.writer
    started = generate(writer, title="The Long Road", target_words=TARGET)
    book_id = started["book_id"]
    cancelled = {}

    def cancel_on_first_scene(event):
        if event["event"] == "scene" and not cancelled:
            cancelled["response"] = writer.call("POST", f"{BOOKS}/{book_id}/cancel")

    events = sse_events(slow_server, started["events_url"], writer.token, on_event=cancel_on_first_scene)
    assert cancelled, "no scene event arrived before the end"
    assert cancelled["response"].status_code == 202, cancelled["response"].text
    assert events[-1]["event"] == "cancelled", [e["event"] for e in events][-5:]
    assert status(writer, book_id)["status"] == "cancelled"
    before = step_counts(slow_server, book_id)
    assert before and set(before.values()) == {1}
    cancelled_at = time.time()

    double.control(default={})
    r = writer.call("POST", f"{BOOKS}/{book_id}/resume")
    assert r.status_code == 202, r.text
    assert r.json()["book_id"] == book_id
    final = wait_for(writer, book_id, timeout=90)
    assert final["status"] == "completed", final
    after = step_counts(slow_server, book_id)
    assert set(after.values()) == {1}, {k: v for k, v in after.items() if v > 1}
    assert set(before) <= set(after)
    repeated = [step_key_of(r) for r in double.requests() if r["time"] > cancelled_at and step_key_of(r) in before]
    assert not repeated, f"paid twice after resuming: {repeated}"
    assert_complete_book(read_book(writer, book_id), TARGET)
    # Nothing to cancel or resume any more.
    assert_problem(writer.call("POST", f"{BOOKS}/{book_id}/cancel"), 409)
    assert_problem(writer.call("POST", f"{BOOKS}/{book_id}/resume"), 409)


def test_deleting_a_running_book_cancels_it_first(slow_server, double):
    writer = slow_server.writer
    book_id = generate(writer, title="Doomed", target_words=TARGET)["book_id"]
    wait_until(lambda: status(writer, book_id)["status"] == "running", 30, "the job to start")
    r = writer.call("DELETE", f"{BOOKS}/{book_id}")
    assert r.status_code == 204, r.text
    assert_problem(writer.get(f"{BOOKS}/{book_id}"), 404)
    assert_problem(writer.get(f"{BOOKS}/{book_id}/status"), 404)
    assert_problem(writer.call("DELETE", f"{BOOKS}/{book_id}"), 404)
    assert book_id not in writer.get(BOOKS).text
    # The server keeps working (no job is left writing into a book that is gone).
    double.control(default={})
    other = generate(writer, title="After", target_words=500)["book_id"]
    assert wait_for(writer, other, timeout=60)["status"] == "completed"
