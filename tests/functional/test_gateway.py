"""The nginx gateway in front of the microservice deployment (gateway_support.py): routing of every
prefix and its /api/<module>/ form, WebSockets and event streams through it, the SSO headers only
from the trusted front proxy, the upload limit, problem+json when a service is down, the
aggregated /health and /ready, nginx's own refusals as problem+json, the web app's compression and cache headers, JSON access logs and the rate
limit on generation. Services also call each other here: GET /users/:id/books (users → content),
publishing (discovery → content), the editor's documents (editor → content) and exports (storage →
content) cross service boundaries over HTTP.
"""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import subprocess
import urllib.parse

import pytest
import websocket

from accounts_support import PROBLEM, register, unique
from content_support import generate, wait_for
from gateway_support import (GENERATION_RATE_BURST, MAX_UPLOAD_MB, RATE_LIMITED_CLIENT, TRUSTED_FRONT_PROXY, Reply,
                             start_deployment, stop_deployment)
from storage_support import multipart

pytestmark = pytest.mark.single_binary(reason="starts a gateway deployment of its own, with settings of its own")


@pytest.fixture(scope="module")
def gw():
    deployment, postgres = start_deployment()
    try:
        yield deployment
    finally:
        stop_deployment(deployment, postgres)


@pytest.fixture(scope="module")
def writer(gw):
    return register(gw, username=unique("writer"))


@pytest.fixture(scope="module")
def finished_book(gw, writer) -> str:
    book = generate(writer, title="Lanterns Over Harrowgate", target_words=500)["book_id"]
    assert wait_for(writer, book)["status"] == "completed"
    return book


def bearer(account) -> dict:
    return {"Authorization": f"Bearer {account.token}"}


def assert_gateway_problem(reply, status: int) -> dict:
    assert reply.status == status, (reply.status, reply.body)
    assert reply.header("Content-Type", "").startswith(PROBLEM), reply.headers
    problem = reply.json()
    assert problem["status"] == status
    assert problem["type"].startswith("urn:authorworks:problem:")
    assert problem["title"] and problem["detail"]
    assert problem["trace_id"] == reply.header("X-Request-Id")
    return problem


def test_nginx_accepts_the_rendered_configuration(gw):
    result = subprocess.run(gw.nginx.command("-t"), capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


# (method, path, the service that owns it). Both the /api/v1/ form and the /api/<module>/ form.
ROUTES = [
    ("GET", "/api/v1/auth/providers", "users"),
    ("GET", "/api/users/v1/auth/providers", "users"),
    ("GET", "/api/v1/users/{user}", "users"),
    ("GET", "/api/users/v1/users/{user}", "users"),
    ("GET", "/api/v1/books", "content"),
    ("GET", "/api/books", "content"),
    ("GET", "/api/content/v1/books", "content"),
    ("GET", "/api/v1/books/{book}/status", "content"),
    ("GET", "/api/content/v1/books/{book}/status", "content"),
    ("GET", "/api/v1/passages/{book}", "content"),
    ("GET", "/api/content/v1/passages/{book}", "content"),
    ("GET", "/api/v1/files", "storage"),
    ("GET", "/api/storage/v1/files", "storage"),
    ("POST", "/api/v1/books/{book}/export", "storage"),
    ("GET", "/api/v1/editor/documents", "editor"),
    ("GET", "/api/editor/v1/editor/documents", "editor"),
    ("GET", "/api/v1/notifications", "messaging"),
    ("GET", "/api/messaging/v1/notifications", "messaging"),
    ("GET", "/api/v1/discover", "discovery"),
    ("GET", "/api/discovery/v1/discover", "discovery"),
    ("POST", "/api/v1/books/{book}/unpublish", "discovery"),
    ("POST", "/api/discovery/v1/books/{book}/unpublish", "discovery"),
]


@pytest.mark.parametrize("method,path,service", ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES])
def test_every_prefix_reaches_its_service(gw, writer, finished_book, method, path, service):
    target = path.format(user=writer.id, book=finished_book)
    reply = gw.request(method, target, headers=bearer(writer))
    line = gw.nginx.access_line(reply.header("X-Request-Id") or "")
    assert line["service"] == service
    assert line["upstream"] == gw.addresses[service], line
    if service in gw.services:
        # Answered by the service itself (its own problem documents, when it refuses).
        assert reply.status < 500, (reply.status, reply.body)
        assert line["upstream_status"] == str(reply.status)
    else:
        problem = assert_gateway_problem(reply, 503)
        assert problem["service"] == service
        assert f"the {service} service is unavailable" in problem["detail"]


def test_the_prefixed_form_strips_the_module_name(gw, writer):
    direct = gw.request("GET", "/api/v1/auth/me", headers=bearer(writer))
    prefixed = gw.request("GET", "/api/users/v1/auth/me", headers=bearer(writer))
    assert direct.status == prefixed.status == 200
    assert direct.json() == prefixed.json()


def test_unknown_api_paths_are_problems(gw):
    problem = assert_gateway_problem(gw.request("GET", "/api/v9/nothing"), 404)
    assert problem["instance"] == "/api/v9/nothing"


def test_a_token_from_the_users_service_works_in_every_service(gw, writer, finished_book):
    assert gw.request("GET", "/api/v1/books", headers=bearer(writer)).status == 200  # content
    assert gw.request("GET", f"/api/v1/books/{finished_book}", headers=bearer(writer)).status == 200
    anonymous = gw.request("GET", "/api/v1/books")
    assert anonymous.status == 401


def test_a_users_books_come_from_the_content_service(gw, writer, finished_book):
    """users → content over HTTP, with the caller's own credentials."""
    reply = gw.request("GET", f"/api/v1/users/{writer.id}/books", headers=bearer(writer))
    assert reply.status == 200, reply.body
    books = reply.json()["books"]
    assert [b["id"] for b in books] == [finished_book]
    assert books[0]["status"] == "completed"
    assert books[0]["title"] == "Lanterns Over Harrowgate"
    # Somebody else asks: the content service refuses them as the users service would.
    other = register(gw, username=unique("other"))
    assert_gateway_problem(gw.request("GET", f"/api/v1/users/{writer.id}/books", headers=bearer(other)), 404)


def test_publishing_goes_through_the_content_service(gw, writer, finished_book):
    """discovery → content over HTTP: the book is read with the writer's credentials."""
    reply = gw.request("POST", f"/api/v1/books/{finished_book}/publish", headers=bearer(writer))
    assert reply.status in (200, 201), reply.body
    page = gw.request("GET", f"/api/v1/discover/{finished_book}")
    assert page.status == 200
    assert page.json()["title"] == "Lanterns Over Harrowgate"
    assert page.json()["author"] == writer.username
    assert page.json()["chapters"]
    listed = gw.request("GET", "/api/v1/discover?q=lantern")
    assert finished_book in [b["id"] for b in listed.json()["books"]]
    assert gw.request("POST", f"/api/v1/books/{finished_book}/unpublish", headers=bearer(writer)).status == 204


def first_scene(gw, account, book: str) -> dict:
    reply = gw.request("GET", f"/api/v1/books/{book}", headers=bearer(account))
    assert reply.status == 200, reply.body
    return reply.json()["chapters"][0]["scenes"][0]


def paragraphs(*texts: str) -> list:
    return [{"type": "p", "children": [{"text": t}]} for t in texts]


def test_the_editor_reads_and_writes_through_the_content_service(gw, writer, finished_book):
    """editor → content over HTTP: the document is made from the content service's text, and a save
    lands in the book, which the content service's reader shows."""
    scene = first_scene(gw, writer, finished_book)
    opened = gw.request("GET", f"/api/v1/editor/document/{scene['id']}", headers=bearer(writer))
    assert opened.status == 200, opened.body
    document = opened.json()
    assert document["book_id"] == finished_book and document["kind"] == "scene"
    first_paragraph = scene["text"].split("\n\n")[0]
    assert document["content"][0]["children"][0]["text"] == first_paragraph
    line = gw.nginx.access_line(opened.header("X-Request-Id"))
    assert line["upstream"] == gw.addresses["editor"]

    saved = gw.request("PUT", f"/api/v1/editor/document/{scene['id']}",
                       body=json.dumps({"content": paragraphs("The lanterns went out at once.", "Nobody spoke.")}),
                       headers={**bearer(writer), "Content-Type": "application/json",
                                "If-Match": opened.header("ETag")})
    assert saved.status == 200, saved.body
    assert saved.json()["version"] == document["version"] + 1
    assert first_scene(gw, writer, finished_book)["text"] == "The lanterns went out at once.\n\nNobody spoke."
    # The content service said who may edit: nobody else, whatever the editor is asked.
    other = register(gw, username=unique("other"))
    assert_gateway_problem(gw.request("GET", f"/api/v1/editor/document/{scene['id']}", headers=bearer(other)), 404)


def test_an_export_reads_the_book_from_the_content_service(gw, writer, finished_book):
    """storage → content over HTTP: the whole book comes from GET /api/v1/books/:id/manuscript with
    the writer's credentials, and renders the text the content service holds."""
    made = gw.request("POST", f"/api/v1/books/{finished_book}/export", body=json.dumps({"format": "md"}),
                      headers={**bearer(writer), "Content-Type": "application/json"})
    assert made.status == 201, made.body
    assert gw.nginx.access_line(made.header("X-Request-Id"))["upstream"] == gw.addresses["storage"]
    download = gw.request("GET", f"/api/v1/books/{finished_book}/export?format=md", headers=bearer(writer))
    assert download.status == 200, download.body
    text = download.body.decode()
    assert "# Lanterns Over Harrowgate" in text
    assert first_scene(gw, writer, finished_book)["text"].split("\n\n")[0] in text
    other = register(gw, username=unique("other"))
    assert_gateway_problem(gw.request("POST", f"/api/v1/books/{finished_book}/export", body=json.dumps({"format": "md"}),
                                      headers={**bearer(other), "Content-Type": "application/json"}), 404)


def test_editor_and_exports_answer_503_naming_the_content_service_while_it_is_down(gw, writer, finished_book):
    scene = first_scene(gw, writer, finished_book)
    opened = gw.request("GET", f"/api/v1/editor/document/{scene['id']}", headers=bearer(writer))
    assert opened.status == 200, opened.body
    gw.stop_service("content")
    try:
        attempts = {
            "editor": [
                gw.request("GET", f"/api/v1/editor/document/{scene['id']}", headers=bearer(writer)),
                gw.request("PUT", f"/api/v1/editor/document/{scene['id']}",
                           body=json.dumps({"content": paragraphs("Written in the dark.")}),
                           headers={**bearer(writer), "Content-Type": "application/json",
                                    "If-Match": opened.header("ETag")}),
            ],
            "storage": [
                gw.request("POST", f"/api/v1/books/{finished_book}/export", body=json.dumps({"format": "epub"}),
                           headers={**bearer(writer), "Content-Type": "application/json"}),
                gw.request("GET", f"/api/v1/books/{finished_book}/export?format=md", headers=bearer(writer)),
            ],
        }
        for service, replies in attempts.items():
            for reply in replies:
                problem = assert_gateway_problem(reply, 503)
                assert problem["service"] == "content", problem
                assert "the content service is unavailable" in problem["detail"], problem
                assert reply.header("Retry-After") == "5"
                line = gw.nginx.access_line(reply.header("X-Request-Id"))
                assert line["upstream"] == gw.addresses[service] and line["upstream_status"] == "503", line
    finally:
        gw.start_service("content")
    # Back: the save that failed left no version behind, so the writer's copy still saves.
    again = gw.request("PUT", f"/api/v1/editor/document/{scene['id']}",
                       body=json.dumps({"content": paragraphs("Written in the light.")}),
                       headers={**bearer(writer), "Content-Type": "application/json",
                                "If-Match": opened.header("ETag")})
    assert again.status == 200, again.body
    assert first_scene(gw, writer, finished_book)["text"] == "Written in the light."
    made = gw.request("POST", f"/api/v1/books/{finished_book}/export", body=json.dumps({"format": "epub"}),
                      headers={**bearer(writer), "Content-Type": "application/json"})
    assert made.status == 201, made.body


def test_websocket_through_the_gateway(gw, writer):
    started = generate(writer, title="Sockets and Sails", target_words=500)
    query = urllib.parse.urlencode({"book_id": started["book_id"], "token": writer.token})
    ws = websocket.create_connection(f"ws://127.0.0.1:{gw.port}/ws/generate?{query}", timeout=30)
    try:
        first = json.loads(ws.recv())
        assert first["type"] == "status"
        assert first["book_id"] == started["book_id"]
        # A fast writer may finish before the socket opens: then the status says so.
        event = first
        while not (event["type"] == "completed" or event.get("status") == "completed"):
            event = json.loads(ws.recv())
    finally:
        ws.close()


def test_event_streams_are_not_buffered(gw, writer, finished_book):
    """The first event arrives while the stream is still open (nginx must not hold it back)."""
    connection = http.client.HTTPConnection("127.0.0.1", gw.port, timeout=10)
    try:
        connection.request("GET", f"/api/v1/books/{finished_book}/events",
                           headers={**bearer(writer), "Accept": "text/event-stream"})
        reply_head = connection.getresponse()
        assert reply_head.status == 200
        assert reply_head.getheader("Content-Type", "").startswith("text/event-stream")
        first = reply_head.readline()
        while first.strip() == b"" or first.startswith(b":"):
            first = reply_head.readline()
        assert first.startswith((b"event:", b"id:", b"data:")), first
    finally:
        connection.close()


# --- who is asking: the SSO headers -----------------------------------------------------------


def test_remote_headers_pass_from_the_trusted_front_proxy(gw):
    name = unique("sso")
    reply = gw.request("GET", "/api/v1/auth/me", source=TRUSTED_FRONT_PROXY,
                       headers={"Remote-User": name, "Remote-Email": f"{name}@example.com",
                                "Remote-Name": "Single Sign-On", "Remote-Groups": "writers"})
    assert reply.status == 200, reply.body
    user = reply.json()["user"]
    assert user["username"] == name
    assert user["auth_source"] == "proxy"
    assert user["display_name"] == "Single Sign-On"


def test_remote_headers_are_stripped_from_anybody_else(gw):
    name = unique("spoof")
    reply = gw.request("GET", "/api/v1/auth/me",
                       headers={"Remote-User": name, "Remote-Groups": "admins", "Remote-Email": "x@example.com"})
    assert_gateway_problem(reply, 401)
    # The same from the trusted front proxy is believed, so it was the gateway that dropped them.
    trusted = gw.request("GET", "/api/v1/auth/me", source=TRUSTED_FRONT_PROXY, headers={"Remote-User": name})
    assert trusted.status == 200 and trusted.json()["user"]["username"] == name


# --- limits and failures ----------------------------------------------------------------------


def test_an_upload_over_the_limit_is_refused_by_the_gateway(gw, writer):
    # The storage service takes MAX_UPLOAD_MB of file and 64 KiB of multipart framing: a body past
    # both is refused by nginx before the service sees a byte.
    body = b"x" * (MAX_UPLOAD_MB * 1024 * 1024 + 64 * 1024 + 1)
    reply = gw.request("POST", "/api/v1/files", body=body,
                       headers={**bearer(writer), "Content-Type": "application/octet-stream"})
    problem = assert_gateway_problem(reply, 413)
    assert f"{MAX_UPLOAD_MB} MiB" in problem["detail"]
    line = gw.nginx.access_line(reply.header("X-Request-Id"))
    assert line["upstream"] == "", "the body must not reach the storage service"


@pytest.mark.parametrize("size", [MAX_UPLOAD_MB * 1024 * 1024, MAX_UPLOAD_MB * 1024 * 1024 + 1],
                         ids=["exactly the limit", "one byte over"])
def test_nginx_and_the_storage_service_agree_on_the_upload_limit(gw, writer, size):
    """A file of exactly MAX_UPLOAD_MB is stored through the gateway; one byte more is the storage
    service's own 413 (nginx lets the framing through), never nginx's."""
    body, content_type = multipart("limit.txt", b"a" * size)
    reply = gw.request("POST", "/api/v1/files", body=body, headers={**bearer(writer), "Content-Type": content_type})
    line = gw.nginx.access_line(reply.header("X-Request-Id"))
    assert line["upstream"] == gw.addresses["storage"], line
    if size == MAX_UPLOAD_MB * 1024 * 1024:
        assert reply.status == 201, reply.body
        assert reply.json()["size"] == size
        assert gw.request("DELETE", f"/api/v1/files/{reply.json()['id']}", headers=bearer(writer)).status == 204
    else:
        problem = assert_gateway_problem(reply, 413)
        assert line["upstream_status"] == "413"
        assert f"{MAX_UPLOAD_MB} MiB" in problem["detail"]


def test_other_bodies_have_the_api_limit(gw):
    reply = gw.request("POST", "/api/v1/auth/login", body=b"{" + b" " * (1024 * 1024 + 10) + b"}",
                       headers={"Content-Type": "application/json"})
    assert_gateway_problem(reply, 413)


def test_a_stopped_service_is_a_503_problem_naming_it(gw, writer):
    gw.stop_service("discovery")
    try:
        reply = gw.request("GET", "/api/v1/discover")
        problem = assert_gateway_problem(reply, 503)
        assert problem["service"] == "discovery"
        assert reply.header("Retry-After") == "5"
        # The aggregated health names it too.
        health = gw.request("GET", "/health")
        assert health.status == 503
        body = health.json()
        assert body["status"] == "degraded"
        assert body["down"] == ["discovery"]
        assert body["services"]["discovery"]["status"] == "down"
        assert body["services"]["users"]["status"] == "up"
    finally:
        gw.start_service("discovery")
    assert gw.request("GET", "/api/v1/discover").status == 200


def test_a_service_calling_a_stopped_service_answers_503_naming_it(gw, writer):
    """users → content while content is down: the users service's own 503, not nginx's."""
    gw.stop_service("content")
    try:
        reply = gw.request("GET", f"/api/v1/users/{writer.id}/books", headers=bearer(writer))
        problem = assert_gateway_problem(reply, 503)
        assert problem["service"] == "content"
        assert "the content service is unavailable" in problem["detail"]
        line = gw.nginx.access_line(reply.header("X-Request-Id"))
        assert line["upstream"] == gw.addresses["users"] and line["upstream_status"] == "503"
    finally:
        gw.start_service("content")
    assert gw.request("GET", f"/api/v1/users/{writer.id}/books", headers=bearer(writer)).status == 200


def test_health_aggregates_every_service(gw):
    reply = gw.request("GET", "/health")
    assert reply.status == 200, reply.body
    body = reply.json()
    assert body["status"] == "ok"
    assert set(body["services"]) == {name for name in gw.services if name != "gateway"}
    for name, entry in body["services"].items():
        assert entry["status"] == "up", (name, entry)
        assert entry["version"]
    assert reply.header("Cache-Control") == "no-store"


def test_ready_aggregates_every_services_readiness(gw):
    reply = gw.request("GET", "/ready")
    assert reply.status == 200, reply.body
    body = reply.json()
    assert body["status"] == "ready"
    assert set(body["services"]) == {name for name in gw.services if name != "gateway"}
    assert all(entry["status"] == "ready" for entry in body["services"].values()), body
    assert reply.header("Cache-Control") == "no-store"

    gw.stop_service("editor")
    try:
        reply = gw.request("GET", "/ready")
        assert reply.status == 503, reply.body
        body = reply.json()
        assert body["status"] == "not_ready"
        assert body["not_ready"] == ["editor"]
        assert body["services"]["editor"]["status"] == "not_ready" and body["services"]["editor"]["error"]
    finally:
        gw.start_service("editor")
    assert gw.request("GET", "/ready").status == 200


def test_metrics_are_prometheus_text_not_the_web_app(gw):
    reply = gw.request("GET", "/metrics")
    assert reply.status == 200, reply.body
    assert reply.header("Content-Type").startswith("text/plain")
    assert b"# TYPE" in reply.body and b"<html" not in reply.body


def raw_exchange(gw, data: bytes) -> Reply:
    """Sends bytes as they are (nginx's parser sees them before any service) and reads one answer."""
    with socket.create_connection((gw.host, gw.port), timeout=10) as conn:
        conn.sendall(data)
        response = http.client.HTTPResponse(conn)
        response.begin()
        return Reply(response.status, response.headers, response.read())


def test_requests_nginx_refuses_itself_are_problems_too(gw):
    """What nginx answers before any service sees the request is problem+json, never its HTML."""
    assert_gateway_problem(raw_exchange(gw, b"GARBAGE \x01\x02 HTTP/9.9\r\n\r\n"), 400)
    # Cookies past the header buffers (an SSO session gone wild).
    too_many_cookies = b"GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nCookie: " + b"a" * 20_000 + b"\r\n\r\n"
    assert "16 KiB" in assert_gateway_problem(raw_exchange(gw, too_many_cookies), 431)["detail"]
    assert_gateway_problem(raw_exchange(gw, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"), 414)
    # The web app's files are only read.
    refused = gw.request("POST", "/index.html", body="{}")
    assert assert_gateway_problem(refused, 405)["instance"] == "/index.html"
    assert refused.header("Allow") == "GET, HEAD"
    # A missing built asset (a page from an older build asking for its bundle).
    missing = gw.request("GET", "/assets/index-00000000.js")
    assert assert_gateway_problem(missing, 404)["instance"] == "/assets/index-00000000.js"


def test_generation_posts_are_rate_limited(gw):
    replies = [gw.request("POST", "/api/v1/books/generate", source=RATE_LIMITED_CLIENT, body="{}",
                          headers={"Content-Type": "application/json"})
               for _ in range(GENERATION_RATE_BURST + 3)]
    statuses = [r.status for r in replies]
    # The first ones reach the content service (401: nobody signed in), then the gateway refuses.
    assert statuses[0] == 401, statuses
    assert 429 in statuses, statuses
    limited = next(r for r in replies if r.status == 429)
    assert_gateway_problem(limited, 429)
    assert int(limited.header("Retry-After")) > 0
    # Reads are not limited.
    assert gw.request("GET", "/api/v1/books", source=RATE_LIMITED_CLIENT).status == 401


# --- the web app ------------------------------------------------------------------------------


def test_the_web_app_is_compressed_and_cached(gw):
    asset = gw.request("GET", "/assets/index-3f9a2c1b.js", headers={"Accept-Encoding": "gzip"})
    assert asset.status == 200
    assert asset.header("Content-Encoding") == "gzip"
    assert "immutable" in asset.header("Cache-Control") and "max-age=31536000" in asset.header("Cache-Control")
    assert gzip.decompress(asset.body).startswith(b"export function greet")
    assert "Accept-Encoding" in (asset.header("Vary") or "")

    index = gw.request("GET", "/", headers={"Accept-Encoding": "gzip"})
    assert index.status == 200
    assert index.header("Cache-Control") == "no-cache"
    assert b"<div id=\"root\">" in gzip.decompress(index.body)
    # A route of the single-page app is index.html too.
    deep = gw.request("GET", "/books/some-book")
    assert deep.status == 200 and b"<div id=\"root\">" in deep.body

    plain = gw.request("GET", "/assets/index-3f9a2c1b.js")
    assert plain.header("Content-Encoding") is None


def test_access_log_lines_are_json(gw, writer):
    reply = gw.request("GET", "/api/v1/auth/me", headers=bearer(writer))
    line = gw.nginx.access_line(reply.header("X-Request-Id"))
    assert line["method"] == "GET"
    assert line["path"] == "/api/v1/auth/me"
    assert line["status"] == 200
    assert line["service"] == "users"
    assert isinstance(line["duration_seconds"], (int, float))
    assert line["client"] == "127.0.0.1"
    # The service logged the same request under the same id.
    users = gw.services["users"]
    users.wait_for_log(lambda entry: entry.get("trace_id") == reply.header("X-Request-Id"))
    for entry in gw.nginx.access_lines():
        assert {"time", "method", "path", "status", "trace_id", "service"} <= set(entry)


def test_access_log_lines_stay_utf8_and_never_hold_a_token(gw, writer):
    # What a client sends that is not UTF-8 is logged as a placeholder; UTF-8 is logged as it came.
    odd = gw.request("GET", f"/api/v1/notifications?limit=5&token={writer.token}&x=1",
                     headers={"User-Agent": b"caf\xe9 latin-1", "Referer": "https://example.com/é".encode()})
    stray = gw.request("GET", "/api/v1/%C3%28", headers={"User-Agent": "Zoë 🚀".encode()})
    line = gw.nginx.access_line(odd.header("X-Request-Id"))  # the whole log reads as UTF-8 JSON
    assert line["user_agent"] == "(not UTF-8)"
    assert line["referer"] == "https://example.com/é"
    assert line["query"] == "limit=5&token=(redacted)&x=1"
    line = gw.nginx.access_line(stray.header("X-Request-Id"))
    assert line["path"] == "(not UTF-8)"
    assert line["user_agent"] == "Zoë 🚀"
    assert writer.token not in gw.nginx.access_log.read_text()
