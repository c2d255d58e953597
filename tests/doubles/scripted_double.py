"""What the model API test doubles share: the per-test script of behaviours, the request log, the
default answers read from prompt markers, and the HTTP plumbing (chunked streaming, cuts, stalls).

Prompt markers (see src/llm/writer.hpp): the user text of every prompt carries lines
    Stage: <stage name>          genre, style, characters, synopsis, outline, chapter_plan, scene,
                                 scene_continue, summary, repair
    Repair of: <stage name>      with Stage: repair
    Chapters: N                  outline
    Chapter: K / Scenes: M       chapter_plan
    Target words: N              scene, scene_continue
and the default answer is valid output for that stage in the formats fixed in writer.hpp.

Control endpoint: POST /__control with a JSON object, every member optional:
    {"reset": true,                   forget the script, the request log and the prompt cache
     "script": [behaviour, ...],      appended to the queue; each request takes the first queued
                                      behaviour whose "stage" (if any) matches its Stage: marker
     "default": behaviour,            used when no queued behaviour matches (initially {})
     "api_key": "..."}                the key the double accepts (anthropic: any non-empty key by
                                      default; openai: none required by default)
A behaviour is a JSON object:
    stage            only for a request with this Stage: marker
    status           answer with this HTTP status and the provider's error body instead of a stream
    retry_after      the retry-after header (seconds) with a status
    error_type       the error type in the body or event (default per status)
    message          the error message
    text             answer with exactly this text
    words            answer with filler of this many words (a short answer)
    invalid_json     answer a structured stage with text that is not JSON
    tokens_per_second  stream at this rate (default: instantly)
    cut_after        close the connection after this many text deltas, mid-chunk
    stall_after      after this many text deltas, send nothing for stall_seconds (default 30)
    error_after      after this many text deltas, send an error event (error_type, default
                     overloaded_error / server_error) and end the stream
    delay_seconds    wait before answering at all
    no_usage         (openai) send no usage chunk, as some llama.cpp and Ollama versions do
    stop_reason      the stop reason to report
GET /__requests returns {"requests": [...]}: method, path, headers (lower-case names), body (parsed
JSON), stage, behaviour, time, for every API request received (control requests excluded).
"""

import argparse
import hashlib
import json
import re
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = (
    "the lantern rain harbour letter kept quiet under salt wind and the old house listened while "
    "she counted footsteps on the stair a door opened somewhere below and nobody answered the "
    "clock in the hall had stopped at nine the sea pressed against the glass like a question "
    "he said nothing for a long time then folded the map and left it by the cold stove"
).split()

NAMES = ["Ada Finch", "Bram Holt", "Cora Vane", "Dell Marsh"]


def marker(text, name):
    match = re.search(r"^\s*" + re.escape(name) + r":\s*(.+?)\s*$", text, re.MULTILINE)
    return match.group(1) if match else None


def int_marker(text, name, default):
    value = marker(text, name)
    try:
        return max(1, int(value)) if value is not None else default
    except ValueError:
        return default


def filler(words, seed_text):
    """Deterministic prose of exactly `words` words, in sentences and paragraphs."""
    seed = int(hashlib.sha256(seed_text.encode()).hexdigest()[:8], 16)
    out = []
    sentence_length = 0
    for i in range(words):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        word = WORDS[seed % len(WORDS)]
        if sentence_length == 0:
            word = word.capitalize()
        sentence_length += 1
        end_sentence = sentence_length >= 8 + seed % 9 or i == words - 1
        if end_sentence:
            word += "."
            sentence_length = 0
        out.append(word)
        if end_sentence and i != words - 1 and seed % 5 == 0:
            out.append("\n\n")
    text = ""
    for token in out:
        if token == "\n\n":
            text += "\n\n"
        elif text and not text.endswith("\n"):
            text += " " + token
        else:
            text += token
    return text


def structured_answer(stage, prompt):
    if stage == "characters":
        return json.dumps({"characters": [
            {"name": name, "role": role, "description": f"{name} keeps the lighthouse's secrets.",
             "arc": f"{name} learns to speak plainly."}
            for name, role in zip(NAMES, ["protagonist", "antagonist", "ally", "mentor"])]})
    if stage == "outline":
        chapters = int_marker(prompt, "Chapters", 3)
        return json.dumps({"chapters": [
            {"number": n, "title": f"Chapter {n}", "summary": filler(30, f"outline {n}")}
            for n in range(1, chapters + 1)]})
    if stage == "chapter_plan":
        chapter = int_marker(prompt, "Chapter", 1)
        scenes = int_marker(prompt, "Scenes", 2)
        return json.dumps({
            "number": chapter, "title": f"Chapter {chapter}",
            "opening": filler(15, f"opening {chapter}"), "ending": filler(15, f"ending {chapter}"),
            "scenes": [{"number": s, "title": f"Scene {s}", "summary": filler(20, f"scene {chapter} {s}"),
                        "setting": "the lighthouse kitchen", "characters": NAMES[:2]}
                       for s in range(1, scenes + 1)]})
    return None


def default_answer(prompt):
    stage = marker(prompt, "Stage") or ""
    if stage == "repair":
        stage = marker(prompt, "Repair of") or ""
    structured = structured_answer(stage, prompt)
    if structured is not None:
        return structured
    if stage == "genre":
        return "gothic mystery"
    if stage == "style":
        return filler(60, "style " + prompt)
    if stage == "synopsis":
        return filler(220, "synopsis " + prompt)
    if stage == "summary":
        return filler(40, "summary " + prompt)
    return filler(int_marker(prompt, "Target words", 40), prompt)


def answer_text(behaviour, prompt):
    if "text" in behaviour:
        return behaviour["text"]
    if behaviour.get("invalid_json"):
        return 'This is not JSON: {"chapters": [ {"number": 1,'
    if "words" in behaviour:
        return filler(int(behaviour["words"]), prompt)
    return default_answer(prompt)


def deltas(text):
    """The text cut into token-sized pieces that join back to exactly the text."""
    return re.findall(r"\s*\S+|\s+$", text) or [text]


def estimate_tokens(text):
    return max(1, (len(text) + 3) // 4)


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()
        self.api_key = None

    def reset(self):
        self.script = []
        self.default = {}
        self.requests = []
        self.cache = set()

    def take_behaviour(self, stage):
        with self.lock:
            for i, behaviour in enumerate(self.script):
                if behaviour.get("stage") in (None, stage):
                    return self.script.pop(i)
            return dict(self.default)

    def record(self, entry):
        with self.lock:
            self.requests.append(entry)


class StreamCut(Exception):
    pass


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None  # set by serve()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    # --- plumbing shared by the protocols -------------------------------------------------
    def read_body(self):
        length = int(self.headers.get("content-length") or 0)
        return self.rfile.read(length) if length else b""

    def send_json(self, status, document, extra_headers=None):
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        for name, value in (extra_headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def start_stream(self):
        self.send_response(200)
        self.send_header("content-type", "text/event-stream; charset=utf-8")
        self.send_header("cache-control", "no-cache")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        self.wfile.flush()

    def write_chunk(self, data):
        raw = data.encode()
        self.wfile.write(f"{len(raw):x}\r\n".encode() + raw + b"\r\n")

    def end_stream(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def cut(self, partial):
        """Half an SSE event inside half a chunk, then a hard close: a connection lost mid-way."""
        raw = partial.encode()
        self.wfile.write(f"{len(raw) + 100:x}\r\n".encode() + raw)
        self.wfile.flush()
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True
        raise StreamCut()

    def pace(self, behaviour, count):
        """Called before each text delta: rate limiting, stalls, cuts and error events."""
        rate = behaviour.get("tokens_per_second")
        if rate:
            time.sleep(1.0 / float(rate))
        if behaviour.get("stall_after") is not None and count == int(behaviour["stall_after"]):
            self.wfile.flush()
            time.sleep(float(behaviour.get("stall_seconds", 30)))

    def handle_control(self):
        if self.path == "/__requests" and self.command == "GET":
            with self.state.lock:
                self.send_json(200, {"requests": list(self.state.requests)})
            return True
        if self.path == "/__control" and self.command == "POST":
            try:
                command = json.loads(self.read_body() or b"{}")
            except ValueError:
                self.send_json(400, {"error": "the control body must be JSON"})
                return True
            with self.state.lock:
                if command.get("reset"):
                    self.state.reset()
                self.state.script.extend(command.get("script", []))
                if "default" in command:
                    self.state.default = dict(command["default"])
                if "api_key" in command:
                    self.state.api_key = command["api_key"]
            self.send_json(200, {"queued": len(self.state.script)})
            return True
        return False

    def do_GET(self):
        if not self.handle_control():
            self.send_json(404, self.not_found_body())

    def do_POST(self):
        if self.handle_control():
            return
        raw = self.read_body()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        prompt = self.prompt_text(body) if isinstance(body, dict) else ""
        stage = marker(prompt, "Stage")
        behaviour = self.state.take_behaviour(stage) if self.path == self.api_path else {}
        self.state.record({
            "method": self.command, "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body": body if body is not None else raw.decode(errors="replace"),
            "stage": stage, "behaviour": behaviour, "time": time.time(),
        })
        if self.path != self.api_path:
            self.send_json(404, self.not_found_body())
            return
        problem = self.check_request(body)
        if problem is not None:
            status, error_type, message = problem
            self.send_json(status, self.error_body(error_type, message))
            return
        if behaviour.get("delay_seconds"):
            time.sleep(float(behaviour["delay_seconds"]))
        if "status" in behaviour:
            status = int(behaviour["status"])
            headers = {}
            if "retry_after" in behaviour:
                headers["retry-after"] = str(behaviour["retry_after"])
            error_type = behaviour.get("error_type") or self.default_error_type(status)
            self.send_json(status, self.error_body(error_type, behaviour.get("message", f"HTTP {status} from the double")),
                           headers)
            return
        text = answer_text(behaviour, prompt)
        try:
            self.stream(body, behaviour, text)
        except StreamCut:
            pass
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def serve(handler_class, description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", help="write the chosen port here once listening")
    parser.add_argument("--api-key", help="the only API key accepted")
    args = parser.parse_args()
    handler_class.state = State()
    handler_class.state.api_key = args.api_key
    server = ThreadingHTTPServer((args.host, args.port), handler_class)
    server.daemon_threads = True
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(port))
        import os
        os.replace(args.port_file + ".tmp", args.port_file)
    print(f"listening on {args.host}:{port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    sys.exit(0)
