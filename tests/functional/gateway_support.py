"""The microservice deployment on loopback: every service as its own `authorworks serve --target X`
process on a free port, all on one database (the PostgreSQL of AUTHORWORKS_TEST_DATABASE_URL when
it is set, else one SQLite file), and real nginx in front with the configuration rendered from the
repository's nginx.conf by scripts/render-nginx.sh.

Services this build does not have (`routes --target X` refuses them) are not started: nginx still
routes to their addresses, where nobody listens, so requests for them get the gateway's 503.
"""

from __future__ import annotations

import http.client
import json
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from conftest import BINARY, POSTGRES_URL, REPO, PostgresDatabases, Server, base_environment, free_ports, merge_env

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
RENDER = REPO / "scripts" / "render-nginx.sh"
SERVICES = ("users", "content", "storage", "editor", "messaging", "discovery")
UPSTREAM_VARIABLE = {name: f"{name.upper()}_UPSTREAM" for name in SERVICES}
# The front proxy the gateway trusts (Authelia's, in a deployment): another loopback address, so
# that the tests can speak both as it and as an ordinary client (127.0.0.1).
TRUSTED_FRONT_PROXY = "127.0.0.2"
# Clients of their own, so that the rate limit one test provokes does not refuse the others.
RATE_LIMITED_CLIENT = "127.0.0.3"
MAX_UPLOAD_MB = 1
GENERATION_RATE_BURST = 5


def built_targets() -> set[str]:
    """The service targets this binary has."""
    found = set()
    for name in (*SERVICES, "gateway"):
        result = subprocess.run([str(BINARY), "routes", "--target", name], capture_output=True, text=True,
                                timeout=60, env=merge_env(base_environment(), {}), cwd=tempfile.gettempdir())
        if result.returncode == 0:
            found.add(name)
    return found


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self):
        return json.loads(self.body)

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name, default)


@dataclass
class Nginx:
    prefix: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def access_log(self) -> Path:
        return self.prefix / "access.log"

    @property
    def error_log(self) -> Path:
        return self.prefix / "error.log"

    def command(self, *extra: str) -> list[str]:
        return [NGINX, "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"), "-e", str(self.error_log),
                *extra]

    def start(self) -> None:
        self.process = subprocess.Popen(self.command("-g", "daemon off;"), stdout=subprocess.DEVNULL,
                                        stderr=open(self.prefix / "nginx.stderr", "wb"))
        deadline = time.monotonic() + 10
        while True:
            assert self.process.poll() is None, f"nginx exited: {self.stderr()}"
            try:
                # nginx writes its pid file once it holds its port; before that, whatever answers
                # on the port is not nginx.
                if (self.prefix / "nginx.pid").is_file():
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    return
                raise OSError("no pid file yet")
            except OSError:
                assert time.monotonic() < deadline, f"nginx did not listen within 10 s: {self.stderr()}"
                time.sleep(0.05)

    def stderr(self) -> str:
        parts = []
        for path in (self.prefix / "nginx.stderr", self.error_log):
            if path.exists():
                parts.append(path.read_text(errors="replace"))
        return "\n".join(parts)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        # A killed nginx leaves its pid file, which start() would take for the next one's.
        (self.prefix / "nginx.pid").unlink(missing_ok=True)

    def access_lines(self) -> list[dict]:
        """Every access log line, parsed (a line that is not JSON fails the test)."""
        lines = []
        for raw in self.access_log.read_text().splitlines():
            if raw.strip():
                lines.append(json.loads(raw))
        return lines

    def access_line(self, trace_id: str, timeout: float = 3.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for line in self.access_lines():
                if line["trace_id"] == trace_id:
                    return line
            assert time.monotonic() < deadline, f"no access log line for {trace_id}"
            time.sleep(0.05)


@dataclass
class Deployment:
    """The services, the gateway helper and nginx; `url()` and `host`/`port` are the gateway's, so
    that accounts_support.call() and register() go through it."""

    nginx: Nginx
    services: dict[str, Server]
    addresses: dict[str, str]  # service -> host:port (also for services that are not running)
    env: dict[str, str]
    root: Path
    host: str = "127.0.0.1"
    built: set[str] = field(default_factory=set)

    @property
    def port(self) -> int:
        return self.nginx.port

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def request(self, method: str, path: str, *, headers: dict | None = None, body: bytes | str | None = None,
                source: str = "127.0.0.1", timeout: float = 20) -> Reply:
        """One request to the gateway from the loopback address `source`, with an X-Request-Id of
        its own unless given."""
        all_headers = {"X-Request-Id": "gw-" + secrets.token_hex(8)}
        all_headers.update(headers or {})
        if isinstance(body, str):
            body = body.encode()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout, source_address=(source, 0))
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            return Reply(response.status, response.headers, response.read())
        finally:
            connection.close()

    def service_env(self, name: str) -> dict[str, str]:
        host, port = self.addresses[name].split(":")
        return {**self.env, "SERVICE_PORT": port}

    def start_service(self, name: str) -> Server:
        srv = Server(env=self.service_env(name), args=["serve", "--target", name],
                     root=self.root / f"{name}-{secrets.token_hex(3)}")
        srv.start()
        self.services[name] = srv
        return srv

    def stop_service(self, name: str) -> None:
        srv = self.services.pop(name)
        assert srv.stop() == 0, srv.stderr
        assert not srv.sanitizer_reports(), srv.stderr


def render_config(prefix: Path, variables: dict[str, str]) -> Path:
    result = subprocess.run([str(RENDER)], capture_output=True, text=True, timeout=30,
                            env=merge_env(base_environment(), variables))
    assert result.returncode == 0, result.stderr
    path = prefix / "nginx.conf"
    path.write_text(result.stdout)
    return path


def make_web_root(root: Path) -> Path:
    """A built web app's shape: index.html and a content-hashed asset, large enough to compress.
    Readable by nginx's worker user, whoever that is."""
    web = root / "web"
    (web / "assets").mkdir(parents=True)
    (web / "index.html").write_text(
        "<!doctype html><html><head><title>AuthorWorks</title>"
        "<script type=\"module\" src=\"/assets/index-3f9a2c1b.js\"></script></head>"
        "<body><div id=\"root\"></div></body></html>\n" + "<!-- padding -->\n" * 40)
    (web / "assets" / "index-3f9a2c1b.js").write_text(
        "export function greet(name) { return `Hello, ${name}`; }\n" * 200)
    for path in (web, web / "assets"):
        path.chmod(0o755)
    for path in (web / "index.html", web / "assets" / "index-3f9a2c1b.js"):
        path.chmod(0o644)
    return web


def allocate_ports() -> tuple[dict[str, str], int]:
    """host:port of every service and of the gateway helper, and nginx's port, all different (a
    service on nginx's port would answer in its place)."""
    names = (*SERVICES, "gateway")
    *ports, nginx_port = free_ports(len(names) + 1)
    return {name: f"127.0.0.1:{port}" for name, port in zip(names, ports)}, nginx_port


def plan_deployment(root: Path, addresses: dict[str, str], nginx_port: int, env: dict[str, str], built: set[str],
                    nginx_settings: dict[str, str]) -> Deployment:
    """A deployment whose nginx configuration is rendered under root/nginx for the services at
    `addresses`, with `nginx_settings` for render-nginx.sh on top; nothing is started yet."""
    prefix = root / "nginx"
    (prefix / "temp").mkdir(parents=True)
    for path in (prefix, prefix / "temp"):
        path.chmod(0o755)
    render_config(prefix, {
        "GATEWAY_LISTEN": f"127.0.0.1:{nginx_port}",
        **{UPSTREAM_VARIABLE[name]: addresses[name] for name in SERVICES},
        "GATEWAY_HELPER_UPSTREAM": addresses["gateway"],
        "WEB_ROOT": str(make_web_root(root)),
        "NGINX_PID": str(prefix / "nginx.pid"),
        "NGINX_ERROR_LOG": str(prefix / "error.log"),
        "NGINX_ACCESS_LOG": str(prefix / "access.log"),
        "NGINX_TEMP_DIR": str(prefix / "temp"),
        **nginx_settings,
    })
    return Deployment(Nginx(prefix, nginx_port), {}, addresses, env, root, built=built)


def start_all(deployment: Deployment, services: list[str]) -> None:
    """Starts `services`, the gateway helper and nginx."""
    # users first: the first service to start applies the migrations; the others wait for it.
    for name in ("users", *[n for n in services if n != "users"], "gateway"):
        if name in deployment.built:
            deployment.start_service(name)
    deployment.nginx.start()


def start_deployment(extra_env: dict[str, str] | None = None) -> tuple[Deployment, PostgresDatabases | None]:
    root = Path(tempfile.mkdtemp(prefix="authorworks-gw-"))
    root.chmod(0o755)  # nginx's workers read the web app and write their temporary files here
    postgres = PostgresDatabases(POSTGRES_URL) if POSTGRES_URL else None
    database_url = postgres.create() if postgres else f"sqlite://{root / 'shared.db'}"
    built = built_targets()
    addresses, nginx_port = allocate_ports()
    running = [name for name in SERVICES if name in built]
    env = {
        "DATABASE_URL": database_url,
        "JWT_SECRET": secrets.token_hex(32),
        "PASSWORD_HASH_COST": "minimum",
        "AUTH_MODE": "local,proxy",
        "SHUTDOWN_TIMEOUT_SECONDS": "2",
        "MAX_UPLOAD_MB": str(MAX_UPLOAD_MB),
        "GATEWAY_SERVICES": ",".join(running),
        "GATEWAY_HEALTH_TIMEOUT_MS": "3000",  # a loaded CI machine (sanitizers) can be slow to answer
        "SERVICE_RETRIES": "1",
        **{f"{name.upper()}_SERVICE_URL": f"http://{addresses[name]}" for name in (*SERVICES, "gateway")},
        **(extra_env or {}),
    }
    deployment = plan_deployment(root, addresses, nginx_port, env, built, {
        "MAX_UPLOAD_MB": str(MAX_UPLOAD_MB),
        "TRUSTED_FRONT_PROXIES": f"{TRUSTED_FRONT_PROXY}/32",
        "GENERATION_RATE_LIMIT": "1r/m",
        "GENERATION_RATE_BURST": str(GENERATION_RATE_BURST),
    })
    try:
        start_all(deployment, running)
    except BaseException:
        stop_deployment(deployment, postgres)
        raise
    return deployment, postgres


def stop_deployment(deployment: Deployment, postgres: PostgresDatabases | None) -> None:
    try:
        deployment.nginx.stop()
        failures = []
        for name in list(deployment.services):
            srv = deployment.services.pop(name)
            code = srv.stop()
            if code != 0 or srv.sanitizer_reports():
                failures.append(f"{name} exited with {code}: {srv.stderr[-2000:]}")
            srv.cleanup()
        assert not failures, "\n".join(failures)
    finally:
        if postgres is not None:
            postgres.drop_all()
        shutil.rmtree(deployment.root, ignore_errors=True)
