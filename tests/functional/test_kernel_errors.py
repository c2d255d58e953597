"""Errors as problem+json, request limits and timeouts, malformed requests over raw sockets."""

import socket
import time

import pytest

from conftest import AGGREGATED_HEALTH, NGINX_IS_THE_HTTP_SERVER, read_response, read_until_close

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance", "trace_id"}
HEADER_TIMEOUT = 1
IDLE_TIMEOUT = 2


LIMITED = "runs a server with a 1 KiB body limit and short header and idle timeouts of its own"


@pytest.fixture(scope="module")
def limited(module_server_factory):
    """A server with a 1 KiB body limit and short header and idle timeouts."""
    return module_server_factory({
        "HTTP_BODY_LIMIT_KB": "1",
        "HTTP_HEADER_TIMEOUT_SECONDS": str(HEADER_TIMEOUT),
        "HTTP_IDLE_TIMEOUT_SECONDS": str(IDLE_TIMEOUT),
    })


def assert_problem(r, status, title, slug):
    assert r.status == status if hasattr(r, "status") else r.status_code == status
    headers = r.headers
    assert headers["Content-Type"] == "application/problem+json"
    body = r.json()
    assert body["type"] == f"urn:authorworks:problem:{slug}"
    assert body["title"] == title
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    assert body["trace_id"] == headers["X-Request-Id"]
    return body


def test_not_found_is_problem_json(server):
    r = server.get("/api/v1/nothing", headers={"X-Request-Id": "nf-1"})
    assert r.status_code == 404
    assert r.headers["Content-Type"] == "application/problem+json"
    assert r.headers["X-Request-Id"] == "nf-1"
    assert r.json() == {
        "type": "urn:authorworks:problem:not-found",
        "title": "Not Found",
        "status": 404,
        "detail": "no route answers /api/v1/nothing",
        "instance": "/api/v1/nothing",
        "trace_id": "nf-1",
    }


@pytest.mark.single_binary(reason=AGGREGATED_HEALTH)
def test_method_not_allowed_has_allow_header(server):
    r = server.request("POST", "/health", data=b"")
    assert r.status_code == 405
    assert r.headers["Allow"] == "GET, HEAD, OPTIONS"
    body = r.json()
    assert set(body) == PROBLEM_KEYS
    assert body["status"] == 405
    assert body["title"] == "Method Not Allowed"
    assert body["instance"] == "/health"
    assert "GET, HEAD, OPTIONS" in body["detail"]


def test_unknown_method_is_405(server):
    r = server.raw(b"BREW /health HTTP/1.1\r\nHost: t\r\n\r\n")
    body = assert_problem(r, 405, "Method Not Allowed", "method-not-allowed")
    assert "BREW" in body["detail"]
    assert r.headers["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.single_binary(reason=LIMITED)
def test_body_at_the_limit_is_read(limited):
    body = b"x" * 1024
    r = limited.raw(b"POST /health HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n" + body)
    assert r.status == 405  # read in full, then refused by the route: not 413


@pytest.mark.single_binary(reason=LIMITED)
def test_body_over_the_limit_is_413_and_the_connection_closes(limited):
    with limited.connect() as s:
        s.sendall(b"POST /health HTTP/1.1\r\nHost: t\r\nContent-Length: 1025\r\n\r\n")
        r = read_response(s)
        body = assert_problem(r, 413, "Payload Too Large", "payload-too-large")
        assert "1025" in body["detail"] and "1024" in body["detail"]
        assert r.headers["Connection"] == "close"
        rest, closed = read_until_close(s, timeout=3)
        assert closed and rest == b""


@pytest.mark.single_binary(reason=LIMITED)
def test_chunked_body_over_the_limit_is_413(limited):
    with limited.connect() as s:
        chunk = b"y" * 800
        s.sendall(b"POST /health HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + b"%x\r\n" % len(chunk) + chunk + b"\r\n" + b"%x\r\n" % len(chunk) + chunk + b"\r\n0\r\n\r\n")
        r = read_response(s)
        assert_problem(r, 413, "Payload Too Large", "payload-too-large")
        assert r.headers["Connection"] == "close"
        rest, closed = read_until_close(s, timeout=3)
        assert closed and rest == b""


@pytest.mark.single_binary(reason=NGINX_IS_THE_HTTP_SERVER)
def test_huge_headers_are_431(server):
    r = server.raw(b"GET /health HTTP/1.1\r\nHost: t\r\nX-Big: " + b"a" * (17 * 1024) + b"\r\n\r\n")
    body = assert_problem(r, 431, "Request Header Fields Too Large", "headers-too-large")
    assert "16384" in body["detail"]
    assert r.headers["Connection"] == "close"


@pytest.mark.single_binary(reason=LIMITED)
def test_stalled_request_headers_get_408(limited):
    with limited.connect(timeout=10) as s:
        s.sendall(b"GET /hea")
        start = time.monotonic()
        r = read_response(s, timeout=HEADER_TIMEOUT + 4)
        elapsed = time.monotonic() - start
        assert_problem(r, 408, "Request Timeout", "request-timeout")
        assert r.headers["Connection"] == "close"
        assert HEADER_TIMEOUT - 0.1 <= elapsed <= HEADER_TIMEOUT + 2, elapsed
        rest, closed = read_until_close(s, timeout=3)
        assert closed and rest == b""


@pytest.mark.single_binary(reason=LIMITED)
def test_idle_keep_alive_connection_closes_silently(limited):
    with limited.connect(timeout=10) as s:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        r = read_response(s)
        assert r.status == 200
        assert "Connection" not in r.headers
        start = time.monotonic()
        rest, closed = read_until_close(s, timeout=IDLE_TIMEOUT + 4)
        elapsed = time.monotonic() - start
        assert closed, "the idle connection was not closed"
        assert rest == b"", "an idle connection must close without a response"
        # The idle timeout (2 s) applies, not the header timeout (1 s).
        assert IDLE_TIMEOUT - 0.3 <= elapsed <= IDLE_TIMEOUT + 2, elapsed


@pytest.mark.single_binary(reason=LIMITED)
def test_connection_that_never_sends_closes_silently(limited):
    with limited.connect(timeout=10) as s:
        start = time.monotonic()
        rest, closed = read_until_close(s, timeout=HEADER_TIMEOUT + 4)
        assert closed and rest == b""
        assert time.monotonic() - start <= HEADER_TIMEOUT + 2


MALFORMED = {
    "broken request line": (b"GARBAGE\r\n\r\n", "bad method"),
    "no target": (b"GET HTTP/1.1\r\nHost: t\r\n\r\n", None),
    "bad http version": (b"GET /health HTTP/9.9\r\nHost: t\r\n\r\n", "bad version"),
    "invalid header line": (b"GET /health HTTP/1.1\r\nHost: t\r\nNo colon here\r\n\r\n", "bad field"),
    "space before colon": (b"GET /health HTTP/1.1\r\nHost : t\r\n\r\n", None),
    "invalid utf-8 in path": (b"GET /%C3%28 HTTP/1.1\r\nHost: t\r\n\r\n", "not valid UTF-8"),
    "raw non-utf-8 bytes in path": (b"GET /\xff\xfe HTTP/1.1\r\nHost: t\r\n\r\n", "not valid UTF-8"),
    "malformed percent escape": (b"GET /api/%zz HTTP/1.1\r\nHost: t\r\n\r\n", "percent-escape"),
    "truncated percent escape": (b"GET /api/x%4 HTTP/1.1\r\nHost: t\r\n\r\n", "percent-escape"),
    "NUL in path": (b"GET /api/a%00b HTTP/1.1\r\nHost: t\r\n\r\n", "NUL"),
    "target not a path": (b"GET health HTTP/1.1\r\nHost: t\r\n\r\n", "starting with '/'"),
    "two different content lengths": (
        b"POST /health HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", None),
    "bad content length": (b"POST /health HTTP/1.1\r\nHost: t\r\nContent-Length: 1x\r\n\r\n", None),
    "bad chunk size": (b"POST /health HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", None),
}


@pytest.mark.single_binary(reason=NGINX_IS_THE_HTTP_SERVER)
@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_request_is_400_and_the_server_keeps_serving(server, name):
    data, detail = MALFORMED[name]
    with server.connect() as bystander:
        bystander.sendall(b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        assert read_response(bystander).status == 200

        with server.connect() as s:
            s.sendall(data)
            r = read_response(s)
            body = assert_problem(r, 400, "Bad Request", "bad-request")
            if detail:
                assert detail in body["detail"], body

        # Another client, already connected, and a new one are both still served.
        bystander.sendall(b"GET /ready HTTP/1.1\r\nHost: t\r\n\r\n")
        assert read_response(bystander).status == 200
    assert server.get("/health").status_code == 200


@pytest.mark.single_binary(reason=NGINX_IS_THE_HTTP_SERVER)
def test_refused_path_is_reported_as_sent(server):
    r = server.raw(b"GET /api/%C3%28 HTTP/1.1\r\nHost: t\r\nX-Request-Id: bad-utf8-1\r\n\r\n")
    assert r.status == 400
    assert r.json()["instance"] == "/api/%C3%28"
    line = server.wait_for_log(lambda l: l.get("trace_id") == "bad-utf8-1")
    assert line["path"] == "/api/%C3%28"
    assert line["status"] == 400

    r = server.raw(b"GET /api/\xff HTTP/1.1\r\nHost: t\r\nX-Request-Id: bad-utf8-2\r\n\r\n")
    assert r.status == 400
    assert "instance" not in r.json()  # the path cannot be put in JSON as it is
    line = server.wait_for_log(lambda l: l.get("trace_id") == "bad-utf8-2")  # and the log stays UTF-8
    assert line["status"] == 400


@pytest.mark.parametrize("request_line", [
    b"POST /api/%zz HTTP/1.1",
    pytest.param(b"BREW /health HTTP/1.1", marks=pytest.mark.single_binary(reason=NGINX_IS_THE_HTTP_SERVER)),
])
def test_refused_request_with_a_body_does_not_smuggle_the_body(server, request_line):
    # The body is never read: it must not be taken for the next request on the connection.
    inner = b"GET /api/v1/smuggled HTTP/1.1\r\nHost: t\r\n\r\n"
    with server.connect() as s:
        s.sendall(request_line + b"\r\nHost: t\r\nContent-Length: %d\r\n\r\n" % len(inner) + inner)
        r = read_response(s)
        assert r.status in (400, 405)
        assert r.headers["Connection"] == "close"
        rest, closed = read_until_close(s, timeout=3)
        assert closed
        assert rest == b"", f"the unread body was answered as a request: {rest[:200]!r}"


def test_expect_100_continue(server):
    with server.connect() as s:
        s.sendall(b"POST /health HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        buf = bytearray()
        interim = read_response(s, buf)
        assert interim.status == 100
        s.sendall(b"abcd")
        r = read_response(s, buf)
        assert r.status == 405


def test_client_that_disconnects_mid_body_does_not_break_the_server(server):
    s = server.connect()
    s.sendall(b"POST /health HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nabc")
    time.sleep(0.1)
    s.close()
    assert server.get("/health").status_code == 200
