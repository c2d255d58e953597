"""api/openapi.json describes exactly the routes the binary registers, and is a sound OpenAPI 3.1 document.

Self-contained (stdlib + pytest): it runs `$AUTHORWORKS_BIN routes --target T` for every target the
binary accepts, and starts the binary once to check that it serves the document it was built with.
"""

import json
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCUMENT_PATH = REPO / "api" / "openapi.json"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# The routes every target serves, whatever modules it runs.
SYSTEM_ROUTES = {
    ("GET", "/health"),
    ("GET", "/ready"),
    ("GET", "/metrics"),
    ("GET", "/api/openapi.json"),
    ("GET", "/api/docs"),
    ("GET", "/api/docs/init.js"),
    ("GET", "/api/docs/{file}"),
}
# RFC 9457 members plus the platform's own.
PROBLEM_PROPERTIES = {"type", "title", "status", "detail", "instance", "trace_id", "errors"}
STANDARD_ERRORS = {
    "BadRequest": 400,
    "NotFound": 404,
    "MethodNotAllowed": 405,
    "PayloadTooLarge": 413,
    "ValidationFailed": 422,
    "TooManyRequests": 429,
    "ServiceUnavailable": 503,
}


def binary():
    configured = os.environ.get("AUTHORWORKS_BIN")
    path = Path(configured) if configured else REPO / "build" / "authorworks"
    if not path.is_file():
        pytest.skip(f"no authorworks binary at {path}; build it and set AUTHORWORKS_BIN")
    return path


def run_binary(args, cwd):
    env = {k: v for k, v in os.environ.items() if k != "AUTHORWORKS_TARGET"}
    return subprocess.run(
        [str(binary()), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.fixture(scope="module")
def document():
    with DOCUMENT_PATH.open(encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("openapi")


@pytest.fixture(scope="module")
def targets(scratch):
    """Every target `authorworks serve --help` names: `Usage: authorworks serve [--target all|users|...]`."""
    result = run_binary(["serve", "--help"], scratch)
    assert result.returncode == 0, result.stderr
    match = re.search(r"--target ([a-z|]+)\]", result.stdout)
    assert match, f"cannot find the target list in `serve --help`:\n{result.stdout}"
    names = match.group(1).split("|")
    assert "all" in names
    return names


def to_openapi_path(pattern):
    """`/books/:id/*rest` -> `/books/{id}/{rest}`."""
    return "/".join("{" + s[1:] + "}" if s[:1] in (":", "*") else s for s in pattern.split("/"))


@pytest.fixture(scope="module")
def registered(targets, scratch):
    """{target: {(METHOD, openapi path)}} for every target this build has; WS routes are kept as WS."""
    found = {}
    for target in targets:
        result = run_binary(["routes", "--target", target], scratch)
        if result.returncode == 2 and "not part of this build" in result.stderr:
            continue
        assert result.returncode == 0, f"routes --target {target} failed ({result.returncode}): {result.stderr}"
        routes = set()
        for line in result.stdout.splitlines():
            if not line.strip():
                continue
            method, _, pattern = line.partition(" ")
            assert method and pattern.startswith("/"), f"unexpected line from routes --target {target}: {line!r}"
            routes.add((method, to_openapi_path(pattern)))
        found[target] = routes
    assert "all" in found, "the 'all' target must be part of every build"
    return found


def documented_operations(document):
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def resolve(document, ref):
    assert ref.startswith("#/"), f"only local references are used: {ref}"
    node = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and part in node, f"{ref} does not resolve"
        node = node[part]
    return node


def deref(document, node):
    while isinstance(node, dict) and "$ref" in node:
        node = resolve(document, node["$ref"])
    return node


# --- the document on its own ---


def test_document_is_openapi_3_1(document):
    assert re.fullmatch(r"3\.1\.\d+", document["openapi"])
    assert document["info"]["title"]
    assert document["info"]["version"]
    assert isinstance(document["paths"], dict) and document["paths"]
    for path in document["paths"]:
        assert path.startswith("/"), path
        assert not re.search(r"[:*]", path), f"{path}: parameters are written {{name}} in OpenAPI"


def test_every_reference_resolves(document):
    refs = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    refs.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    assert refs
    for ref in refs:
        resolve(document, ref)


def test_every_operation_is_described(document):
    operation_ids = []
    declared_tags = {t["name"] for t in document.get("tags", [])}
    for path, method, op in documented_operations(document):
        where = f"{method.upper()} {path}"
        assert op.get("operationId"), f"{where} has no operationId"
        assert op.get("summary"), f"{where} has no summary"
        assert op.get("responses"), f"{where} has no response"
        operation_ids.append(op["operationId"])
        for tag in op.get("tags", []):
            assert tag in declared_tags, f"{where} uses the undeclared tag {tag!r}"
        for status, response in op["responses"].items():
            assert status == "default" or re.fullmatch(r"[1-5](\d\d|XX)", status), f"{where}: status {status!r}"
            assert deref(document, response).get("description"), f"{where} {status} has no description"
    duplicates = {i for i in operation_ids if operation_ids.count(i) > 1}
    assert not duplicates, f"operationIds must be unique: {sorted(duplicates)}"


def test_path_parameters_match_the_template(document):
    for path, item in document["paths"].items():
        in_template = set(re.findall(r"\{([^}]+)\}", path))
        for method in HTTP_METHODS:
            if method not in item:
                continue
            params = [deref(document, p) for p in item.get("parameters", []) + item[method].get("parameters", [])]
            declared = {p["name"] for p in params if p["in"] == "path"}
            assert declared == in_template, f"{method.upper()} {path}: path parameters {declared} != {in_template}"
            for p in params:
                if p["in"] == "path":
                    assert p.get("required") is True, f"{method.upper()} {path}: path parameter {p['name']}"


def test_problem_schema_follows_rfc_9457(document):
    problem = document["components"]["schemas"]["Problem"]
    assert problem["type"] == "object"
    assert PROBLEM_PROPERTIES <= set(problem["properties"])
    assert {"type", "title", "status", "detail"} <= set(problem["required"])
    assert problem["properties"]["status"]["type"] == "integer"
    errors = deref(document, problem["properties"]["errors"]["items"])
    assert {"field", "message"} <= set(errors["properties"])


def test_standard_error_responses_are_problems(document):
    responses = document["components"]["responses"]
    for name, status in STANDARD_ERRORS.items():
        assert name in responses, f"components.responses.{name} ({status}) is missing"
        content = responses[name]["content"]
        assert list(content) == ["application/problem+json"], f"{name} must be application/problem+json only"
        media = content["application/problem+json"]
        assert media["schema"] == {"$ref": "#/components/schemas/Problem"}
        if "example" in media:
            assert media["example"]["status"] == status, name
            assert set(media["example"]) <= PROBLEM_PROPERTIES, name


def test_every_error_response_is_a_problem(document):
    """4xx and 5xx answers carry application/problem+json (the one exception: /ready's not-ready body)."""
    for path, method, op in documented_operations(document):
        for status, response in op["responses"].items():
            if not status.startswith(("4", "5")):
                continue
            content = deref(document, response).get("content", {})
            assert "application/problem+json" in content, f"{method.upper()} {path} {status} is not a problem"


def test_health_and_readiness_schemas(document):
    schemas = document["components"]["schemas"]
    assert {"status", "service", "version"} <= set(schemas["Health"]["required"])
    readiness = schemas["Readiness"]
    assert {"status", "checks"} <= set(readiness["required"])
    assert set(readiness["properties"]["status"]["enum"]) == {"ready", "not_ready"}
    check = deref(document, readiness["properties"]["checks"]["items"])
    assert {"name", "ok", "detail"} <= set(check["required"])


# --- the document against the binary ---


def test_targets_that_are_not_built_say_so(targets, registered):
    assert set(registered) <= set(targets)


def test_every_registered_route_is_documented(document, registered):
    paths = document["paths"]
    missing = []
    for target, routes in registered.items():
        for method, path in sorted(routes):
            if method == "WS":
                op = paths.get(path, {}).get("get")
                if op is None or "101" not in op.get("responses", {}):
                    missing.append(f"WS {path} (target {target}): document it as GET with a 101 response")
            elif method.lower() not in paths.get(path, {}):
                missing.append(f"{method} {path} (target {target})")
    assert not missing, "routes the binary registers but api/openapi.json does not describe:\n" + "\n".join(missing)


def test_every_documented_route_is_registered(document, registered):
    served = set()
    for routes in registered.values():
        served |= {("GET" if m == "WS" else m, p) for m, p in routes}
    extra = [
        f"{method.upper()} {path}"
        for path, method, _ in documented_operations(document)
        if (method.upper(), path) not in served
    ]
    assert not extra, "api/openapi.json describes routes no target of this build registers:\n" + "\n".join(extra)


def test_every_target_serves_the_system_routes(registered):
    for target, routes in registered.items():
        assert SYSTEM_ROUTES <= routes, f"target {target} lacks {sorted(SYSTEM_ROUTES - routes)}"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


@pytest.fixture(scope="module")
def server(scratch):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "AUTHORWORKS_TARGET"}
    env.update({"HOST": "127.0.0.1", "SERVICE_PORT": str(port), "DATA_DIR": str(scratch / "data"), "LOG_LEVEL": "warn"})
    env["SHUTDOWN_TIMEOUT_SECONDS"] = "2"
    log = (scratch / "server.log").open("w")
    proc = subprocess.Popen([str(binary()), "serve"], cwd=scratch, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            assert proc.poll() is None, "the server exited:\n" + (scratch / "server.log").read_text()
            try:
                if fetch(base + "/health")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not answer /health within 20 s"
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_the_binary_serves_this_document(server, document):
    status, content_type, body = fetch(server + "/api/openapi.json")
    assert status == 200
    assert content_type.startswith("application/json")
    assert json.loads(body) == document, "the binary serves another document: rebuild it after editing api/openapi.json"


def test_the_docs_page_is_served_or_explains_why_not(server):
    status, content_type, body = fetch(server + "/api/docs")
    if status == 200:
        assert content_type.startswith("text/html")
        page = body.decode()
        for asset in ("/api/docs/swagger-ui.css", "/api/docs/swagger-ui-bundle.js", "/api/docs/init.js"):
            assert asset in page
            asset_status, _, _ = fetch(server + asset)
            assert asset_status == 200, asset
        assert "https://" not in page and "http://" not in page, "the docs page must not load anything remote"
    else:
        # Without the web app's build the page says how to get it rather than rendering an empty shell.
        assert status == 503, body
        assert content_type.startswith("application/problem+json")
        assert "/api/openapi.json" in json.loads(body)["detail"]
