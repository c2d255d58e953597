"""Shared fixtures for the functional tests: they run the real `authorworks` binary.

The binary is AUTHORWORKS_BIN (an absolute path; scripts/test.sh sets it), else build/authorworks.
Every server gets a free loopback port, a fresh DATA_DIR and a fresh working directory (so no
stray .env is read), and only the environment the test gives it plus PATH and the sanitizer
options: nothing else leaks in from the caller's shell.

Fixtures:
  server          a session-wide server with the default configuration; cheap to use, but shared:
                  do not change its state in ways other tests can see
  server_factory  server_factory(env={...}, start=True) -> a new Server; every server it made is
                  stopped at the end of the test and must exit with code 0
  run_binary      run_binary(args, env) -> CompletedProcess, for commands that end by themselves

Both database backends (for suites that must behave the same on SQLite and on PostgreSQL):
  backend         module-scoped, parametrized over BACKENDS ("sqlite", "postgres"): every test that
                  uses it (or a fixture below) runs once per backend. PostgreSQL is the server of
                  AUTHORWORKS_TEST_DATABASE_URL (scripts/test.sh starts one); without it the
                  postgres runs are skipped, saying why
  database_factory  database_factory() -> the DATABASE_URL of a new, empty database of `backend`
                  (SQLite: a new file; PostgreSQL: CREATE DATABASE aw_test_<random>, dropped at
                  the end of the module)
  backend_server_factory  backend_server_factory(env=None) -> a started Server on a new database of
                  `backend` (server.database_url says which); stopped at the end of the module

Server, parse_response, read_response and RawResponse are importable helpers too
(`from conftest import Server`).

Deployment mode: AUTHORWORKS_TEST_DEPLOYMENT=gateway runs the same API suite through the nginx
gateway in front of every module as its own process (gateway_platform.py: users, content, storage,
editor, messaging, discovery and the gateway helper, on PostgreSQL, Redis and s3rver), started once
for the session (scripts/test.sh's "functional tests (gateway)" stage). Then:
  server, backend_server_factory(env), module_server_factory(env)
                  are that deployment (a PlatformServer each), provided `env` asks only for settings it
                  runs with (gateway_platform.SETTINGS); anything else fails the test, naming the
                  setting. backend is "gateway" (one run, not one per database)
  server_factory, run_binary, database_factory
                  fail the test: it starts servers or commands of its own
  @pytest.mark.single_binary(reason="...")
                  (or a module's pytestmark) skips a test in this mode, saying why: for tests that by
                  nature need the single binary (their own settings, exit codes, signals, commands,
                  start-up logs, one process's metrics, the HTTP server's own wire behaviour)
The default, AUTHORWORKS_TEST_DEPLOYMENT=single (or unset), is the single binary.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("AUTHORWORKS_BIN") or REPO / "build" / "authorworks")

# Sanitizer builds start slower; everything else is fast.
STARTUP_TIMEOUT = float(os.environ.get("AUTHORWORKS_STARTUP_TIMEOUT", "10"))
STOP_TIMEOUT = 15.0

# Variables passed through from the caller's environment; everything else is left out.
PASS_THROUGH = ("PATH", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS", "LLVM_PROFILE_FILE")

DEPLOYMENT = os.environ.get("AUTHORWORKS_TEST_DEPLOYMENT") or "single"
GATEWAY = DEPLOYMENT == "gateway"

# Why a test that several modules share runs against the single binary alone (single_binary reasons).
AGGREGATED_HEALTH = ("GET /health at the gateway is the aggregated health of every service (the gateway helper's "
                     "/health/services), not one process's liveness")
PER_PROCESS_READY = "/ready is each process's readiness, probed at the service itself; the gateway does not route it"
NGINX_IS_THE_HTTP_SERVER = ("checks the HTTP server's own wire behaviour (parsing, connections, limits): at the "
                            "gateway, the server clients talk to is nginx")
ONE_PROCESS_LOG = ("reads the log of the one process that answers; at the gateway nginx and the helper answer these "
                   "paths")

SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:", "WARNING: ThreadSanitizer")


def free_port() -> int:
    """A loopback port nobody listens on right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(count: int) -> list[int]:
    """`count` different loopback ports nobody listens on right now: held open together while the
    kernel picks them, since one after the other it may hand out the same port twice."""
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _as_port(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def base_environment() -> dict[str, str]:
    return {k: os.environ[k] for k in PASS_THROUGH if k in os.environ}


def merge_env(base: dict[str, str], overrides: dict[str, str | None] | None) -> dict[str, str]:
    """`overrides` wins; a value of None removes the variable."""
    env = dict(base)
    for key, value in (overrides or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value)
    return env


# --------------------------------------------------------------------------------------------
# Raw HTTP over a socket: for what requests cannot send (broken requests, pipelining, stalls).


class Headers:
    """Response headers: case-insensitive, keeping repeated fields."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()):
        self.items: list[tuple[str, str]] = list(items)

    def get_all(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.items if k.lower() == name]

    def get(self, name: str, default: str | None = None) -> str | None:
        values = self.get_all(name)
        return ", ".join(values) if values else default

    def __contains__(self, name: str) -> bool:
        return bool(self.get_all(name))

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __repr__(self) -> str:
        return f"Headers({self.items!r})"


@dataclass
class RawResponse:
    version: str
    status: int
    reason: str
    headers: Headers
    body: bytes
    raw_head: bytes = b""

    def json(self):
        return json.loads(self.body)


class IncompleteResponse(Exception):
    pass


def _recv_more(sock: socket.socket, buf: bytearray, deadline: float) -> bool:
    """Reads whatever arrives into buf; False on EOF. Raises socket.timeout past the deadline."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise socket.timeout("timed out waiting for the response")
    sock.settimeout(remaining)
    chunk = sock.recv(65536)
    if not chunk:
        return False
    buf.extend(chunk)
    return True


def read_response(sock: socket.socket, buf: bytearray | None = None, *, head: bool = False,
                  timeout: float = 5.0) -> RawResponse:
    """Reads one response from sock. `buf` carries bytes read past the previous response (pass
    the same bytearray for pipelined responses). `head`: the request was HEAD, so no body."""
    if buf is None:
        buf = bytearray()
    deadline = time.monotonic() + timeout
    while b"\r\n\r\n" not in buf:
        if not _recv_more(sock, buf, deadline):
            raise IncompleteResponse(f"connection closed before a full response head; got {bytes(buf)!r}")
    end = buf.index(b"\r\n\r\n")
    raw_head = bytes(buf[:end])
    del buf[: end + 4]
    lines = raw_head.decode("latin-1").split("\r\n")
    version, status, reason = (lines[0].split(" ", 2) + [""])[:3]
    headers = Headers()
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.items.append((name.strip(), value.strip()))
    status_code = int(status)
    if head or status_code in (204, 304) or 100 <= status_code < 200:
        body = b""
    elif "Content-Length" in headers:
        length = int(headers["Content-Length"])
        while len(buf) < length:
            if not _recv_more(sock, buf, deadline):
                raise IncompleteResponse(f"body cut short: {len(buf)} of {length} bytes")
        body = bytes(buf[:length])
        del buf[:length]
    elif "chunked" in headers.get("Transfer-Encoding", "").lower():
        body = bytearray()
        while True:
            while b"\r\n" not in buf:
                if not _recv_more(sock, buf, deadline):
                    raise IncompleteResponse("chunked body cut short")
            size_line_end = buf.index(b"\r\n")
            size = int(bytes(buf[:size_line_end]).split(b";")[0], 16)
            while len(buf) < size_line_end + 2 + size + 2:
                if not _recv_more(sock, buf, deadline):
                    raise IncompleteResponse("chunked body cut short")
            body.extend(buf[size_line_end + 2: size_line_end + 2 + size])
            del buf[: size_line_end + 2 + size + 2]
            if size == 0:
                break
        body = bytes(body)
    else:  # until the server closes
        while _recv_more(sock, buf, deadline):
            pass
        body = bytes(buf)
        buf.clear()
    return RawResponse(version, status_code, reason, headers, body, raw_head)


def parse_response(data: bytes) -> RawResponse:
    """Parses one complete response held in `data`."""

    class _Done:
        def settimeout(self, _):
            pass

        def recv(self, _):
            return b""

    return read_response(_Done(), bytearray(data))  # type: ignore[arg-type]


def read_until_close(sock: socket.socket, timeout: float = 5.0) -> tuple[bytes, bool]:
    """Everything until EOF; returns (data, closed). closed is False if the timeout ran out first."""
    buf = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while _recv_more(sock, buf, deadline):
            pass
    except socket.timeout:
        return bytes(buf), False
    except ConnectionResetError:
        return bytes(buf), True
    return bytes(buf), True


# --------------------------------------------------------------------------------------------


class HttpClient:
    """The HTTP side of a server under test, for anything with `host`, `port` and a requests
    session `http`: the single binary (Server) and the gateway deployment (gateway_platform)."""

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 5)
        kwargs.setdefault("allow_redirects", False)
        return self.http.request(method, self.url(path), **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def connect(self, timeout: float = 5.0) -> socket.socket:
        """A raw TCP connection to the server."""
        return socket.create_connection((self.host, self.port), timeout=timeout)

    def raw(self, data: bytes, timeout: float = 5.0, head: bool = False) -> RawResponse:
        """Sends `data` on a new connection and reads one response."""
        with self.connect(timeout) as s:
            s.sendall(data)
            return read_response(s, head=head, timeout=timeout)


@dataclass
class Server(HttpClient):
    """One `authorworks` process. Create, then start(); stop() returns the exit code."""

    binary: Path = BINARY
    env: dict[str, str | None] = field(default_factory=dict)
    args: list[str] = field(default_factory=lambda: ["serve"])
    root: Path | None = None  # a temporary folder holding cwd/, data/ and the captured output

    def __post_init__(self):
        self._tmp: tempfile.TemporaryDirectory | None = None
        if self.root is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="authorworks-ft-")
            self.root = Path(self._tmp.name)
        self.cwd = self.root / "cwd"
        self.data_dir = self.root / "data"
        self.cwd.mkdir(parents=True, exist_ok=True)
        self.stdout_path = self.root / "stdout.log"
        self.stderr_path = self.root / "stderr.log"
        self.process: subprocess.Popen | None = None
        self.port: int = 0
        self.host = "127.0.0.1"
        self.returncode: int | None = None
        self.http = requests.Session()

    # ---- lifecycle

    def start(self, env: dict[str, str | None] | None = None, wait: bool = True,
              timeout: float = STARTUP_TIMEOUT) -> "Server":
        """Starts the process with self.env, then `env` over it; waits for GET /health == 200.
        SERVICE_PORT may be given to pin the port; by default a free one is picked."""
        assert self.process is None, "already started"
        overrides = {**self.env, **(env or {})}
        pinned = "SERVICE_PORT" in overrides
        for attempt in range(3):
            self.port = _as_port(overrides["SERVICE_PORT"]) if pinned else free_port()
            full_env = merge_env(base_environment(), {
                "HOST": self.host,
                "SERVICE_PORT": str(self.port),
                "DATA_DIR": str(self.data_dir),
                "LOG_LEVEL": "info",
                "LOG_FORMAT": "json",
            })
            full_env = merge_env(full_env, overrides)
            if pinned:
                full_env["SERVICE_PORT"] = str(overrides["SERVICE_PORT"])
            self.returncode = None
            with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
                self.started_at = time.monotonic()
                self.process = subprocess.Popen([str(self.binary), *self.args], cwd=self.cwd, env=full_env,
                                                stdout=out, stderr=err, stdin=subprocess.DEVNULL)
            if not wait:
                return self
            try:
                self.wait_healthy(timeout)
                return self
            except RuntimeError:
                # Another process took the port between free_port() and the bind: try another.
                if not pinned and self.process.poll() == 1 and "cannot listen" in self.stderr and attempt < 2:
                    self.process = None
                    continue
                raise
        raise AssertionError("unreachable")

    def wait_healthy(self, timeout: float = STARTUP_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.returncode = self.process.returncode
                raise RuntimeError(f"authorworks exited with {self.returncode} before it was healthy;\n"
                                   f"stderr: {self.stderr}\nstdout: {self.stdout}")
            try:
                r = requests.get(self.url("/health"), timeout=1)
                if r.status_code == 200:
                    return
                last = r.status_code
            except requests.RequestException as e:
                last = e
            time.sleep(0.02)
        self.kill()
        raise RuntimeError(f"authorworks was not healthy within {timeout}s (last: {last});\n"
                           f"stderr: {self.stderr}\nstdout: {self.stdout}")

    def send_signal(self, sig: int = signal.SIGTERM) -> None:
        self.process.send_signal(sig)

    def wait(self, timeout: float = STOP_TIMEOUT) -> int:
        """Waits for the process to end by itself; returns its exit code."""
        self.returncode = self.process.wait(timeout=timeout)
        return self.returncode

    def stop(self, sig: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT) -> int:
        """Sends `sig` (SIGTERM) and waits; returns the exit code. Kills it after `timeout`."""
        if self.process is None:
            raise RuntimeError("not started")
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                raise AssertionError(f"authorworks did not stop within {timeout}s of signal {sig}")
        self.returncode = self.process.returncode
        self.http.close()
        return self.returncode

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def cleanup(self) -> None:
        self.kill()
        if self._tmp is not None:
            self._tmp.cleanup()

    # ---- output

    @property
    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def logs(self) -> list[dict]:
        """stdout's JSON log lines, parsed. A line that is not UTF-8 JSON fails the test."""
        out = []
        data = self.stdout_path.read_bytes() if self.stdout_path.exists() else b""
        for raw_line in data.splitlines():
            if not raw_line.strip():
                continue
            try:
                out.append(json.loads(raw_line.decode("utf-8")))
            except (UnicodeDecodeError, json.JSONDecodeError) as e:
                raise AssertionError(f"a stdout line is not UTF-8 JSON: {raw_line!r}") from e
        return out

    def wait_for_log(self, predicate: Callable[[dict], bool], timeout: float = 3.0) -> dict:
        """The first log line matching `predicate`; the log is flushed every 100 ms or so."""
        deadline = time.monotonic() + timeout
        while True:
            for line in self.logs():
                if predicate(line):
                    return line
            if time.monotonic() > deadline:
                raise AssertionError(f"no log line matched within {timeout}s; stdout:\n{self.stdout[-4000:]}")
            time.sleep(0.05)

    def sanitizer_reports(self) -> list[str]:
        text = self.stderr
        return [m for m in SANITIZER_MARKERS if m in text]


def stop_all(servers: list[Server]) -> None:
    """Stops every server a factory made, asserting each exits cleanly, and removes their folders."""
    try:
        for srv in servers:
            if srv.running:
                assert_clean_exit(srv)
    finally:
        for srv in servers:
            srv.cleanup()


def assert_clean_exit(srv: Server) -> None:
    code = srv.stop()
    assert not srv.sanitizer_reports(), f"sanitizer reports on stderr:\n{srv.stderr}"
    assert code == 0, f"exit code {code}; stderr:\n{srv.stderr}"


@pytest.fixture(scope="session")
def gateway_platform():
    """Gateway mode: the deployment, started at its first use and stopped at the end of the session
    (every process must exit with code 0)."""
    from gateway_platform import Platform

    platform = Platform().start()
    yield platform
    platform.stop()


def platform_server(request, env: dict[str, str | None] | None = None):
    """Gateway mode: the deployment as a server, when `env` asks nothing it does not run with."""
    from gateway_platform import PlatformError, PlatformServer

    platform = request.getfixturevalue("gateway_platform")
    try:
        platform.check_settings(env)
    except PlatformError as e:
        pytest.fail(str(e), pytrace=False)
    return PlatformServer(platform)


def refuse_in_gateway_mode(what: str) -> None:
    if GATEWAY:
        pytest.fail(f"{what} in gateway mode: the test needs the single binary, so mark it "
                    f"@pytest.mark.single_binary(reason=...)", pytrace=False)


@pytest.fixture(scope="session")
def server(request):
    """The shared default server (HOST=127.0.0.1, fresh DATA_DIR, LOG_LEVEL=info, JSON logs); in
    gateway mode, the gateway deployment."""
    if GATEWAY:
        yield platform_server(request)
        return
    srv = Server()
    srv.start()
    yield srv
    try:
        assert_clean_exit(srv)
    finally:
        srv.cleanup()


@pytest.fixture
def server_factory():
    """server_factory(env=None, start=True, args=None) -> Server. All are stopped (SIGTERM) at
    teardown and must exit with code 0, unless the test already stopped them itself."""
    refuse_in_gateway_mode("server_factory starts servers of its own")
    made: list[Server] = []

    def make(env: dict[str, str | None] | None = None, start: bool = True, args: list[str] | None = None) -> Server:
        srv = Server(env=dict(env or {}), args=list(args or ["serve"]))
        made.append(srv)
        if start:
            srv.start()
        return srv

    yield make
    try:
        for srv in made:
            if srv.process is None:
                continue
            if srv.returncode is None and srv.running:
                assert_clean_exit(srv)
            else:
                assert not srv.sanitizer_reports(), f"sanitizer reports on stderr:\n{srv.stderr}"
    finally:
        for srv in made:
            srv.cleanup()


@pytest.fixture(scope="module")
def module_server_factory(request):
    """Like server_factory, but the servers live for the whole test module. In gateway mode: the
    deployment, for settings it runs with."""
    made: list[Server] = []

    def make(env: dict[str, str | None] | None = None) -> Server:
        if GATEWAY:
            return platform_server(request, env)
        srv = Server(env=dict(env or {}))
        made.append(srv)
        srv.start()
        return srv

    yield make
    stop_all(made)


@pytest.fixture
def run_binary(tmp_path):
    """run_binary(args, env=None, timeout=10) -> CompletedProcess (text), run in an empty
    working directory with only the given environment (plus PATH and sanitizer options)."""
    refuse_in_gateway_mode("run_binary runs commands of its own")

    def run(args: list[str], env: dict[str, str | None] | None = None, timeout: float = 10):
        cwd = tmp_path / "cwd"
        cwd.mkdir(exist_ok=True)
        full_env = merge_env(base_environment(), {"DATA_DIR": str(tmp_path / "data"), "HOST": "127.0.0.1"})
        full_env = merge_env(full_env, env)
        return subprocess.run([str(BINARY), *args], cwd=cwd, env=full_env, capture_output=True, text=True,
                              timeout=timeout)

    return run


# --------------------------------------------------------------------------------------------
# Both database backends.

# In gateway mode one run: the deployment's own database (PostgreSQL when there is one).
BACKENDS = ("gateway",) if GATEWAY else ("sqlite", "postgres")
POSTGRES_URL = os.environ.get("AUTHORWORKS_TEST_DATABASE_URL", "")
PSQL = os.environ.get("PSQL", "/usr/bin/psql")


def psql(url: str, sql: str, timeout: float = 30) -> str:
    """Runs `sql` with psql against `url`; returns its unaligned, tuples-only output."""
    result = subprocess.run([PSQL, url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                            capture_output=True, text=True, timeout=timeout, env=merge_env(base_environment(), {}))
    if result.returncode != 0:
        raise RuntimeError(f"psql failed ({result.returncode}) on {sql!r}: {result.stderr}")
    return result.stdout


def with_database(url: str, name: str) -> str:
    """`url` naming the database `name` instead."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


class PostgresDatabases:
    """Fresh databases aw_test_<random> on the server of `url`, each dropped by drop_all()."""

    def __init__(self, url: str):
        self.url = url
        self.names: list[str] = []

    def create(self) -> str:
        name = "aw_test_" + secrets.token_hex(6)
        psql(self.url, f"CREATE DATABASE {name}")
        self.names.append(name)
        return with_database(self.url, name)

    def drop_all(self) -> None:
        # WITH (FORCE): a server that is still connected (a test that failed halfway) does not
        # keep its database alive.
        for name in self.names:
            psql(self.url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.names.clear()


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request) -> str:
    if request.param == "postgres" and not POSTGRES_URL:
        pytest.skip("AUTHORWORKS_TEST_DATABASE_URL is not set: no PostgreSQL to run against "
                    "(scripts/test.sh starts one; or: export AUTHORWORKS_TEST_DATABASE_URL=$(scripts/test-postgres.sh start))")
    return request.param


@pytest.fixture(scope="module")
def database_factory(backend, tmp_path_factory):
    """database_factory() -> the DATABASE_URL of a new, empty database of `backend`."""
    refuse_in_gateway_mode("database_factory makes databases for servers of its own")
    postgres = PostgresDatabases(POSTGRES_URL) if backend == "postgres" else None
    folder = tmp_path_factory.mktemp(f"db-{backend}")

    def make() -> str:
        if postgres is not None:
            return postgres.create()
        return f"sqlite://{folder / (secrets.token_hex(6) + '.db')}"

    yield make
    if postgres is not None:
        postgres.drop_all()


@pytest.fixture(scope="module")
def backend_server_factory(backend, request):
    """backend_server_factory(env=None, database_url=None) -> a started Server on a new database of
    `backend` (or on `database_url`), with server.database_url set. Stopped at the end of the
    module; each must exit with code 0. In gateway mode: the deployment, for settings it runs with."""
    made: list[Server] = []
    database_factory = None if GATEWAY else request.getfixturevalue("database_factory")

    def make(env: dict[str, str | None] | None = None, database_url: str | None = None) -> Server:
        if GATEWAY:
            if database_url is not None:
                pytest.fail("a server on a database of its own needs the single binary: mark the test "
                            "@pytest.mark.single_binary(reason=...)", pytrace=False)
            return platform_server(request, env)
        url = database_url or database_factory()
        srv = Server(env={**(env or {}), "DATABASE_URL": url})
        srv.database_url = url
        made.append(srv)
        srv.start()
        return srv

    yield make
    stop_all(made)


def pytest_report_header(config):
    return f"authorworks binary: {BINARY}; deployment: {DEPLOYMENT}"


def pytest_configure(config):
    config.addinivalue_line("markers", "single_binary(reason): needs the single binary; skipped, saying why, when "
                                       "AUTHORWORKS_TEST_DEPLOYMENT=gateway")
    if DEPLOYMENT not in ("single", "gateway"):
        raise pytest.UsageError(f"AUTHORWORKS_TEST_DEPLOYMENT must be single or gateway, not {DEPLOYMENT!r}")


def pytest_collection_modifyitems(config, items):
    if not GATEWAY:
        return
    for item in items:
        marker = item.get_closest_marker("single_binary")
        if marker is None:
            continue
        reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
        if not reason:
            raise pytest.UsageError(f"{item.nodeid}: single_binary needs a reason")
        item.add_marker(pytest.mark.skip(reason=f"single binary only: {reason}"))


def pytest_sessionstart(session):
    if not BINARY.is_file():
        raise pytest.UsageError(f"the authorworks binary is missing: {BINARY} (build it, or set AUTHORWORKS_BIN)")
