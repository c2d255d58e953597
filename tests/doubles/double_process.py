"""Start a model API double as a child process and drive it, for pytest suites:

    from double_process import DoubleProcess          # with tests/doubles on sys.path
    with DoubleProcess("anthropic") as double:        # or "openai"
        env = {"LLM_PROVIDER": "anthropic", "ANTHROPIC_API_KEY": "k", "ANTHROPIC_BASE_URL": double.url}
        double.script({"status": 429, "retry_after": 1}, {"cut_after": 20, "stage": "scene"})
        ...
        assert len(double.requests()) == 5

`url` is the base URL to configure (the OpenAI double's ends in /v1). See scripted_double.py for
the behaviours and the prompt markers.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
PYTHON = "/usr/bin/python3"


class DoubleProcess:
    def __init__(self, provider, api_key=None):
        if provider not in ("anthropic", "openai"):
            raise ValueError(f"unknown provider {provider!r}")
        self.provider = provider
        self._dir = tempfile.TemporaryDirectory(prefix="aw-double-")
        port_file = Path(self._dir.name) / "port"
        self._log = open(Path(self._dir.name) / "log", "w")
        args = [PYTHON if os.path.exists(PYTHON) else sys.executable, str(HERE / f"{provider}_double.py"),
                "--port", "0", "--port-file", str(port_file)]
        if api_key is not None:
            args += ["--api-key", api_key]
        self._process = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while not port_file.exists():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the {provider} double did not start: {self.log()}")
            time.sleep(0.02)
        self.port = int(port_file.read_text())
        self.origin = f"http://127.0.0.1:{self.port}"
        self.url = self.origin + ("/v1" if provider == "openai" else "")

    def control(self, **command):
        response = requests.post(self.origin + "/__control", json=command, timeout=10)
        response.raise_for_status()
        return response.json()

    def script(self, *behaviours):
        return self.control(script=list(behaviours))

    def reset(self):
        return self.control(reset=True)

    def requests(self):
        response = requests.get(self.origin + "/__requests", timeout=10)
        response.raise_for_status()
        return response.json()["requests"]

    def log(self):
        self._log.flush()
        return (Path(self._dir.name) / "log").read_text()

    def stop(self):
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._log.close()
        self._dir.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
