"""The messaging module in one process, on SQLite and on PostgreSQL: notifications (sending,
validation, who may send, pages, the unread filter, marking read, another user's), and the /ws
event socket (sign-in, the hello, live notifications and book events, slow consumers, keep-alive
pings, shutdown)."""

from __future__ import annotations

import json
import signal
import time
import uuid

import pytest
import websocket

from accounts_support import FAST_HASHING, assert_problem, call, first_account, register, unique
from content_support import generate, wait_for
from messaging_support import (NOTIFICATIONS, RawSocket, events_url, notifications, open_events, read_until,
                               read_until_all, send_notification, service_token)

SECRET = "messaging-tests-secret-" + "0" * 24


@pytest.fixture(scope="module")
def srv(backend_server_factory):
    # Services sign their tokens with JWT_SECRET: the tests read it back from server.env (the
    # gateway deployment has one of its own).
    server = backend_server_factory({**FAST_HASHING, "JWT_SECRET": SECRET})
    server.admin = first_account(server)
    return server


@pytest.fixture
def user(srv):
    return register(srv, username=unique("reader"))


def test_admins_send_notifications_and_users_page_through_theirs(srv, user):
    ids, made = [], []
    for i in range(5):
        r = send_notification(srv, srv.admin.token, user.id, f"Note {i}", body=f"body {i}", kind="message",
                              data={"n": i})
        assert r.status_code == 201, r.text
        assert r.headers["Location"] == f"{NOTIFICATIONS}/{r.json()['id']}"
        ids.append(r.json()["id"])
        made.append(r.json())
    # Newest first; within one millisecond the id breaks the tie.
    newest_first = [n["id"] for n in sorted(made, key=lambda n: (n["created_at"], n["id"]), reverse=True)]
    first = notifications(user, limit=2)
    assert [n["id"] for n in first["notifications"]] == newest_first[:2]
    assert first["unread_count"] == 5 and first["limit"] == 2
    note = made[4]
    assert note == {**note, "user_id": user.id, "kind": "message", "title": "Note 4", "body": "body 4",
                    "data": {"n": 4}, "read": False, "read_at": None}
    seen = [n["id"] for n in first["notifications"]]
    cursor = first["next_cursor"]
    while cursor:
        page = notifications(user, limit=2, cursor=cursor)
        seen += [n["id"] for n in page["notifications"]]
        cursor = page["next_cursor"]
    assert seen == newest_first

    r = call(srv, "POST", f"{NOTIFICATIONS}/{ids[1]}/read", token=user.token)
    assert r.status_code == 200, r.text
    assert r.json()["read"] is True and r.json()["read_at"]
    again = call(srv, "POST", f"{NOTIFICATIONS}/{ids[1]}/read", token=user.token).json()
    assert again["read_at"] == r.json()["read_at"], "marking again keeps the first time"
    unread = notifications(user, unread="true")
    assert [n["id"] for n in unread["notifications"]] == [i for i in newest_first if i != ids[1]]
    assert unread["unread_count"] == 4
    assert len(notifications(user, unread="false")["notifications"]) == 5


def test_bad_requests_are_clear_problems(srv, user):
    admin = srv.admin.token
    assert_problem(send_notification(srv, admin, user.id, ""), 422, field="title")
    assert_problem(send_notification(srv, admin, user.id, "x" * 201), 422, field="title")
    assert_problem(send_notification(srv, admin, "not-an-id"), 422, field="user_id")
    assert_problem(send_notification(srv, admin, str(uuid.uuid4())), 422, field="user_id")
    assert_problem(send_notification(srv, admin, user.id, kind="Has Spaces"), 422, field="kind")
    assert_problem(send_notification(srv, admin, user.id, data=[1, 2]), 422, field="data")
    assert_problem(send_notification(srv, admin, user.id, body="b" * 4001), 422, field="body")
    assert_problem(send_notification(srv, admin, user.id, colour="red"), 422, field="colour")
    assert_problem(call(srv, "POST", NOTIFICATIONS, token=admin, data="{", headers={"Content-Type": "application/json"}),
                   400)
    assert_problem(call(srv, "GET", NOTIFICATIONS, token=user.token, params={"limit": 0}), 422, field="limit")
    assert_problem(call(srv, "GET", NOTIFICATIONS, token=user.token, params={"limit": 101}), 422, field="limit")
    assert_problem(call(srv, "GET", NOTIFICATIONS, token=user.token, params={"unread": "maybe"}), 422, field="unread")
    assert_problem(call(srv, "GET", NOTIFICATIONS, token=user.token, params={"cursor": "bm9wZQ"}), 422, field="cursor")
    assert_problem(call(srv, "POST", f"{NOTIFICATIONS}/not-an-id/read", token=user.token), 404)


def test_only_administrators_and_services_send(srv, user):
    assert_problem(send_notification(srv, user.token, user.id, "from a user"), 403)
    # A service vouches for itself with a token signed with JWT_SECRET and the role "service".
    secret = srv.env["JWT_SECRET"]
    fixed_id = str(uuid.uuid4())
    r = send_notification(srv, service_token(secret), user.id, "from a service", id=fixed_id, kind="storage.export")
    assert r.status_code == 201, r.text
    # A retry with the same id stores nothing new.
    again = send_notification(srv, service_token(secret), user.id, "from a service", id=fixed_id,
                              kind="storage.export")
    assert again.status_code == 200 and again.json() == r.json()
    assert notifications(user)["unread_count"] == 1
    assert_problem(send_notification(srv, service_token("another-secret-" + "1" * 32), user.id), 401)
    assert_problem(send_notification(srv, service_token(secret, lifetime=-120), user.id), 401)
    # A service token is not a session: it reads nobody's notifications.
    assert_problem(call(srv, "GET", NOTIFICATIONS, token=service_token(secret)), 401)


def test_another_users_notification_is_not_found(srv, user):
    other = register(srv, username=unique("other"))
    note = send_notification(srv, srv.admin.token, user.id, "private").json()
    missing = assert_problem(call(srv, "POST", f"{NOTIFICATIONS}/{uuid.uuid4()}/read", token=other.token), 404)
    mine = assert_problem(call(srv, "POST", f"{NOTIFICATIONS}/{note['id']}/read", token=other.token), 404)
    assert mine["title"] == missing["title"]
    # Administrators send notifications but do not read other people's.
    assert_problem(call(srv, "POST", f"{NOTIFICATIONS}/{note['id']}/read", token=srv.admin.token), 404)
    assert notifications(other)["notifications"] == []
    assert notifications(user)["notifications"][0]["read"] is False


def test_the_socket_needs_a_signed_in_user(srv):
    for url in (events_url(srv), events_url(srv, "not-a-token")):
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            websocket.create_connection(url, timeout=10)
        assert refused.value.status_code == 401


def test_the_socket_says_hello_then_carries_notifications_and_book_events(srv, user):
    ws, hello = open_events(srv, user.token)
    # One process keeps its events to itself; services (the gateway deployment) share them in Redis.
    if "REDIS_URL" in srv.env:
        reach = {"mode": "redis", "connected": True, "detail": srv.env["REDIS_URL"].removeprefix("redis://")}
    else:
        reach = {"mode": "in-process", "connected": True, "detail": "events stay in this process"}
    try:
        assert hello == {"type": "hello", "user_id": user.id, "events": reach}
        send_notification(srv, srv.admin.token, user.id, "Live")
        [message] = read_until(ws, lambda m: m["type"] == "notification", timeout=10)
        assert message["notification"]["title"] == "Live"

        book = generate(user, title="Heard Live", target_words=500)["book_id"]
        # The book's end and its notification may overtake each other when they come from two
        # services (content's event over Redis, messaging's own notification).
        def finished(m):
            return m["type"] == "notification" and m["notification"]["kind"] == "book_completed"

        seen = read_until_all(ws, finished, lambda m: m["type"] == "completed")
        types = [m["type"] for m in seen]
        assert "progress" in types and "completed" in types
        assert all(m["book_id"] == book for m in seen if m["type"] in ("progress", "completed"))
        assert "text" not in types, "a scene's text stays on the book's own stream"
        done = next(m for m in seen if finished(m))["notification"]
        assert done["title"] == "\u201cHeard Live\u201d is finished"
        assert done["data"]["book_id"] == book
        assert wait_for(user, book)["status"] == "completed"
        assert notifications(user)["notifications"][0]["id"] == done["id"]
        # The socket only sends.
        ws.send(json.dumps({"type": "subscribe"}))
        assert read_until(ws, lambda m: m["type"] == "error", timeout=10)[-1]["detail"]
    finally:
        ws.close()


@pytest.mark.single_binary(reason="runs a server with a small socket queue of its own (WEBSOCKET_QUEUE_LIMIT=8)")
def test_a_client_that_stops_reading_is_closed(backend_server_factory):
    srv = backend_server_factory({**FAST_HASHING, "WEBSOCKET_QUEUE_LIMIT": "8"})
    admin = register(srv, username=unique("admin"))
    slow = register(srv, username=unique("slow"))
    raw = RawSocket(srv, slow.token, receive_buffer=4096)
    flood = 1000
    try:
        # About 12 MB: more than the queue, the server's socket buffer (at most 4 MiB) and the
        # client's can hold. One keep-alive connection, so that it takes a few seconds only.
        for i in range(flood):
            r = srv.request("POST", NOTIFICATIONS, headers={"Authorization": f"Bearer {admin.token}"},
                            json={"user_id": slow.id, "title": f"flood {i}", "body": "x" * 4000,
                                  "data": {"pad": "y" * 7900}})
            assert r.status_code == 201, r.text
        closed = raw.close_code()
        assert closed is not None, "the server never closed the socket of a client that stopped reading"
        assert closed[0] == 1008 and "too slow" in closed[1], closed
    finally:
        raw.close()
    # Everything was stored all the same.
    assert notifications(slow)["unread_count"] == flood


@pytest.mark.single_binary(reason="runs a server with a ping interval of its own (WEBSOCKET_PING_SECONDS=1)")
def test_idle_sockets_are_pinged_and_dropped_without_a_pong(backend_server_factory):
    srv = backend_server_factory({**FAST_HASHING, "WEBSOCKET_PING_SECONDS": "1"})
    user = register(srv, username=unique("idle"))
    raw = RawSocket(srv, user.token)
    try:
        opcode, payload = raw.frame()
        assert opcode == 1 and json.loads(payload)["type"] == "hello"
        # Nothing is sent, and the ping is never answered: a ping comes, then the socket goes.
        opcodes = []
        while (got := raw.frame(timeout=20)) is not None:
            opcodes.append(got[0])
        assert 9 in opcodes, f"no ping before the socket was dropped: {opcodes}"
    finally:
        raw.close()
    # A client that answers (websocket-client pongs by itself) stays, pinged every second.
    ws, _ = open_events(srv, user.token)
    try:
        pings = 0
        deadline = time.monotonic() + 4
        while time.monotonic() < deadline:
            opcode, _ = ws.recv_data_frame(control_frame=True)
            assert opcode != websocket.ABNF.OPCODE_CLOSE, "an answering client was dropped"
            pings += opcode == websocket.ABNF.OPCODE_PING
        assert pings >= 2 and ws.connected
    finally:
        ws.close()


@pytest.mark.single_binary(reason="stops a server and checks how its sockets close")
def test_shutdown_closes_sockets_with_going_away(server_factory):
    srv = server_factory({**FAST_HASHING, "SHUTDOWN_TIMEOUT_SECONDS": "5"})
    user = register(srv, username=unique("leaving"))
    raw = RawSocket(srv, user.token)
    try:
        assert raw.frame()[0] == 1
        srv.send_signal(signal.SIGTERM)
        assert raw.close_code() == (1001, "the server is shutting down")
        assert srv.wait() == 0
    finally:
        raw.close()
