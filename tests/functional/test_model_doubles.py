"""The model API doubles answer every pipeline stage with output in the formats fixed in
src/llm/writer.hpp, read from the prompt markers, so that generation tests against them can run a
whole book. Also the wire details other suites rely on: errors, caching, scripts, the request log."""

import json
import re
import time
import sys
from pathlib import Path

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "doubles"))
from double_process import DoubleProcess  # noqa: E402

pytestmark = pytest.mark.single_binary(reason="checks the model doubles alone: no server to run through the gateway")


@pytest.fixture(scope="module", params=["anthropic", "openai"])
def double(request):
    with DoubleProcess(request.param) as process:
        yield process


def sse_events(response):
    events, name = [], None
    for line in response.iter_lines(decode_unicode=True):
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            events.append((name, line[6:]))
            name = None
    return events


def ask(double, user, system=None, key="k"):
    """Returns (status, text, events) for one streamed request."""
    if double.provider == "anthropic":
        body = {"model": "claude-sonnet-4-5", "max_tokens": 1000, "stream": True,
                "messages": [{"role": "user", "content": user}]}
        if system:
            body["system"] = system
        response = requests.post(double.url + "/v1/messages", json=body, stream=True, timeout=30,
                                 headers={"x-api-key": key, "anthropic-version": "2023-06-01"})
        if response.status_code != 200:
            return response.status_code, response.json(), []
        events = sse_events(response)
        text = "".join(json.loads(d)["delta"]["text"] for n, d in events if n == "content_block_delta")
        return 200, text, events
    body = {"model": "llama3.1:8b", "stream": True, "stream_options": {"include_usage": True},
            "messages": [{"role": "user", "content": user}]}
    response = requests.post(double.url + "/chat/completions", json=body, stream=True, timeout=30)
    if response.status_code != 200:
        return response.status_code, response.json(), []
    events = sse_events(response)
    chunks = [json.loads(d) for _, d in events if d != "[DONE]"]
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c.get("choices"))
    return 200, text, events


def test_every_stage_gets_valid_output(double):
    double.reset()
    _, genre, _ = ask(double, "Stage: genre")
    assert genre and "\n" not in genre
    _, synopsis, _ = ask(double, "Stage: synopsis")
    assert 150 <= len(synopsis.split()) <= 400
    _, characters, _ = ask(double, "Stage: characters")
    names = [c["name"] for c in json.loads(characters)["characters"]]
    assert 2 <= len(names) <= 12 and len(set(names)) == len(names)
    _, outline, _ = ask(double, "Write the outline.\nStage: outline\nChapters: 5")
    assert [c["number"] for c in json.loads(outline)["chapters"]] == [1, 2, 3, 4, 5]
    _, plan, _ = ask(double, "Stage: chapter_plan\nChapter: 2\nScenes: 3")
    plan = json.loads(plan)
    assert plan["number"] == 2 and plan["opening"] and plan["ending"]
    assert [s["number"] for s in plan["scenes"]] == [1, 2, 3]
    assert all(set(s["characters"]) <= set(names) for s in plan["scenes"])
    _, scene, _ = ask(double, "Stage: scene\nTarget words: 321")
    assert len(scene.split()) == 321
    _, repaired, _ = ask(double, "Stage: repair\nRepair of: outline\nChapters: 2")
    assert len(json.loads(repaired)["chapters"]) == 2
    _, summary, _ = ask(double, "Stage: summary")
    assert 2 <= len(re.findall(r"\.", summary)) <= 8


def test_scripted_behaviours_apply_in_order_and_by_stage(double):
    double.reset()
    double.script({"invalid_json": True, "stage": "outline"}, {"status": 429, "retry_after": 2})
    status, body, _ = ask(double, "Stage: genre")
    assert status == 429
    _, outline, _ = ask(double, "Stage: outline\nChapters: 2")
    with pytest.raises(ValueError):
        json.loads(outline)
    _, outline, _ = ask(double, "Stage: outline\nChapters: 2")
    assert len(json.loads(outline)["chapters"]) == 2
    log = double.requests()
    assert [r["stage"] for r in log] == ["genre", "outline", "outline"]
    assert log[0]["behaviour"] == {"status": 429, "retry_after": 2}
    assert log[1]["markers"] == {"Stage": "outline", "Chapters": "2"}
    assert log[1]["prompt_sha256"] == log[2]["prompt_sha256"]


def test_streams_at_the_rate_it_was_started_with():
    with DoubleProcess("openai", extra_args=["--tokens-per-second", "200"]) as double:
        start = time.monotonic()
        _, text, _ = ask(double, "Stage: scene\nChapter: 1\nScene: 2\nTarget words: 100")
        took = time.monotonic() - start
        assert len(text.split()) == 100
        assert 0.45 < took < 5, took  # 100 tokens at 200 per second
        assert double.requests()[0]["markers"] == {"Stage": "scene", "Chapter": "1", "Scene": "2",
                                                   "Target words": "100"}
        double.reset()  # keeps the rate given on the command line
        start = time.monotonic()
        ask(double, "Stage: scene\nTarget words: 100")
        assert time.monotonic() - start > 0.45


def test_anthropic_errors_and_prompt_cache():
    with DoubleProcess("anthropic", api_key="right") as double:
        status, body, _ = ask(double, "Stage: genre", key="wrong")
        assert status == 401
        assert body == {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}}
        system = [{"type": "text", "text": "You write."},
                  {"type": "text", "text": "bible " * 500, "cache_control": {"type": "ephemeral"}}]
        usages = []
        for _ in range(2):
            _, _, events = ask(double, "Stage: genre", system=system, key="right")
            names = [n for n, _ in events]
            assert names[:3] == ["message_start", "content_block_start", "ping"]
            assert names[-3:] == ["content_block_stop", "message_delta", "message_stop"]
            usages.append(json.loads(events[0][1])["message"]["usage"])
        assert usages[0]["cache_creation_input_tokens"] > 0 and usages[0]["cache_read_input_tokens"] == 0
        assert usages[1]["cache_read_input_tokens"] == usages[0]["cache_creation_input_tokens"]
        assert usages[1]["cache_creation_input_tokens"] == 0
