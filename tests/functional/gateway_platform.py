"""The whole platform as the microservice deployment, for the API suite in gateway mode
(AUTHORWORKS_TEST_DEPLOYMENT=gateway, see conftest.py): every service as its own
`authorworks serve --target X` process and the gateway helper, on PostgreSQL (the server of
AUTHORWORKS_TEST_DATABASE_URL; one SQLite file without it), a throwaway Redis and s3rver, behind real
nginx on the configuration scripts/render-nginx.sh renders from the repository's nginx.conf.

One deployment serves the whole session. Tests reach it through PlatformServer, which answers like
conftest.Server where the API tests need it (host, port, url, request, get, raw, connect, the logs
of every process, database_url), so the same test runs against the single binary or through the
gateway. Its settings (SETTINGS) are the single binary's defaults but for the few every API suite
asks for; a test that asks for others needs a server of its own and is single-binary.

The test client plays the trusted front proxy (Authelia's, in a homelab): nginx believes the
X-Forwarded-For each call names, as the single binary does for its loopback peer, so that each test's
client address is its own for the sign-in and generation limits.
"""

from __future__ import annotations

import secrets
import tempfile
import time
from pathlib import Path
from typing import Callable

import requests

from accounts_support import Account, register
from conftest import POSTGRES_URL, SANITIZER_MARKERS, STARTUP_TIMEOUT, HttpClient, PostgresDatabases
from gateway_support import (SERVICES, Deployment, allocate_ports, built_targets, plan_deployment, start_all,
                             stop_deployment)
from redis_support import REDIS_SERVER, RedisServer
from storage_support import S3RVER, S3rver, node

# What every API suite runs with, the same in both modes: the weakest password hashing (the suites
# register hundreds of accounts) and the 2 MiB upload limit the storage suite checks.
SETTINGS = {"PASSWORD_HASH_COST": "minimum", "MAX_UPLOAD_MB": "2"}
CLIENT_PROXY = "127.0.0.1"


class PlatformError(RuntimeError):
    pass


class Platform:
    """The running deployment: start() once, stop() at the end of the session."""

    def __init__(self):
        self.postgres: PostgresDatabases | None = None
        self.redis: RedisServer | None = None
        self.s3rver: S3rver | None = None
        self.deployment: Deployment | None = None
        self.administrator: Account | None = None

    # ---- lifecycle

    def start(self) -> "Platform":
        if REDIS_SERVER is None:
            raise PlatformError("redis-server is not installed (scripts/install-deps.sh --test installs it)")
        if node() is None or not S3RVER.is_file():
            raise PlatformError("s3rver is not installed: npm ci --prefix tests/tools")
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        root = Path(tempfile.mkdtemp(prefix="authorworks-platform-"))
        root.chmod(0o755)  # nginx's workers read the web app and write their temporary files here
        self.postgres = PostgresDatabases(POSTGRES_URL) if POSTGRES_URL else None
        database_url = self.postgres.create() if self.postgres else f"sqlite://{root / 'platform.db'}"
        self.redis = RedisServer()
        self.redis.start()
        self.s3rver = S3rver()
        self.s3rver.start()

        built = built_targets()
        missing = [name for name in (*SERVICES, "gateway") if name not in built]
        if missing:
            raise PlatformError(f"this build has no target {', '.join(missing)}: the gateway suite needs them all")
        addresses, nginx_port = allocate_ports()
        env = {
            **SETTINGS,
            "DATABASE_URL": database_url,
            "REDIS_URL": self.redis.url,
            **self.s3rver.env(),
            "JWT_SECRET": secrets.token_hex(32),
            "GATEWAY_SERVICES": ",".join(SERVICES),
            **{f"{name.upper()}_SERVICE_URL": f"http://{addresses[name]}" for name in (*SERVICES, "gateway")},
        }
        self.deployment = plan_deployment(root, addresses, nginx_port, env, built, {
            "MAX_UPLOAD_MB": SETTINGS["MAX_UPLOAD_MB"],
            "TRUSTED_FRONT_PROXIES": f"{CLIENT_PROXY}/32",
        })
        start_all(self.deployment, list(SERVICES))
        self._wait_healthy()
        # The first account of an installation administers it: the platform's own, made before any
        # test runs, which the suites' "first account" helper hands out (accounts_support).
        self.administrator = register(PlatformServer(self), username="platform-admin")
        assert self.administrator.is_admin, self.administrator.user

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            try:
                reply = requests.get(f"http://127.0.0.1:{self.deployment.port}/health", timeout=2)
                if reply.status_code == 200:
                    return
                last = f"{reply.status_code} {reply.text}"
            except requests.RequestException as e:
                last = str(e)
            if time.monotonic() > deadline:
                raise PlatformError(f"the gateway was not healthy within {STARTUP_TIMEOUT}s: {last}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stops everything; every service must exit with code 0 and no sanitizer report."""
        try:
            if self.deployment is not None:
                stop_deployment(self.deployment, self.postgres)
            elif self.postgres is not None:
                self.postgres.drop_all()
        finally:
            for helper in (self.s3rver, self.redis):
                if helper is not None:
                    helper.stop()
            if self.s3rver is not None:
                self.s3rver.cleanup()
            if self.redis is not None:
                self.redis.folder.cleanup()

    # ---- what the suites ask of it

    @property
    def env(self) -> dict[str, str]:
        return dict(self.deployment.env)

    @property
    def database_url(self) -> str:
        return self.deployment.env["DATABASE_URL"]

    def check_settings(self, wanted: dict[str, str | None] | None) -> None:
        """Refuses, naming the setting, a server the deployment is not: the test must be marked
        single_binary. JWT_SECRET is the exception: the deployment has one of its own, which a test
        reads from server.env."""
        for key, value in (wanted or {}).items():
            if key == "JWT_SECRET":
                continue
            have = self.deployment.env.get(key)
            if value is None or str(value) != have:
                raise PlatformError(
                    f"the test wants {key}={value!r}, the gateway deployment runs with {key}={have!r}: a test "
                    f"that needs a server of its own is @pytest.mark.single_binary(reason=...)")


class PlatformServer(HttpClient):
    """The platform as the suites see a server (conftest.Server's interface where the API tests need
    it). One per fixture that asks, so that what a suite keeps on its server (its administrator, its
    store) stays its own; they all reach the same deployment."""

    def __init__(self, platform: Platform):
        self.platform = platform
        self.host = "127.0.0.1"
        self.port = platform.deployment.port
        self.database_url = platform.database_url
        self.env = platform.env
        self.http = requests.Session()

    @property
    def data_dir(self) -> Path:
        """The storage service's DATA_DIR: the one process that writes files there (its upload
        spool, and the local store when there is no S3)."""
        return self.platform.deployment.services["storage"].data_dir

    @property
    def administrator(self) -> Account | None:
        return self.platform.administrator

    @property
    def running(self) -> bool:
        return True

    def stop(self, *args, **kwargs) -> int:
        raise PlatformError("the gateway deployment is shared by the whole session and stops at its end: "
                            "a test that stops its server is @pytest.mark.single_binary")

    # ---- output: every service's, then nginx's access log

    def _processes(self):
        return list(self.platform.deployment.services.values())

    @property
    def stdout(self) -> str:
        parts = [srv.stdout for srv in self._processes()]
        access = self.platform.deployment.nginx.access_log
        if access.exists():
            parts.append(access.read_text(errors="replace"))
        return "\n".join(parts)

    @property
    def stderr(self) -> str:
        parts = [srv.stderr for srv in self._processes()]
        parts.append(self.platform.deployment.nginx.stderr())
        return "\n".join(parts)

    def logs(self) -> list[dict]:
        """Every service's JSON log lines, then nginx's access log lines."""
        lines = []
        for srv in self._processes():
            lines.extend(srv.logs())
        lines.extend(self.platform.deployment.nginx.access_lines())
        return lines

    def wait_for_log(self, predicate: Callable[[dict], bool], timeout: float = 3.0) -> dict:
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
