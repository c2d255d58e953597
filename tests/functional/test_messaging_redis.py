"""Events across services through Redis, on SQLite and on PostgreSQL: three services (users, content
and messaging, each `serve --target …`) share one database, one JWT_SECRET and one Redis. A book
written by the content service is heard on the messaging service's /ws, and its notification is
stored there through the content service's HTTP client. With Redis gone, nothing is lost that the
database holds: the book still completes, SSE from the content service still streams, /ws says it is
degraded, /ready names Redis; with Redis back, events flow again without restarting anything."""

from __future__ import annotations

import dataclasses

import pytest

from accounts_support import FAST_HASHING, call, register, unique
from content_support import generate, sse_events, wait_for
from messaging_support import notifications, open_events, read_until, read_until_all, send_notification
from redis_support import redis, wait_until  # noqa: F401 (redis is a fixture)

pytestmark = pytest.mark.single_binary(
    reason="starts the content and messaging services of its own on a Redis the test stops and starts")

SECRET = "messaging-redis-tests-secret-" + "0" * 20


@dataclasses.dataclass
class Services:
    users: object
    content: object
    messaging: object
    env: dict


@pytest.fixture
def services(server_factory, database_factory, redis):
    env = {**FAST_HASHING, "DATABASE_URL": database_factory(), "JWT_SECRET": SECRET, "REDIS_URL": redis.url}
    users = server_factory(env, args=["serve", "--target", "users"])
    messaging = server_factory(env, args=["serve", "--target", "messaging"])
    content = server_factory({**env, "MESSAGING_SERVICE_URL": messaging.base_url}, args=["serve", "--target", "content"])
    # Each service's event bus subscribes in the background; ready means it has.
    for srv in (users, messaging, content):
        wait_until(lambda: call(srv, "GET", "/ready").status_code == 200, timeout=10, what="/ready")
    return Services(users, content, messaging, env)


def writer_on(services: Services):
    account = register(services.users, username=unique("writer"))
    return account, dataclasses.replace(account, server=services.content)


def is_book_notification(book_id: str):
    return lambda m: m["type"] == "notification" and m["notification"]["data"].get("book_id") == book_id


def is_completion(book_id: str):
    return lambda m: m["type"] == "completed" and m["book_id"] == book_id


def test_a_book_written_by_the_content_service_is_heard_on_the_messaging_service(services):
    account, on_content = writer_on(services)
    ws, hello = open_events(services.messaging, account.token)
    try:
        assert hello["events"]["mode"] == "redis" and hello["events"]["connected"] is True, hello
        book = generate(on_content, title="Across Services", target_words=500)["book_id"]
        # The completion comes through Redis, the notification through the messaging service's own
        # bus after the content service's HTTP call: either may come first.
        seen = read_until_all(ws, is_book_notification(book), is_completion(book))
        types = [m["type"] for m in seen]
        assert "progress" in types, f"no progress from the content service: {types}"
        assert [m["notification"]["kind"] for m in seen if m["type"] == "notification"] == ["book_completed"]
    finally:
        ws.close()
    stored = notifications(account, services.messaging)["notifications"]
    assert [n["data"]["book_id"] for n in stored] == [book]
    assert wait_for(on_content, book)["status"] == "completed"


def test_an_event_published_elsewhere_once_the_hello_is_read_always_arrives(services, server_factory):
    """The hello of /ws goes out only once Redis has confirmed the user's channel: a notification
    stored and published by another messaging service right after it is never missed."""
    admin = register(services.users, username=unique("admin"))  # the first account: an administrator
    other = server_factory(services.env, args=["serve", "--target", "messaging"])
    wait_until(lambda: call(other, "GET", "/ready").status_code == 200, timeout=10, what="/ready")
    for round_number in range(8):
        account = register(services.users, username=unique("listener"))
        ws, hello = open_events(services.messaging, account.token)
        try:
            assert hello["events"]["connected"] is True, hello
            sent = send_notification(other, admin.token, account.id, title=f"Round {round_number}")
            assert sent.status_code == 201, sent.text
            heard = read_until(ws, lambda m: m["type"] == "notification", timeout=10)[-1]
            assert heard["notification"]["title"] == f"Round {round_number}"
        finally:
            ws.close()


def test_without_redis_nothing_is_lost_and_events_flow_again_when_it_returns(services, redis):
    account, on_content = writer_on(services)
    ws, hello = open_events(services.messaging, account.token)
    try:
        assert hello["events"]["connected"] is True
        redis.stop()
        degraded = read_until(ws, lambda m: m["type"] == "degraded", timeout=15)[-1]
        assert "Redis" in degraded["reason"], degraded
        for srv in (services.content, services.messaging):
            r = call(srv, "GET", "/ready")
            assert r.status_code == 503, r.text
            assert "redis-events" in r.json()["failing"], r.json()

        # The content service still writes books and streams their events from its own process.
        # (A longer book, so that the stream usually opens while it is being written; a stream opened
        # after the end says so in its first event, the status.)
        book = generate(on_content, title="Written Without Redis", target_words=20000)["book_id"]
        events = sse_events(services.content, f"/api/v1/books/{book}/events", account.token)
        names = [e.get("event") for e in events]
        assert names[0] == "status", names
        assert names[-1] == "completed" or events[-1]["data"]["status"] == "completed", names
        assert wait_for(on_content, book)["status"] == "completed"
        # The notification goes to the messaging service over HTTP, which needs no Redis; the
        # messaging service publishes it itself, so its own sockets hear it at once.
        assert read_until(ws, is_book_notification(book), timeout=30)[-1]["notification"]["kind"] == "book_completed"
        assert [n["data"]["book_id"] for n in notifications(account, services.messaging)["notifications"]] == [book]

        redis.start()
        read_until(ws, lambda m: m["type"] == "restored", timeout=30)
        for srv in (services.content, services.messaging):
            wait_until(lambda: call(srv, "GET", "/ready").status_code == 200, timeout=15, what="/ready with Redis back")
        # Events from the content service reach the messaging service's socket again.
        again = generate(on_content, title="After Redis Came Back", target_words=500)["book_id"]
        seen = read_until_all(ws, is_book_notification(again), is_completion(again))
        assert any(m["type"] == "progress" and m["book_id"] == again for m in seen), [m["type"] for m in seen]
    finally:
        ws.close()
