#!/usr/bin/env python3
"""A test double of an OpenAI-compatible chat completions server (POST /v1/chat/completions,
streaming only), speaking the real wire format: optional Authorization: Bearer check, error bodies
{"error":{"message","type","code"}}, and server-sent events "data: {chat.completion.chunk}" with
choices[0].delta.content, a finish_reason, a final usage chunk (when stream_options.include_usage
is set) and "data: [DONE]".

    python3 tests/doubles/openai_double.py --port 0 --port-file F [--api-key KEY]

The base URL to configure is http://127.0.0.1:PORT/v1. Behaviours, prompt markers and the control
endpoint: see scripted_double.py.
"""

import json
import time
import uuid

from scripted_double import Handler, deltas, estimate_tokens, serve

ERROR_TYPES = {400: "invalid_request_error", 401: "invalid_request_error", 403: "permission_error",
               404: "not_found_error", 429: "rate_limit_exceeded", 500: "server_error", 503: "server_error"}


def content_text(content):
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


class OpenAIHandler(Handler):
    api_path = "/v1/chat/completions"

    def prompt_text(self, body):
        messages = body.get("messages") or []
        users = [m for m in messages if isinstance(m, dict) and m.get("role") == "user"]
        return content_text(users[-1].get("content")) if users else ""

    def error_body(self, error_type, message):
        code = "invalid_api_key" if error_type == "invalid_api_key" else None
        return {"error": {"message": message, "type": error_type, "param": None, "code": code}}

    def not_found_body(self):
        return self.error_body("not_found_error", f"Unknown path {self.path}")

    def default_error_type(self, status):
        return ERROR_TYPES.get(status, "server_error")

    def check_request(self, body):
        expected = self.state.api_key
        if expected is not None and self.headers.get("authorization") != f"Bearer {expected}":
            return 401, "invalid_api_key", "Incorrect API key provided"
        if not isinstance(body, dict):
            return 400, "invalid_request_error", "the body must be a JSON object"
        if not isinstance(body.get("model"), str) or not body["model"]:
            return 400, "invalid_request_error", "you must provide a model parameter"
        if not isinstance(body.get("messages"), list) or not body["messages"]:
            return 400, "invalid_request_error", "messages: at least one message is required"
        if body.get("stream") is not True:
            return 400, "invalid_request_error", "this double serves streaming requests only"
        return None

    def chunk(self, base, choices, usage=None):
        document = dict(base, choices=choices)
        if usage is not None:
            document["usage"] = usage
        self.write_chunk(f"data: {json.dumps(document, separators=(',', ':'))}\n\n")

    def stream(self, body, behaviour, text):
        prompt = "".join(content_text(m.get("content")) for m in body["messages"] if isinstance(m, dict))
        base = {"id": "chatcmpl-" + uuid.uuid4().hex[:24], "object": "chat.completion.chunk",
                "created": int(time.time()), "model": body["model"], "system_fingerprint": None}
        self.start_stream()
        self.chunk(base, [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}])
        self.wfile.flush()
        for count, piece in enumerate(deltas(text)):
            self.pace(behaviour, count)
            if behaviour.get("cut_after") is not None and count == int(behaviour["cut_after"]):
                self.cut('data: {"id":"' + base["id"] + '","object":"chat.completion.chunk","choi')
            if behaviour.get("error_after") is not None and count == int(behaviour["error_after"]):
                error_type = behaviour.get("error_type", "server_error")
                self.write_chunk(f"data: {json.dumps(self.error_body(error_type, behaviour.get('message', 'overloaded')))}\n\n")
                self.end_stream()
                return
            self.chunk(base, [{"index": 0, "delta": {"content": piece}, "finish_reason": None}])
            if behaviour.get("tokens_per_second") or count % 64 == 63:
                self.wfile.flush()
        self.chunk(base, [{"index": 0, "delta": {}, "finish_reason": behaviour.get("stop_reason", "stop")}])
        include_usage = isinstance(body.get("stream_options"), dict) and body["stream_options"].get("include_usage")
        if include_usage and not behaviour.get("no_usage"):
            prompt_tokens = estimate_tokens(prompt)
            completion_tokens = estimate_tokens(text)
            self.chunk(base, [], {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                                  "total_tokens": prompt_tokens + completion_tokens})
        self.write_chunk("data: [DONE]\n\n")
        self.end_stream()


if __name__ == "__main__":
    serve(OpenAIHandler, "A test double of an OpenAI-compatible chat completions server")
