"""CORS with ALLOWED_ORIGINS set to one origin."""

import pytest

ALLOWED = "http://app.example.test"
OTHER = "http://evil.example.test"
OWN_ORIGINS = "runs a server with ALLOWED_ORIGINS of its own"


@pytest.fixture(scope="module")
def cors_server(module_server_factory):
    return module_server_factory({"ALLOWED_ORIGINS": ALLOWED})


def vary_values(r):
    return [v.strip() for v in r.headers.get("Vary", "").split(",") if v.strip()]


@pytest.mark.single_binary(reason=OWN_ORIGINS)
def test_preflight_from_allowed_origin(cors_server):
    r = cors_server.request("OPTIONS", "/health", headers={
        "Origin": ALLOWED, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 204
    assert r.content == b""
    assert r.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert r.headers["Access-Control-Allow-Credentials"] == "true"
    assert r.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    allowed_headers = [h.strip().lower() for h in r.headers["Access-Control-Allow-Headers"].split(",")]
    for h in ("authorization", "content-type", "x-request-id", "traceparent"):
        assert h in allowed_headers
    assert r.headers["Access-Control-Max-Age"] == "600"
    assert "Origin" in vary_values(r)


@pytest.mark.single_binary(reason=OWN_ORIGINS)
def test_preflight_for_an_unrouted_api_path_offers_every_method(cors_server):
    r = cors_server.request("OPTIONS", "/api/v1/future/thing", headers={
        "Origin": ALLOWED, "Access-Control-Request-Method": "PATCH"})
    assert r.status_code == 204
    assert r.headers["Access-Control-Allow-Origin"] == ALLOWED
    methods = [m.strip() for m in r.headers["Access-Control-Allow-Methods"].split(",")]
    assert set(methods) == {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


@pytest.mark.single_binary(reason=OWN_ORIGINS)
def test_preflight_from_another_origin_is_refused(cors_server):
    r = cors_server.request("OPTIONS", "/health", headers={
        "Origin": OTHER, "Access-Control-Request-Method": "GET"})
    assert r.status_code == 403
    assert r.headers["Content-Type"] == "application/problem+json"
    assert "Access-Control-Allow-Origin" not in r.headers
    assert "Access-Control-Allow-Credentials" not in r.headers
    body = r.json()
    assert body["status"] == 403
    assert body["title"] == "Forbidden"
    assert OTHER in body["detail"]


@pytest.mark.single_binary(reason=OWN_ORIGINS)
def test_simple_get_from_allowed_origin(cors_server):
    r = cors_server.get("/health", headers={"Origin": ALLOWED})
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert r.headers["Access-Control-Allow-Credentials"] == "true"
    assert "X-Request-Id" in r.headers["Access-Control-Expose-Headers"]
    assert vary_values(r) == ["Origin"]


@pytest.mark.single_binary(reason=OWN_ORIGINS)
def test_error_responses_carry_cors_headers_too(cors_server):
    r = cors_server.get("/api/v1/nothing", headers={"Origin": ALLOWED})
    assert r.status_code == 404
    assert r.headers["Access-Control-Allow-Origin"] == ALLOWED


@pytest.mark.single_binary(reason=OWN_ORIGINS)
def test_simple_get_from_another_origin_has_no_cors_headers(cors_server):
    r = cors_server.get("/health", headers={"Origin": OTHER})
    assert r.status_code == 200
    assert "Access-Control-Allow-Origin" not in r.headers
    assert "Access-Control-Allow-Credentials" not in r.headers
    assert vary_values(r) == ["Origin"]


@pytest.mark.single_binary(reason=OWN_ORIGINS)
def test_no_origin_no_cors_headers(cors_server):
    r = cors_server.get("/health")
    assert "Access-Control-Allow-Origin" not in r.headers
    assert "Vary" not in r.headers


@pytest.mark.single_binary(reason=OWN_ORIGINS)
def test_plain_options_without_preflight_headers_lists_methods(cors_server):
    r = cors_server.request("OPTIONS", "/health")
    assert r.status_code == 204
    assert r.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert "Access-Control-Allow-Origin" not in r.headers


def test_no_allowed_origins_means_no_cross_origin_access(server):
    r = server.request("OPTIONS", "/health", headers={"Origin": ALLOWED, "Access-Control-Request-Method": "GET"})
    assert r.status_code == 403
    r = server.get("/health", headers={"Origin": ALLOWED})
    assert "Access-Control-Allow-Origin" not in r.headers
