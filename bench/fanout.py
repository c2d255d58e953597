#!/usr/bin/env python3
"""WebSocket fan-out benchmark: one event reaching 1,000 and 5,000 connected /ws subscribers.

  bench/fanout.py                      1,000 and 5,000 subscribers, 20 events each
  SUBSCRIBERS=1000,5000 EVENTS=20      other sizes
  READERS=2                            client processes reading the sockets
  BIN=path/to/authorworks              the binary to measure

One `authorworks serve` (single binary, in-process events, SQLite). One user opens SUBSCRIBERS
sockets on /ws; READERS client processes hold them and read every frame with epoll. An
administrator then POSTs EVENTS notifications to that user, one at a time: each is stored, published
once, and must reach every socket. The delivery latency of a socket is from the POST's start to the
moment its reader had the whole frame (CLOCK_MONOTONIC, the same clock in every process); the next
event goes once every socket has the last. Reported: p50, p99 and the worst delivery latency over
all sockets and events; the server's resident memory before the sockets, with them open, and its
peak. The readers run on the same two cores, so the figures are a ceiling on the server's latency,
not its floor. Targets (issue 7): p99 at most 50 ms for 1,000 and at most 150 ms for 5,000.
"""

from __future__ import annotations

import base64
import json
import multiprocessing
import os
import selectors
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from messaging import BIN, SECRET, free_port, percentile, request, wait_healthy  # noqa: E402

SUBSCRIBERS = [int(n) for n in os.environ.get("SUBSCRIBERS", "1000,5000").split(",")]
EVENTS = int(os.environ.get("EVENTS", "20"))
READERS = int(os.environ.get("READERS", "2"))
TARGETS_MS = {1000: 50, 5000: 150}


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def open_socket(port: int, token: str) -> tuple[socket.socket, bytes]:
    """A /ws socket after its upgrade; returns it with the bytes that came after the 101 answer."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET /ws?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise RuntimeError("the server closed the socket during the upgrade")
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    if not head.startswith(b"HTTP/1.1 101"):
        raise RuntimeError(f"no upgrade: {head[:80]!r}")
    return sock, rest


def frames(buffer: bytearray):
    """Complete server frames (unmasked) at the front of `buffer`, removed as they are read."""
    while len(buffer) >= 2:
        opcode = buffer[0] & 0x0F
        length = buffer[1] & 0x7F
        offset = 2
        if length == 126:
            if len(buffer) < 4:
                return
            length = int.from_bytes(buffer[2:4], "big")
            offset = 4
        elif length == 127:
            if len(buffer) < 10:
                return
            length = int.from_bytes(buffer[2:10], "big")
            offset = 10
        if len(buffer) < offset + length:
            return
        payload = bytes(buffer[offset:offset + length])
        del buffer[:offset + length]
        yield opcode, payload


def reader(port: int, token: str, count: int, events: int, pipe) -> None:
    """Holds `count` sockets; says "ready" once each has had its hello, then for every event sends
    the receipt times of all its sockets."""
    selector = selectors.DefaultSelector()
    buffers: dict[socket.socket, bytearray] = {}
    hellos = 0
    for _ in range(count):
        sock, rest = open_socket(port, token)
        sock.setblocking(False)
        buffers[sock] = bytearray(rest)
        selector.register(sock, selectors.EVENT_READ)
    received: dict[str, list[float]] = {}

    def take(sock: socket.socket) -> None:
        nonlocal hellos
        for opcode, payload in frames(buffers[sock]):
            if opcode == 8:
                raise RuntimeError(f"the server closed a socket: {payload[2:]!r}")
            if opcode != 1:
                continue
            message = json.loads(payload)
            if message["type"] == "hello":
                hellos += 1
            elif message["type"] == "notification":
                received.setdefault(message["notification"]["title"], []).append(time.monotonic())

    for sock in buffers:
        take(sock)
    while hellos < count:
        for key, _ in selector.select(timeout=30):
            buffers[key.fileobj] += key.fileobj.recv(65536)
            take(key.fileobj)
    pipe.send("ready")
    for event in range(events):
        title = f"fan-out {event}"
        while len(received.get(title, [])) < count:
            ready = selector.select(timeout=60)
            if not ready:
                raise RuntimeError(f"{title}: {len(received.get(title, []))} of {count} sockets heard it")
            for key, _ in ready:
                buffers[key.fileobj] += key.fileobj.recv(65536)
                take(key.fileobj)
        pipe.send(received.pop(title))
    for sock in buffers:
        sock.close()


def measure(subscribers: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="authorworks-fanout-"))
    port = free_port()
    env = {"PATH": os.environ["PATH"], "HOST": "127.0.0.1", "SERVICE_PORT": str(port), "DATA_DIR": str(folder),
           "LOG_LEVEL": "warn", "PASSWORD_HASH_COST": "minimum", "JWT_SECRET": SECRET,
           "WEBSOCKET_PING_SECONDS": "3600"}
    server = subprocess.Popen([str(BIN), "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(port, server)
        admin = request(port, "POST", "/api/v1/auth/register",
                        body={"email": "admin@example.com", "username": "admin", "password": "bench password 1"})
        user = request(port, "POST", "/api/v1/auth/register",
                       body={"email": "reader@example.com", "username": "reader", "password": "bench password 1"})
        idle_kib = rss_kib(server.pid)
        shares = [subscribers // READERS + (1 if i < subscribers % READERS else 0) for i in range(READERS)]
        pipes, processes = [], []
        for share in shares:
            ours, theirs = multiprocessing.Pipe()
            process = multiprocessing.Process(target=reader, args=(port, user["token"], share, EVENTS, theirs))
            process.start()
            pipes.append(ours)
            processes.append(process)
        for pipe in pipes:
            if not pipe.poll(300):
                raise SystemExit("the readers did not open their sockets")
            assert pipe.recv() == "ready"
        open_kib = rss_kib(server.pid)
        delays: list[float] = []
        for event in range(EVENTS):
            time.sleep(0.2)  # let the machine settle between events
            sent = time.monotonic()
            request(port, "POST", "/api/v1/notifications", admin["token"],
                    {"user_id": user["user"]["id"], "title": f"fan-out {event}"})
            for pipe in pipes:
                if not pipe.poll(120):
                    raise SystemExit(f"event {event} did not reach every socket within 120 s")
                delays += [(at - sent) * 1e3 for at in pipe.recv()]
        for process in processes:
            process.join(timeout=30)
        assert len(delays) == subscribers * EVENTS, f"{len(delays)} of {subscribers * EVENTS} deliveries"
        return {"subscribers": subscribers, "events": EVENTS, "p50": percentile(delays, 0.5),
                "p99": percentile(delays, 0.99), "max": max(delays), "idle_kib": idle_kib, "open_kib": open_kib,
                "peak_kib": rss_kib(server.pid, "VmHWM")}
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    if not BIN.is_file():
        print(f"fanout: {BIN} is missing (scripts/build.sh release)", file=sys.stderr)
        return 2
    load = os.getloadavg()[0]
    print(f"fan-out of one notification to N /ws sockets; {EVENTS} events each; {READERS} reader processes; "
          f"load average {load:.1f} at the start")
    print("| subscribers | events | p50 ms | p99 ms | worst ms | target p99 | RSS idle / sockets open / peak "
          "| per socket | result |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |")
    failed = False
    for subscribers in SUBSCRIBERS:
        r = measure(subscribers)
        target = TARGETS_MS.get(subscribers)
        verdict = "-" if target is None else ("PASS" if r["p99"] <= target else "MISS")
        failed |= verdict == "MISS"
        per_socket = (r["open_kib"] - r["idle_kib"]) / subscribers
        print(f"| {subscribers:,} | {r['events']} | {r['p50']:.1f} | {r['p99']:.1f} | {r['max']:.1f} "
              f"| {target if target else '-'} | {r['idle_kib'] / 1024:.1f} / {r['open_kib'] / 1024:.1f} / "
              f"{r['peak_kib'] / 1024:.1f} MiB | {per_socket:.1f} KiB | {verdict} |", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
