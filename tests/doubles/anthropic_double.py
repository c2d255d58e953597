#!/usr/bin/env python3
"""A test double of the Anthropic Messages API (POST /v1/messages, streaming only), speaking the
real wire format: x-api-key and anthropic-version checks, error bodies
{"type":"error","error":{"type","message"}}, and the server-sent event sequence message_start,
content_block_start, ping, content_block_delta (text_delta)..., content_block_stop, message_delta
(stop_reason, usage), message_stop, with "event: error" for failures inside a stream.

Prompt caching: a system block with cache_control marks the end of a cacheable prefix; the first
request with a given prefix reports it as cache_creation_input_tokens, later ones as
cache_read_input_tokens (keyed by the SHA-256 of the model and the prefix text), and input_tokens
counts only the rest, as the API does.

    python3 tests/doubles/anthropic_double.py --port 0 --port-file F [--api-key KEY]

Behaviours, prompt markers and the control endpoint: see scripted_double.py.
"""

import hashlib
import json
import uuid

from scripted_double import Handler, deltas, estimate_tokens, serve

ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
               404: "not_found_error", 413: "request_too_large", 429: "rate_limit_error",
               500: "api_error", 529: "overloaded_error"}


def block_text(content):
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(b.get("text", "") for b in content if isinstance(b, dict))
    return ""


class AnthropicHandler(Handler):
    api_path = "/v1/messages"

    def prompt_text(self, body):
        messages = body.get("messages") or []
        users = [m for m in messages if isinstance(m, dict) and m.get("role") == "user"]
        return block_text(users[-1].get("content")) if users else ""

    def error_body(self, error_type, message):
        return {"type": "error", "error": {"type": error_type, "message": message}}

    def not_found_body(self):
        return self.error_body("not_found_error", f"Not found: {self.path}")

    def default_error_type(self, status):
        return ERROR_TYPES.get(status, "api_error")

    def check_request(self, body):
        key = self.headers.get("x-api-key")
        expected = self.state.api_key
        if not key or (expected is not None and key != expected):
            return 401, "authentication_error", "invalid x-api-key"
        if not self.headers.get("anthropic-version"):
            return 400, "invalid_request_error", "anthropic-version: header is required"
        if not (self.headers.get("content-type") or "").startswith("application/json") or not isinstance(body, dict):
            return 400, "invalid_request_error", "the body must be a JSON object"
        if not isinstance(body.get("model"), str) or not body["model"]:
            return 400, "invalid_request_error", "model: Field required"
        if not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 1:
            return 400, "invalid_request_error", "max_tokens: Field required"
        if not isinstance(body.get("messages"), list) or not body["messages"]:
            return 400, "invalid_request_error", "messages: at least one message is required"
        if body.get("stream") is not True:
            return 400, "invalid_request_error", "this double serves streaming requests only"
        system = body.get("system", [])
        if isinstance(system, list):
            for block in system:
                if not isinstance(block, dict) or block.get("type") != "text" or not block.get("text"):
                    return 400, "invalid_request_error", "system: text content blocks must be non-empty"
        return None

    def usage(self, body):
        """input_tokens, cache_creation_input_tokens, cache_read_input_tokens for this request."""
        system = body.get("system", [])
        blocks = [system] if isinstance(system, str) else list(system)
        prefix_end = -1
        for i, block in enumerate(blocks):
            if isinstance(block, dict) and block.get("cache_control"):
                prefix_end = i
        texts = [block_text([b]) if isinstance(b, dict) else str(b) for b in blocks]
        prefix = "".join(texts[:prefix_end + 1])
        rest = "".join(texts[prefix_end + 1:]) + "".join(
            block_text(m.get("content")) for m in body.get("messages", []) if isinstance(m, dict))
        creation = read = 0
        if prefix:
            key = hashlib.sha256((body["model"] + "\0" + prefix).encode()).hexdigest()
            with self.state.lock:
                seen = key in self.state.cache
                self.state.cache.add(key)
            if seen:
                read = estimate_tokens(prefix)
            else:
                creation = estimate_tokens(prefix)
        return estimate_tokens(rest), creation, read

    def event(self, name, data):
        self.write_chunk(f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n")

    def stream(self, body, behaviour, text):
        input_tokens, creation, read = self.usage(body)
        self.start_stream()
        self.event("message_start", {"type": "message_start", "message": {
            "id": "msg_" + uuid.uuid4().hex[:24], "type": "message", "role": "assistant", "content": [],
            "model": body["model"], "stop_reason": None, "stop_sequence": None,
            "usage": {"input_tokens": input_tokens, "cache_creation_input_tokens": creation,
                      "cache_read_input_tokens": read, "output_tokens": 1}}})
        self.event("content_block_start", {"type": "content_block_start", "index": 0,
                                           "content_block": {"type": "text", "text": ""}})
        self.event("ping", {"type": "ping"})
        self.wfile.flush()
        for count, piece in enumerate(deltas(text)):
            self.pace(behaviour, count)
            if behaviour.get("cut_after") is not None and count == int(behaviour["cut_after"]):
                self.cut('event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"ty')
            if behaviour.get("error_after") is not None and count == int(behaviour["error_after"]):
                error_type = behaviour.get("error_type", "overloaded_error")
                self.event("error", {"type": "error", "error": {"type": error_type,
                                                                "message": behaviour.get("message", "Overloaded")}})
                self.end_stream()
                return
            self.event("content_block_delta", {"type": "content_block_delta", "index": 0,
                                               "delta": {"type": "text_delta", "text": piece}})
            if behaviour.get("tokens_per_second") or count % 64 == 63:
                self.wfile.flush()
        self.event("content_block_stop", {"type": "content_block_stop", "index": 0})
        self.event("message_delta", {"type": "message_delta",
                                     "delta": {"stop_reason": behaviour.get("stop_reason", "end_turn"),
                                               "stop_sequence": None},
                                     "usage": {"output_tokens": estimate_tokens(text)}})
        self.event("message_stop", {"type": "message_stop"})
        self.end_stream()


if __name__ == "__main__":
    serve(AnthropicHandler, "A test double of the Anthropic Messages API")
