"""gzip for large enough text responses."""

import gzip

import pytest

from conftest import read_response

pytestmark = pytest.mark.single_binary(
    reason="compresses /metrics, one process's own, which the gateway does not route (the gateway's compression: "
           "test_gateway.py)")


def get_raw(server, path, accept_encoding=None):
    extra = b"" if accept_encoding is None else b"Accept-Encoding: " + accept_encoding.encode() + b"\r\n"
    return server.raw(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: t\r\n" + extra + b"\r\n")


def make_traffic(server):
    for path in ("/health", "/ready", "/api/v1/gzip-a", "/api/v1/gzip-b"):
        server.get(path)


def test_metrics_are_gzipped_when_accepted(server):
    make_traffic(server)
    r = get_raw(server, "/metrics", "gzip, deflate, br")
    assert r.status == 200
    assert r.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in [v.strip() for v in r.headers["Vary"].split(",")]
    assert int(r.headers["Content-Length"]) == len(r.body)
    text = gzip.decompress(r.body).decode()
    assert len(text) >= 860
    assert "authorworks_build_info" in text
    assert len(r.body) < len(text)


def test_metrics_are_plain_without_accept_encoding(server):
    make_traffic(server)
    r = get_raw(server, "/metrics")
    assert r.status == 200
    assert "Content-Encoding" not in r.headers
    assert len(r.body) >= 860
    assert r.body.startswith(b"# HELP ")


def test_gzip_refused_with_q_zero_and_identity(server):
    make_traffic(server)
    for accept in ("gzip;q=0", "identity", "br"):
        r = get_raw(server, "/metrics", accept)
        assert "Content-Encoding" not in r.headers, accept
        assert r.body.startswith(b"# HELP ")


def test_small_responses_are_not_gzipped(server):
    r = get_raw(server, "/health", "gzip")
    assert r.status == 200
    assert "Content-Encoding" not in r.headers
    assert r.json()["status"] == "ok"


def test_gzipped_response_on_a_kept_alive_connection(server):
    make_traffic(server)
    with server.connect() as s:
        buf = bytearray()
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n"
                  b"GET /health HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
        first = read_response(s, buf)
        second = read_response(s, buf)
    assert first.headers["Content-Encoding"] == "gzip"
    gzip.decompress(first.body)
    assert second.json()["status"] == "ok"
