#!/usr/bin/env python3
"""Messaging benchmark: how fast a notification reaches /ws sockets, in one process and across two
processes through Redis. Builds nothing: it expects build/authorworks (or BIN=...) and redis-server.

  bench/messaging.py                 50 sockets, 200 notifications, in-process and through Redis
  SOCKETS=100 MESSAGES=500           other sizes
  BIN=path/to/authorworks            the binary to measure

For each mode: one user opens SOCKETS sockets on the receiving server; an administrator POSTs
MESSAGES notifications to that user on the sending server (the same server in-process; another
process sharing the SQLite database and Redis otherwise), one after the other. Reported: the POST
latency (p50, p99), the delivery latency from the POST's start to each socket's receipt (p50, p99),
and messages delivered per second over all sockets. Python reads the sockets, so the figures are a
floor for the server, not its ceiling.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import websocket

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(os.environ.get("BIN", ROOT / "build" / "authorworks"))
SOCKETS = int(os.environ.get("SOCKETS", "50"))
MESSAGES = int(os.environ.get("MESSAGES", "200"))
SECRET = "bench-secret-" + "0" * 32


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, token: str | None = None, body: dict | None = None) -> dict:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json",
                                          **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"{}")


def wait_healthy(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert process.poll() is None, "authorworks exited"
        try:
            request(port, "GET", "/health")
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("authorworks did not start")


def start(folder: Path, env: dict, name: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    full = {"PATH": os.environ["PATH"], "HOST": "127.0.0.1", "SERVICE_PORT": str(port), "DATA_DIR": str(folder / name),
            "LOG_LEVEL": "warn", "PASSWORD_HASH_COST": "minimum", "JWT_SECRET": SECRET, **env}
    process = subprocess.Popen([str(BIN), "serve"], env=full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_healthy(port, process)
    return process, port


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def measure(send_port: int, receive_port: int, label: str) -> None:
    admin = request(send_port, "POST", "/api/v1/auth/register",
                    body={"email": "admin@example.com", "username": "admin", "password": "bench password 1"})
    user = request(send_port, "POST", "/api/v1/auth/register",
                   body={"email": "reader@example.com", "username": "reader", "password": "bench password 1"})
    sockets = []
    for _ in range(SOCKETS):
        ws = websocket.create_connection(f"ws://127.0.0.1:{receive_port}/ws?token={user['token']}", timeout=30)
        assert json.loads(ws.recv())["type"] == "hello"
        sockets.append(ws)
    sent_at: dict[str, float] = {}
    delays: list[float] = []
    lock = threading.Lock()

    def read(ws):
        got = 0
        while got < MESSAGES:
            message = json.loads(ws.recv())
            if message.get("type") != "notification":
                continue
            now = time.perf_counter()
            got += 1
            with lock:
                delays.append(now - sent_at[message["notification"]["title"]])

    readers = [threading.Thread(target=read, args=(ws,)) for ws in sockets]
    for t in readers:
        t.start()
    posts = []
    started = time.perf_counter()
    for i in range(MESSAGES):
        title = f"bench {i}"
        sent_at[title] = time.perf_counter()
        request(send_port, "POST", "/api/v1/notifications", admin["token"], {"user_id": user["user"]["id"], "title": title})
        posts.append(time.perf_counter() - sent_at[title])
    for t in readers:
        t.join(timeout=120)
    elapsed = time.perf_counter() - started
    for ws in sockets:
        ws.close()
    print(f"| {label} | {SOCKETS} | {MESSAGES} | {percentile(posts, 0.5) * 1e3:.2f} / {percentile(posts, 0.99) * 1e3:.2f} "
          f"| {percentile(delays, 0.5) * 1e3:.2f} / {percentile(delays, 0.99) * 1e3:.2f} "
          f"| {len(delays) / elapsed:,.0f} |")
    assert len(delays) == SOCKETS * MESSAGES, f"{len(delays)} of {SOCKETS * MESSAGES} delivered"


def main() -> int:
    if not BIN.is_file():
        print(f"no binary at {BIN}", file=sys.stderr)
        return 2
    redis_server = shutil.which("redis-server")
    print("| mode | sockets | messages | POST ms p50 / p99 | delivery ms p50 / p99 | deliveries/s |")
    print("| --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory(prefix="aw-bench-messaging-") as tmp:
        folder = Path(tmp)
        process, port = start(folder, {}, "single")
        try:
            measure(port, port, "one process, in-process bus")
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        if redis_server is None:
            print("redis-server is not installed: the Redis run is skipped", file=sys.stderr)
            return 0
        redis_port = free_port()
        redis = subprocess.Popen([redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no"], stdout=subprocess.DEVNULL)
        time.sleep(0.3)
        env = {"REDIS_URL": f"redis://127.0.0.1:{redis_port}/0", "DATABASE_URL": f"sqlite://{folder / 'shared.db'}"}
        sender, send_port = start(folder, env, "sender")
        receiver, receive_port = start(folder, {**env, "AUTHORWORKS_TARGET": "messaging"}, "receiver")
        try:
            measure(send_port, receive_port, "two processes, through Redis")
        finally:
            for p in (sender, receiver):
                p.send_signal(signal.SIGTERM)
                p.wait(timeout=30)
            redis.terminate()
            redis.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
