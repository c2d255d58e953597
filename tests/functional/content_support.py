"""Helpers for the content tests: generating books, waiting for them, reading their events, and
looking at the generation tables directly.

Books are written by the offline writer unless a test configures a model: it needs no network and
is deterministic, and every book it writes says so ("Offline writer (not an AI model)").
"""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.parse

import requests

from accounts_support import Account, call
from conftest import Server, psql

OFFLINE_WRITER = "Offline writer (not an AI model)"
TERMINAL = ("completed", "failed", "cancelled")
GENERATE = "/api/v1/books/generate"
BOOKS = "/api/v1/books"


def generate(account: Account, **body) -> dict:
    """Starts a book (202 expected); returns {book_id, job_id, status_url, events_url}."""
    r = account.call("POST", GENERATE, json=body)
    assert r.status_code == 202, f"generate: {r.status_code} {r.text}"
    return r.json()


def status(account: Account, book_id: str) -> dict:
    r = account.get(f"{BOOKS}/{book_id}/status")
    assert r.status_code == 200, r.text
    return r.json()


def wait_for(account: Account, book_id: str, statuses=TERMINAL, timeout: float = 60) -> dict:
    """Polls the status until it is one of `statuses`; returns it."""
    deadline = time.monotonic() + timeout
    seen = None
    while time.monotonic() < deadline:
        seen = status(account, book_id)
        if seen["status"] in statuses:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"book {book_id} did not reach {statuses} within {timeout}s; last status: {seen}")


def read_book(account: Account, book_id: str) -> dict:
    r = account.get(f"{BOOKS}/{book_id}")
    assert r.status_code == 200, r.text
    return r.json()


def scene_words(book: dict) -> int:
    return sum(scene["words"] for chapter in book["chapters"] for scene in chapter["scenes"])


def assert_complete_book(book: dict, target_words: int) -> None:
    """Every chapter has scenes with text, and the words are within 5% of the target."""
    assert book["chapters"], book
    for chapter in book["chapters"]:
        assert chapter["scenes"], f"chapter {chapter['number']} has no scenes"
        for scene in chapter["scenes"]:
            assert scene["text"].strip(), f"scene {chapter['number']}.{scene['number']} has no text"
            assert scene["words"] > 0
    assert [c["number"] for c in book["chapters"]] == list(range(1, len(book["chapters"]) + 1))
    assert abs(book["words"] - target_words) <= 0.05 * target_words, (book["words"], target_words)


def sse_events(server: Server, path: str, token: str, timeout: float = 60, headers: dict | None = None,
               on_event=None) -> list[dict]:
    """Reads the Server-Sent Events of `path` until the server ends the stream. Each event is
    {"id", "event", "data"} with data parsed as JSON. `on_event(event)` is called as each arrives."""
    events: list[dict] = []
    all_headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream", **(headers or {})}
    with requests.get(server.url(path), headers=all_headers, stream=True, timeout=timeout) as r:
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"].startswith("text/event-stream"), r.headers
        current: dict = {}
        data_lines: list[str] = []
        for raw in r.iter_lines(decode_unicode=True):
            if raw is None:
                continue
            if raw == "":
                if data_lines:
                    current["data"] = json.loads("\n".join(data_lines))
                    events.append(current)
                    if on_event:
                        on_event(current)
                current, data_lines = {}, []
                continue
            if raw.startswith(":"):
                continue  # a keep-alive comment
            name, _, value = raw.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "data":
                data_lines.append(value)
            else:
                current[name] = value
    return events


def ws_url(server: Server, book_id: str, token: str | None = None) -> str:
    query = {"book_id": book_id}
    if token is not None:
        query["token"] = token
    return f"ws://{server.host}:{server.port}/ws/generate?{urllib.parse.urlencode(query)}"


# ---- the generation tables, read directly


def db_rows(server: Server, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of `sql` on the server's database (SQLite file or PostgreSQL); `?` placeholders."""
    url = server.database_url
    if url.startswith("sqlite://"):
        with sqlite3.connect(url[len("sqlite://"):], timeout=10) as db:
            return [tuple(row) for row in db.execute(sql, params)]
    for value in params:
        literal = "'" + str(value).replace("'", "''") + "'"
        sql = sql.replace("?", literal, 1)
    out = psql(url, sql)
    return [tuple(line.split("|")) for line in out.splitlines() if line]


def step_counts(server: Server, book_id: str) -> dict[str, int]:
    """{step_key: rows} of the book's generation_steps."""
    rows = db_rows(server, "SELECT step_key, COUNT(*) FROM generation_steps WHERE book_id = ? GROUP BY step_key",
                   (book_id,))
    return {key: int(count) for key, count in rows}


__all__ = ["Account", "call"]
