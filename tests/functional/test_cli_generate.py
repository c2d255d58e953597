"""`authorworks generate`: a whole book written in-process into Markdown files, resumed after a
kill or Ctrl-C, and refused for bad arguments.

The model runs use the Anthropic test double (tests/doubles/anthropic_double.py), which speaks the
real streaming protocol and logs every request; each prompt carries a `Stage:` marker line.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BINARY, base_environment, merge_env

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "doubles"))
from double_process import DoubleProcess  # noqa: E402

pytestmark = pytest.mark.single_binary(reason="runs the generate command, not a server")

TITLE = "The Salt Road"
BRAINDUMP = "A lighthouse keeper finds letters from her drowned brother; the harbour town keeps secrets."


def generate(tmp_path: Path, args: list[str], env: dict | None = None, timeout: float = 180):
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    return subprocess.run([str(BINARY), "generate", *args], cwd=cwd, env=merge_env(base_environment(), env),
                          capture_output=True, text=True, timeout=timeout)


def start_generate(tmp_path: Path, args: list[str], env: dict | None = None) -> subprocess.Popen:
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    return subprocess.Popen([str(BINARY), "generate", *args], cwd=cwd, env=merge_env(base_environment(), env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def front_matter(markdown: str) -> dict[str, str]:
    assert markdown.startswith("---\n"), markdown[:200]
    block = markdown[4:markdown.index("\n---\n")]
    fields = {}
    for line in block.splitlines():
        key, _, value = line.partition(": ")
        fields[key] = value.strip('"')
    return fields


def body_words(markdown: str) -> int:
    """Words of the chapters' text: everything after the first chapter heading, minus headings
    and scene breaks."""
    body = markdown[markdown.index("\n## Chapter 1"):] if "\n## Chapter 1" in markdown else markdown
    words = 0
    for line in body.splitlines():
        if line.startswith("#") or line.startswith("<p align"):
            continue
        words += sum(1 for token in line.split() if re.search(r"\w", token))
    return words


def anthropic_env(double: DoubleProcess) -> dict[str, str]:
    return {"LLM_PROVIDER": "anthropic", "ANTHROPIC_API_KEY": "test-key", "ANTHROPIC_BASE_URL": double.url,
            "GENERATION_PARALLELISM": "1", "LLM_MAX_RETRIES": "0"}


def prompt_of(request: dict) -> str:
    messages = request["body"].get("messages") or []
    content = messages[-1].get("content") if messages else ""
    if isinstance(content, list):
        return "\n".join(block.get("text", "") for block in content)
    return content


def test_small_novel_with_the_offline_writer(tmp_path):
    out = tmp_path / "salt"
    p = generate(tmp_path, ["--title", TITLE, "--braindump", BRAINDUMP, "--words", "3000", "--seed", "7",
                            "--author", "Ada Lane", "--out", str(out)])
    assert p.returncode == 0, p.stderr
    assert "wrote " in p.stdout and "the-salt-road.md" in p.stdout

    book = (out / "the-salt-road.md").read_text()
    fields = front_matter(book)
    assert fields["title"] == TITLE
    assert fields["author"] == "Ada Lane"
    assert fields["kind"] == "novel"
    assert fields["genre"]
    assert fields["writer"] == "Offline writer (not an AI model)"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", fields["generated"])
    words = int(fields["words"])
    assert 2850 <= words <= 3150, words
    assert abs(body_words(book) - words) <= words * 0.02

    assert f"\n# {TITLE}\n" in book and "\n## Contents\n" in book
    headings = re.findall(r"^## Chapter (\d+): .+$", book, re.MULTILINE)
    assert headings == [str(n) for n in range(1, len(headings) + 1)] and headings
    for n in headings:
        assert re.search(rf"^- \[Chapter {n}: .+\]\(#chapter-{n}-[^)]*\)$", book, re.MULTILINE)
    assert '<p align="center">* * *</p>' in book

    chapters = sorted((out / "chapters").iterdir())
    assert len(chapters) == len(headings)
    assert all(re.fullmatch(r"\d\d-[a-z0-9-]+\.md", c.name) for c in chapters)
    first = chapters[0].read_text()
    assert front_matter(first)["chapter"] == "1"
    assert "\n# Chapter 1: " in first

    # Not a terminal: plain progress lines, no carriage returns, ending at 100 %.
    progress = [line for line in p.stderr.splitlines() if line.startswith("progress: ")]
    assert len(progress) >= 2, p.stderr
    assert "\r" not in p.stderr and "\x1b" not in p.stderr
    assert progress[-1].startswith("progress: 100.0%")
    assert re.search(r"tokens \S+ in / \S+ out, \$\d", progress[-1])

    # A second run on the finished book renders the same bytes again, without writing anything new.
    again = generate(tmp_path, ["--title", TITLE, "--out", str(out)])
    assert again.returncode == 0, again.stderr
    assert "already written" in again.stdout
    assert (out / "the-salt-road.md").read_text() == book

    # Another title in the same folder is refused: the folder holds one book.
    other = generate(tmp_path, ["--title", "Another Book", "--out", str(out)])
    assert other.returncode == 2
    assert "holds the book 'The Salt Road'" in other.stderr


def test_default_folder_braindump_file_and_play(tmp_path):
    (tmp_path / "cwd").mkdir()
    (tmp_path / "cwd" / "ideas.txt").write_text("Two sisters run a failing theatre by the sea.\n")
    p = generate(tmp_path, ["--title", "Tide & Time!", "--braindump", "@ideas.txt", "--kind", "play",
                            "--words", "2000"])
    assert p.returncode == 0, p.stderr
    book = (tmp_path / "cwd" / "tide-time" / "tide-time.md").read_text()
    assert front_matter(book)["kind"] == "play"
    assert "\n# Tide & Time!\n" in book
    assert "\n## Act 1: " in book and "\n### Scene 1" in book
    assert "```" not in book
    assert (tmp_path / "cwd" / "tide-time" / ".authorworks" / "book.db").exists()


@pytest.mark.parametrize("args,message", [
    ([], "generate needs --title"),
    (["--title", "T", "--bogus"], "unknown option '--bogus'"),
    (["--title", "T", "--kind", "poem"], "--kind must be novel, screenplay or play"),
    (["--title", "T", "--words", "lots"], "--words must be a whole number"),
    (["--title", "T", "--braindump", "@missing.txt"], "cannot read the braindump from 'missing.txt'"),
    (["--title", "T", "--words", "10"], "--words: "),
])
def test_bad_arguments_exit_2(tmp_path, args, message):
    p = generate(tmp_path, args + ["--out", str(tmp_path / "out")], timeout=30)
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert message in p.stderr
    assert not (tmp_path / "out" / "t.md").exists()


def test_help(tmp_path):
    p = generate(tmp_path, ["--help"])
    assert p.returncode == 0
    for option in ("--title", "--braindump", "@FILE", "--kind", "--genre", "--words", "--seed", "--out"):
        assert option in p.stdout


def test_writer_failure_exits_1_in_plain_words(tmp_path):
    with DoubleProcess("anthropic", api_key="the-right-key") as double:
        env = anthropic_env(double) | {"ANTHROPIC_API_KEY": "a-wrong-key"}
        p = generate(tmp_path, ["--title", TITLE, "--words", "2000", "--out", str(tmp_path / "out")], env)
    assert p.returncode == 1, p.stderr
    assert "could not be finished" in p.stderr
    assert "key" in p.stderr.lower()
    assert "Traceback" not in p.stderr and "what():" not in p.stderr


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_killed_run_resumes_without_repeating_finished_steps(tmp_path):
    out = tmp_path / "out"
    args = ["--title", TITLE, "--braindump", BRAINDUMP, "--words", "3000", "--out", str(out)]
    with DoubleProcess("anthropic") as double:
        env = anthropic_env(double)
        double.control(default={"tokens_per_second": 150})
        process = start_generate(tmp_path, args, env)
        try:
            # Kill it while it drafts the second scene, after the first one and its summary are saved.
            wait_for(lambda: sum(1 for r in double.requests() if r.get("stage") == "scene") >= 2, 120,
                     "the second scene's request")
            time.sleep(0.5)
        finally:
            process.kill()
            process.communicate(timeout=10)
        before = double.requests()
        assert process.returncode == -signal.SIGKILL

        double.control(default={})  # the rest at full speed
        p = generate(tmp_path, args, env)
        assert p.returncode == 0, p.stderr
        assert "resuming 'The Salt Road'" in p.stderr
        after = double.requests()[len(before):]

    assert after, "the resumed run asked for nothing"
    # With one chapter at a time, one request was in flight when the process died: only that one
    # may be asked again. Every earlier request was a finished step.
    finished = {prompt_of(r) for r in before[:-1]}
    repeated = [r.get("stage") for r in after if prompt_of(r) in finished]
    assert repeated == [], repeated
    stages_before = {r.get("stage") for r in before}
    assert {"genre", "outline", "chapter_plan", "scene", "summary"} <= stages_before
    assert before[-1].get("stage") == "scene"
    assert not any(r.get("stage") in ("genre", "style", "characters", "synopsis", "outline") for r in after)

    book = (out / "the-salt-road.md").read_text()
    fields = front_matter(book)
    assert fields["writer"].startswith("Claude")
    assert 2850 <= int(fields["words"]) <= 3150


def test_ctrl_c_stops_cleanly_and_the_book_resumes(tmp_path):
    out = tmp_path / "out"
    args = ["--title", TITLE, "--words", "3000", "--out", str(out)]
    with DoubleProcess("anthropic") as double:
        env = anthropic_env(double)
        double.control(default={"tokens_per_second": 150})
        process = start_generate(tmp_path, args, env)
        wait_for(lambda: any(r.get("stage") == "scene" for r in double.requests()), 120, "a scene request")
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
        assert process.returncode == 130, stderr
        assert "interrupted" in stderr and "Run the same command again" in stderr
        assert not (out / "the-salt-road.md").exists()

        double.control(default={})
        p = generate(tmp_path, args, env)
    assert p.returncode == 0, p.stderr
    assert "resuming" in p.stderr
    assert 2850 <= int(front_matter((out / "the-salt-road.md").read_text())["words"]) <= 3150


def test_terminal_gets_one_redrawn_line(tmp_path):
    import os
    import pty
    import threading

    master, slave = pty.openpty()
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    process = subprocess.Popen([str(BINARY), "generate", "--title", "Tty Book", "--words", "2000"], cwd=cwd,
                               env=merge_env(base_environment(), {}), stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    chunks = []

    def drain():
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed its end
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    stdout, _ = process.communicate(timeout=120)
    reader.join(timeout=10)
    os.close(master)
    terminal = b"".join(chunks).decode()
    assert process.returncode == 0, terminal
    assert "\r" in terminal and "\x1b[K" in terminal
    assert "progress: " not in terminal
    assert re.search(r"\[#+\] 100%", terminal), terminal[-400:]
    assert b"wrote " in stdout
