"""Helpers for the messaging tests: the /ws URL, an event socket reader, a raw WebSocket client
(for what websocket-client hides: it answers pings by itself and reads eagerly), notifications."""

from __future__ import annotations

import base64
import json
import os
import socket
import struct
import time
import urllib.parse
import uuid

import websocket

from accounts_support import Account, call, sign_token
from conftest import Server

NOTIFICATIONS = "/api/v1/notifications"


def events_url(server: Server, token: str | None = None) -> str:
    query = f"?{urllib.parse.urlencode({'token': token})}" if token is not None else ""
    return f"ws://{server.host}:{server.port}/ws{query}"


def open_events(server: Server, token: str, timeout: float = 30) -> tuple[websocket.WebSocket, dict]:
    """A /ws socket and its first message, the hello."""
    ws = websocket.create_connection(events_url(server, token), timeout=timeout)
    hello = json.loads(ws.recv())
    assert hello["type"] == "hello", hello
    return ws, hello


def read_until(ws: websocket.WebSocket, done, timeout: float = 60) -> list[dict]:
    """Messages until done(message) holds for one of them (included); fails after `timeout`."""
    seen = []
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"no message matched within {timeout}s; saw {[m.get('type') for m in seen]}"
        ws.settimeout(remaining)
        message = json.loads(ws.recv())
        seen.append(message)
        if done(message):
            return seen


def read_until_all(ws: websocket.WebSocket, *wanted, timeout: float = 60) -> list[dict]:
    """Messages until each predicate in `wanted` has matched one of them, in any order: events that
    travel different ways (Redis, HTTP) may overtake each other."""
    pending = list(wanted)

    def done(message: dict) -> bool:
        pending[:] = [p for p in pending if not p(message)]
        return not pending

    return read_until(ws, done, timeout)


def service_token(secret: str, service: str = "tests", lifetime: int = 300) -> str:
    now = int(time.time())
    return sign_token({"sub": f"service:{service}", "jti": str(uuid.uuid4()), "iat": now, "exp": now + lifetime,
                       "role": "service"}, secret)


def send_notification(server: Server, token: str, user_id: str, title: str = "Hello", **fields):
    return call(server, "POST", NOTIFICATIONS, token=token, json={"user_id": user_id, "title": title, **fields})


def notifications(account: Account, server: Server | None = None, **query) -> dict:
    r = call(server or account.server, "GET", NOTIFICATIONS, token=account.token, params=query)
    assert r.status_code == 200, r.text
    return r.json()


class RawSocket:
    """A minimal WebSocket client over a plain socket: it never answers pings and reads only when
    asked, so a test can play a client that stopped reading or vanished."""

    def __init__(self, server: Server, token: str, receive_buffer: int | None = None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if receive_buffer is not None:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self.sock.settimeout(10)
        self.sock.connect((server.host, server.port))
        key = base64.b64encode(os.urandom(16)).decode()
        path = f"/ws?{urllib.parse.urlencode({'token': token})}"
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: {server.host}:{server.port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
                          .encode())
        self.buffer = bytearray()
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            assert chunk, "closed during the handshake"
            self.buffer.extend(chunk)
        head, _, rest = bytes(self.buffer).partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101"), head
        self.buffer = bytearray(rest)

    def _need(self, n: int, deadline: float) -> bool:
        while len(self.buffer) < n:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = self.sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                return False
            if not chunk:
                return False
            self.buffer.extend(chunk)
        return True

    def frame(self, timeout: float = 10) -> tuple[int, bytes] | None:
        """(opcode, payload) of the next frame; None when the connection ended or timed out."""
        deadline = time.monotonic() + timeout
        if not self._need(2, deadline):
            return None
        opcode, length = self.buffer[0] & 0x0F, self.buffer[1] & 0x7F
        offset = 2
        if length == 126:
            if not self._need(4, deadline):
                return None
            length, offset = struct.unpack(">H", self.buffer[2:4])[0], 4
        elif length == 127:
            if not self._need(10, deadline):
                return None
            length, offset = struct.unpack(">Q", self.buffer[2:10])[0], 10
        if not self._need(offset + length, deadline):
            return None
        payload = bytes(self.buffer[offset:offset + length])
        del self.buffer[:offset + length]
        return opcode, payload

    def close_code(self, timeout: float = 30) -> tuple[int, str] | None:
        """Reads (and drops) frames until the server's close frame: its (code, reason)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.frame(deadline - time.monotonic())
            if got is None:
                return None
            opcode, payload = got
            if opcode == 8:
                return struct.unpack(">H", payload[:2])[0], payload[2:].decode()
        return None

    def close(self) -> None:
        self.sock.close()
