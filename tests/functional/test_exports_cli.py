"""`authorworks export`: the book `authorworks generate` wrote, rendered to Markdown, a Markdown zip
and EPUB from the command line."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import BINARY, base_environment, merge_env
from export_support import epubcheck

pytestmark = pytest.mark.single_binary(reason="runs the export command, not a server")


def run(tmp_path: Path, command: str, args: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    return subprocess.run([str(BINARY), command, *args], cwd=cwd, env=merge_env(base_environment(), {}),
                          capture_output=True, text=True, timeout=timeout)


def test_export_renders_a_generated_book_in_every_format(tmp_path):
    book = tmp_path / "book"
    written = run(tmp_path, "generate", ["--title", "Été à Kyōto", "--words", "900", "--author", "Zoë", "--out",
                                         str(book)])
    assert written.returncode == 0, written.stderr

    result = run(tmp_path, "export", [str(book), "--format", "md,md-zip,epub"])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3, result.stdout
    assert lines[0].startswith(f"wrote {book / 't-ky-to.md'} (md, ")
    assert lines[2].startswith(f"wrote {book / 't-ky-to.epub'} (epub, ")

    markdown = (book / "t-ky-to.md").read_text()
    assert markdown.startswith('---\ntitle: "Été à Kyōto"\nauthor: "Zoë"\nkind: novel\n')
    with zipfile.ZipFile(book / "t-ky-to.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names) and names[0].startswith("01-") and all(n.endswith(".md") for n in names)
        assert archive.read(names[0]).decode().startswith('---\ntitle: "Été à Kyōto"\n')
    epubcheck(book / "t-ky-to.epub")

    # --output names the file for a single format; the same book renders the same bytes.
    again = run(tmp_path, "export", [str(book), "--format=epub", "--output", str(tmp_path / "copy.epub")])
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "copy.epub").read_bytes() == (book / "t-ky-to.epub").read_bytes()


def test_export_refuses_a_folder_without_a_book_and_bad_options(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(tmp_path, "export", [str(empty)])
    assert result.returncode == 2
    assert "holds no book" in result.stderr and "authorworks generate --out" in result.stderr

    result = run(tmp_path, "export", [str(empty), "--format", "docx"])
    assert result.returncode == 2
    assert "--format takes md, md-zip, epub or pdf, not 'docx'" in result.stderr
