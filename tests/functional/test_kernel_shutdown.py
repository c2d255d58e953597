"""Graceful shutdown on SIGTERM and SIGINT."""

import signal
import socket
import time

import pytest

from conftest import read_response, read_until_close

pytestmark = pytest.mark.single_binary(reason="sends signals to a server and checks how it stops")


def wait_for_refusal(srv, timeout=3.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((srv.host, srv.port), timeout=1):
                pass
        except ConnectionRefusedError:
            return True
        time.sleep(0.02)
    return False


def test_sigterm_finishes_the_request_in_flight_and_closes_idle_connections(server_factory):
    srv = server_factory({"SHUTDOWN_TIMEOUT_SECONDS": "10"})

    idle = srv.connect()
    idle.sendall(b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
    assert read_response(idle).status == 200  # now idle, kept alive

    busy = srv.connect()
    busy.sendall(b"POST /health HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n12345")
    time.sleep(0.2)  # let the server read the head and wait for the rest of the body

    srv.send_signal(signal.SIGTERM)
    signalled = time.monotonic()
    time.sleep(0.3)
    assert srv.running, "the server must wait for the request in flight"

    # The idle connection was closed by the server, without a response.
    rest, closed = read_until_close(idle, timeout=3)
    assert closed and rest == b""
    idle.close()

    # No new connections.
    assert wait_for_refusal(srv), "the port still accepts connections after SIGTERM"

    busy.sendall(b"67890")
    r = read_response(busy, timeout=5)
    assert r.status == 405
    assert r.headers["Connection"] == "close"
    body = r.json()
    assert body["status"] == 405 and body["instance"] == "/health"
    rest, closed = read_until_close(busy, timeout=3)
    assert closed and rest == b""
    busy.close()

    assert srv.wait(timeout=5) == 0, srv.stderr
    assert time.monotonic() - signalled < 5
    messages = [l["msg"] for l in srv.logs()]
    assert "shutting down" in messages and messages[-1] == "stopped"
    line = next(l for l in srv.logs() if l["msg"] == "shutting down")
    assert line["signal"] == "SIGTERM"
    assert line["grace_seconds"] == 10


def test_sigterm_with_nothing_in_flight_exits_at_once(server_factory):
    srv = server_factory()
    assert srv.get("/health").status_code == 200
    start = time.monotonic()
    assert srv.stop(signal.SIGTERM) == 0, srv.stderr
    assert time.monotonic() - start < 2


def test_sigint_also_stops_cleanly(server_factory):
    srv = server_factory()
    assert srv.stop(signal.SIGINT) == 0, srv.stderr
    line = next(l for l in srv.logs() if l["msg"] == "shutting down")
    assert line["signal"] == "SIGINT"


def test_request_still_unfinished_after_the_grace_period_is_cut_off(server_factory):
    srv = server_factory({"SHUTDOWN_TIMEOUT_SECONDS": "1", "HTTP_HEADER_TIMEOUT_SECONDS": "30"})
    busy = srv.connect()
    busy.sendall(b"POST /health HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n123")
    time.sleep(0.2)
    start = time.monotonic()
    srv.send_signal(signal.SIGTERM)
    assert srv.wait(timeout=6) == 0, srv.stderr
    elapsed = time.monotonic() - start
    assert 0.9 <= elapsed < 4, elapsed
    data, closed = read_until_close(busy, timeout=3)
    assert closed
    busy.close()
    assert any(l["msg"].startswith("closing connections still busy") for l in srv.logs())


@pytest.mark.parametrize("sig", [signal.SIGTERM])
def test_listening_port_refuses_after_sigterm(server_factory, sig):
    srv = server_factory()
    port = srv.port
    srv.send_signal(sig)
    assert srv.wait(timeout=5) == 0
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1)
