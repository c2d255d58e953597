"""Helpers for the export tests: epubcheck, and reading the files the exports make."""

from __future__ import annotations

import subprocess
from pathlib import Path

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")


def epubcheck(path: Path) -> None:
    """epubcheck passes `path` with no fatal errors, no errors and no warnings."""
    assert EPUBCHECK.is_file(), "epubcheck is not installed (scripts/install-deps.sh --test installs it)"
    # A quick JIT and a small collector: epubcheck is a short run, and half the CPU goes otherwise.
    result = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(EPUBCHECK), str(path)],
                            capture_output=True, text=True, timeout=180)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "No errors or warnings detected" in output, output
    assert "WARNING" not in output, output
