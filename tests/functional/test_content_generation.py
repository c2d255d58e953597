"""Writing books end to end through the content routes, on SQLite and on PostgreSQL, with the
offline writer (the default when no model is configured): generation to completion for each kind,
events over Server-Sent Events and a WebSocket, regenerating a scene, listing, and the short aliases
(cancel, resume and deleting a running book are in test_content_models.py, against a slow writer)."""

from __future__ import annotations

import json
import socket
import time
import threading

import pytest
import websocket

from accounts_support import FAST_HASHING, assert_problem, register, unique
from content_support import (BOOKS, OFFLINE_WRITER, TERMINAL, assert_complete_book, generate, read_book,
                             sse_events, status, step_counts, wait_for, ws_url)

TARGET = 3000


@pytest.fixture(scope="module")
def srv(backend_server_factory):
    return backend_server_factory(FAST_HASHING)


@pytest.fixture(scope="module")
def writer(srv):
    return register(srv, username=unique("writer"))


@pytest.mark.parametrize("kind", ["novel", "screenplay", "play"])
def test_a_book_of_each_kind_is_written_to_the_end(srv, writer, kind):
    started = generate(writer, title=f"The Lighthouse ({kind})", braindump="A keeper hears voices in the fog.",
                       kind=kind, target_words=TARGET)
    assert started["status_url"] == f"{BOOKS}/{started['book_id']}/status"
    assert started["events_url"] == f"{BOOKS}/{started['book_id']}/events"
    final = wait_for(writer, started["book_id"])
    assert final["status"] == "completed", final
    assert final["progress"] == 100
    assert final["writer"] == OFFLINE_WRITER
    assert final["error"] is None
    assert final["target_words"] == TARGET
    assert abs(final["words"] - TARGET) <= 0.05 * TARGET, final
    assert final["chapters"] and all(c["words"] > 0 for c in final["chapters"])

    book = read_book(writer, started["book_id"])
    assert book["kind"] == kind
    assert book["status"] == "completed"
    assert book["writer"] == OFFLINE_WRITER
    assert book["braindump"] == "A keeper hears voices in the fog."
    assert_complete_book(book, TARGET)
    # One row per finished step: nothing was written twice.
    counts = step_counts(srv, started["book_id"])
    assert counts and set(counts.values()) == {1}, counts


def test_status_progresses_until_completed(srv, writer):
    started = generate(writer, title="Slow Water", target_words=6000)
    seen = []
    while not seen or seen[-1]["status"] not in TERMINAL:
        seen.append(status(writer, started["book_id"]))
    assert seen[-1]["status"] == "completed"
    for before, after in zip(seen, seen[1:]):
        assert after["progress"] >= before["progress"], (before, after)
        assert after["words"] >= before["words"]
    assert {s["status"] for s in seen} <= {"queued", "running", "completed"}


def test_events_arrive_in_order_until_completion(srv, writer):
    started = generate(writer, title="The Ferry", kind="screenplay", target_words=TARGET)
    events = sse_events(srv, started["events_url"], writer.token)
    assert events[0]["event"] == "status" and events[0]["data"]["type"] == "status"
    assert events[0]["data"]["book_id"] == started["book_id"]
    if events[0]["data"]["status"] == "completed":  # the quick offline writer finished first
        assert [e["event"] for e in events] == ["status"]
        return
    assert events[-1]["event"] == "completed", [e["event"] for e in events]
    assert all(e["event"] not in TERMINAL for e in events[1:-1])
    for e in events:
        assert e["data"]["type"] == e["event"]
    ids = [int(e["id"]) for e in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    progress = [e["data"]["progress"] for e in events[1:] if e["event"] == "progress"]
    assert progress == sorted(progress)


def test_a_late_subscriber_gets_the_status_and_the_end(srv, writer):
    started = generate(writer, title="Late", target_words=1000)
    wait_for(writer, started["book_id"])
    events = sse_events(srv, started["events_url"], writer.token, headers={"Last-Event-ID": "17"})
    assert [e["event"] for e in events] == ["status"]
    assert events[0]["data"]["status"] == "completed"
    assert events[0]["data"]["progress"] == 100


def test_websocket_events_and_cancel_message(srv, writer):
    started = generate(writer, title="Signal Fires", kind="play", target_words=TARGET)
    ws = websocket.create_connection(ws_url(srv, started["book_id"], writer.token), timeout=30)
    try:
        messages = []
        while not messages or messages[-1]["type"] not in TERMINAL or len(messages) == 1:
            messages.append(json.loads(ws.recv()))
            if messages[0]["status"] in TERMINAL:
                break
        assert messages[0]["type"] == "status"
        assert messages[-1]["type"] == "completed" or messages[0]["status"] == "completed"
        # The socket stays open after the end: a cancel now is refused, and said so.
        ws.send(json.dumps({"type": "cancel"}))
        reply = json.loads(ws.recv())
        assert reply["type"] == "error" and reply["detail"], reply
        ws.send("not json")
        assert json.loads(ws.recv())["type"] == "error"
    finally:
        ws.close()


def test_websocket_upgrade_needs_a_signed_in_owner(srv, writer):
    started = generate(writer, title="Closed Door", target_words=1000)
    with pytest.raises(websocket.WebSocketBadStatusException) as anonymous:
        websocket.create_connection(ws_url(srv, started["book_id"]), timeout=10)
    assert anonymous.value.status_code == 401
    other = register(srv, username=unique("other"))
    with pytest.raises(websocket.WebSocketBadStatusException) as stranger:
        websocket.create_connection(ws_url(srv, started["book_id"], other.token), timeout=10)
    assert stranger.value.status_code == 404
    ws = websocket.create_connection(ws_url(srv, started["book_id"]), timeout=10,
                                     header=[f"Authorization: Bearer {writer.token}"])
    assert json.loads(ws.recv())["type"] == "status"
    ws.close()


def test_regenerating_a_scene_changes_its_text(srv, writer):
    started = generate(writer, title="Two Lamps", target_words=TARGET)
    book_id = started["book_id"]
    assert wait_for(writer, book_id)["status"] == "completed"
    before = read_book(writer, book_id)
    chapter = before["chapters"][0]
    scene = chapter["scenes"][-1]
    r = writer.call("POST", f"{BOOKS}/{book_id}/chapters/{chapter['number']}/scenes", json={"scene": scene["number"]})
    assert r.status_code == 202, r.text
    assert r.json()["book_id"] == book_id
    assert wait_for(writer, book_id)["status"] == "completed"
    after = read_book(writer, book_id)
    new_scene = after["chapters"][0]["scenes"][-1]
    assert new_scene["text"] != scene["text"]
    assert new_scene["words"] > 0
    # The other chapters are untouched.
    assert after["chapters"][1:] == before["chapters"][1:]


def test_regenerate_refuses_what_the_book_does_not_have(srv, writer):
    book_id = generate(writer, title="Short", target_words=1000)["book_id"]
    wait_for(writer, book_id)
    path = f"{BOOKS}/{book_id}/chapters"
    assert_problem(writer.call("POST", f"{path}/1/scenes", json={}), 422, field="scene")
    assert_problem(writer.call("POST", f"{path}/1/scenes", json={"scene": 0}), 422, field="scene")
    assert_problem(writer.call("POST", f"{path}/1/scenes", json={"scene": 1, "text": "x"}), 422, field="text")
    assert_problem(writer.call("POST", f"{path}/zero/scenes", json={"scene": 1}), 422, field="chapter")
    assert writer.call("POST", f"{path}/999/scenes", json={"scene": 1}).status_code in (404, 422)


def test_books_are_listed_newest_first_and_paginated(srv):
    account = register(srv, username=unique("lister"))
    ids = [generate(account, title=f"Book {i}", target_words=500)["book_id"] for i in range(3)]
    r = account.get(BOOKS)
    assert r.status_code == 200, r.text
    page = r.json()
    assert page["total"] == 3 and page["limit"] == 50 and page["offset"] == 0
    assert [b["id"] for b in page["books"]] == list(reversed(ids))
    assert page["books"][0]["title"] == "Book 2"
    second = account.get(BOOKS, params={"limit": 1, "offset": 1}).json()
    assert [b["id"] for b in second["books"]] == [ids[1]] and second["total"] == 3
    assert_problem(account.get(BOOKS, params={"limit": 0}), 422, field="limit")
    assert register(srv, username=unique("empty")).get(BOOKS).json() == {"books": [], "total": 0, "limit": 50,
                                                                        "offset": 0}
    for book_id in ids:
        wait_for(account, book_id)


def test_the_short_aliases_answer_like_the_routes(srv):
    account = register(srv, username=unique("alias"))
    r = account.call("POST", "/api/generate", json={"title": "Alias", "target_words": 500})
    assert r.status_code == 202, r.text
    book_id = r.json()["book_id"]
    wait_for(account, book_id)
    assert account.get(f"/api/books/{book_id}/status").json() == account.get(f"{BOOKS}/{book_id}/status").json()
    assert account.get(f"/api/books/{book_id}").json() == account.get(f"{BOOKS}/{book_id}").json()
    assert account.get("/api/books").json() == account.get(BOOKS).json()
    assert_problem(account.call("POST", "/api/generate", json={"braindump": "no title"}), 422, field="title")


def test_many_watchers_of_one_book_hear_the_same_end(srv, writer):
    started = generate(writer, title="Crowd", target_words=TARGET)
    results: list[list[dict]] = []
    threads = [threading.Thread(target=lambda: results.append(sse_events(srv, started["events_url"], writer.token)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 4
    for events in results:
        assert events[0]["event"] == "status"
        assert events[-1]["event"] == "completed" or events[0]["data"]["status"] == "completed"


@pytest.mark.single_binary(reason="stops a server and times its shutdown")
def test_a_watcher_that_stopped_reading_does_not_hold_up_shutdown(server_factory):
    server = server_factory({**FAST_HASHING})
    account = register(server, username=unique("stalled"))
    started = generate(account, title="Flood", target_words=120000)
    ws = websocket.create_connection(ws_url(server, started["book_id"], account.token), timeout=30)
    # A small receive window that is never drained: the server's writes to this socket stall.
    ws.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    time.sleep(3)
    began = time.monotonic()
    assert server.stop() == 0
    assert time.monotonic() - began < 8, "shutdown waited on a client that never answers the close"
    ws.close()
