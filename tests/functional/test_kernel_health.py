"""Health and readiness, keep-alive and pipelining, request ids and the request log line."""

import re

import pytest

from conftest import AGGREGATED_HEALTH, NGINX_IS_THE_HTTP_SERVER, ONE_PROCESS_LOG, PER_PROCESS_READY, read_response

HEX32 = re.compile(r"^[0-9a-f]{32}$")


@pytest.mark.single_binary(reason=AGGREGATED_HEALTH)
def test_health_is_ok_json(server):
    r = server.get("/health")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    assert r.headers["Cache-Control"] == "no-store"
    body = r.json()
    assert set(body) == {"status", "service", "version"}
    assert body["status"] == "ok"
    assert body["service"] == "authorworks"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", body["version"]), body


@pytest.mark.single_binary(reason=PER_PROCESS_READY)
def test_ready_is_ready(server):
    r = server.get("/ready")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    body = r.json()
    assert body["status"] == "ready"
    assert isinstance(body["checks"], list)
    assert all(c["ok"] for c in body["checks"]), body
    assert "failing" not in body


@pytest.mark.single_binary(reason=AGGREGATED_HEALTH)
def test_head_health_has_headers_but_no_body(server):
    get = server.get("/health")
    with server.connect() as s:
        # HEAD then GET on one connection: a body sent after the HEAD would be read as the next
        # response's status line.
        s.sendall(b"HEAD /health HTTP/1.1\r\nHost: t\r\n\r\nGET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        buf = bytearray()
        head = read_response(s, buf, head=True)
        assert head.status == 200
        assert head.headers["Content-Type"] == "application/json"
        assert head.headers["Content-Length"] == str(len(get.content))
        after = read_response(s, buf)
        assert after.raw_head.startswith(b"HTTP/1.1 200 OK\r\n")
        assert after.body == get.content
        assert buf == b""


@pytest.mark.single_binary(reason=NGINX_IS_THE_HTTP_SERVER)
def test_keep_alive_serves_several_requests_on_one_connection(server):
    with server.connect() as s:
        buf = bytearray()
        for i in range(5):
            path = b"/health" if i % 2 == 0 else b"/ready"
            s.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: t\r\nX-Request-Id: ka-%d\r\n\r\n" % i)
            r = read_response(s, buf)
            assert r.status == 200
            assert r.headers["X-Request-Id"] == f"ka-{i}"
            assert "Connection" not in r.headers
        assert buf == b""


@pytest.mark.single_binary(reason=NGINX_IS_THE_HTTP_SERVER)
def test_pipelined_requests_are_answered_in_order(server):
    requests_ = b"".join(
        b"GET " + path + b" HTTP/1.1\r\nHost: t\r\nX-Request-Id: pipe-%d\r\n\r\n" % i
        for i, path in enumerate([b"/health", b"/ready", b"/api/v1/nothing-here", b"/health"]))
    with server.connect() as s:
        s.sendall(requests_)
        buf = bytearray()
        got = [read_response(s, buf) for _ in range(4)]
    assert [r.status for r in got] == [200, 200, 404, 200]
    assert [r.headers["X-Request-Id"] for r in got] == ["pipe-0", "pipe-1", "pipe-2", "pipe-3"]
    assert got[0].json()["status"] == "ok"
    assert got[1].json()["status"] == "ready"
    assert got[2].json()["instance"] == "/api/v1/nothing-here"


@pytest.mark.single_binary(reason=NGINX_IS_THE_HTTP_SERVER)
def test_http_1_0_closes_unless_keep_alive(server):
    with server.connect() as s:
        s.sendall(b"GET /health HTTP/1.0\r\n\r\n")
        r = read_response(s)
        assert r.version == "HTTP/1.0"
        assert r.status == 200
        assert r.headers["Connection"] == "close"
        assert s.recv(1) == b""


def test_request_id_is_echoed(server):
    r = server.get("/health", headers={"X-Request-Id": "my-request-42"})
    assert r.headers["X-Request-Id"] == "my-request-42"
    problem = server.get("/api/v1/nothing", headers={"X-Request-Id": "my-request-43"})
    assert problem.headers["X-Request-Id"] == "my-request-43"
    assert problem.json()["trace_id"] == "my-request-43"


def test_traceparent_trace_id_is_used(server):
    trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    r = server.get("/health", headers={"traceparent": f"00-{trace}-00f067aa0ba902b7-01",
                                       "X-Request-Id": "ignored-when-traceparent-is-valid"})
    assert r.headers["X-Request-Id"] == trace


def test_invalid_traceparent_and_request_id_get_a_generated_id(server):
    r = server.get("/health", headers={"traceparent": "00-" + "0" * 32 + "-00f067aa0ba902b7-01",
                                       "X-Request-Id": 'has"quote'})
    assert HEX32.match(r.headers["X-Request-Id"]), r.headers


def test_request_id_is_generated_when_absent(server):
    ids = {server.get("/health").headers["X-Request-Id"] for _ in range(3)}
    assert len(ids) == 3
    for i in ids:
        assert HEX32.match(i), i


@pytest.mark.single_binary(reason=ONE_PROCESS_LOG)
def test_request_log_line(server):
    trace = "0af7651916cd43dd8448eb211c80319c"
    r = server.get("/health", headers={"traceparent": f"00-{trace}-b7ad6b7169203331-01"})
    assert r.status_code == 200
    line = server.wait_for_log(lambda l: l.get("msg") == "request" and l.get("trace_id") == trace)
    assert line["level"] == "info"
    assert line["method"] == "GET"
    assert line["route"] == "/health"
    assert line["path"] == "/health"
    assert line["status"] == 200
    assert line["bytes"] == len(r.content)
    assert isinstance(line["duration_ms"], (int, float)) and 0 <= line["duration_ms"] < 5000
    assert line["peer"] == "127.0.0.1"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["ts"])


@pytest.mark.single_binary(reason=ONE_PROCESS_LOG)
def test_request_log_uses_the_route_template(server):
    # /api/docs/*file answers 404 here (no file of that name), but it is the matched route.
    r = server.get("/api/docs/no-such-file-xyz.css", headers={"X-Request-Id": "log-template-1"})
    assert r.status_code == 404
    line = server.wait_for_log(lambda l: l.get("msg") == "request" and l.get("trace_id") == "log-template-1")
    assert line["route"] == "/api/docs/*file"
    assert line["path"] == "/api/docs/no-such-file-xyz.css"
    assert line["status"] == 404
    assert line["bytes"] == len(r.content)

    server.get("/api/v1/unrouted", headers={"X-Request-Id": "log-template-2"})
    line = server.wait_for_log(lambda l: l.get("msg") == "request" and l.get("trace_id") == "log-template-2")
    assert line["route"] == "unmatched"
    assert line["status"] == 404


@pytest.mark.single_binary(reason=ONE_PROCESS_LOG)
def test_startup_log_names_the_port(server):
    line = server.wait_for_log(lambda l: l.get("msg") == "listening")
    assert line["port"] == server.port
    assert line["host"] == "127.0.0.1"
    assert line["target"] == "all"
