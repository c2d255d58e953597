"""Serving the built web app from WEB_DIST_DIR."""

import gzip
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.single_binary(
    reason="serves a web app folder of its own (WEB_DIST_DIR); the gateway's nginx serves the web app")

INDEX = b"<!doctype html><html><head><title>AuthorWorks test app</title></head><body><div id=app></div>" \
        b"<script type=module src=/assets/app-abc123.js></script></body></html>\n"
# Big enough to be gzipped, and recognisable.
APP_JS = b"".join(b"export const line%d = 'AuthorWorks test bundle line %d';\n" % (i, i) for i in range(200))


@pytest.fixture(scope="module")
def dist():
    with tempfile.TemporaryDirectory(prefix="authorworks-dist-") as d:
        root = Path(d)
        (root / "assets").mkdir()
        (root / "index.html").write_bytes(INDEX)
        (root / "assets" / "app-abc123.js").write_bytes(APP_JS)
        (root / "robots.txt").write_bytes(b"User-agent: *\n")
        yield root


@pytest.fixture(scope="module")
def web(module_server_factory, dist):
    return module_server_factory({"WEB_DIST_DIR": str(dist)})


@pytest.mark.parametrize("path", ["/", "/some/client/route", "/books/42/chapters"])
def test_index_and_client_routes_get_index_html(web, path):
    r = web.get(path)
    assert r.status_code == 200
    assert r.content == INDEX
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.headers["Cache-Control"] == "no-cache"
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_hashed_asset_is_cached_for_long_with_an_etag(web):
    r = web.get("/assets/app-abc123.js", headers={"Accept-Encoding": "identity"})
    assert r.status_code == 200
    assert r.content == APP_JS
    assert r.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    etag = r.headers["ETag"]
    assert etag.startswith(('"', 'W/"')) and etag.endswith('"')

    again = web.get("/assets/app-abc123.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "public, max-age=31536000, immutable"

    other = web.get("/assets/app-abc123.js", headers={"If-None-Match": '"something-else"',
                                                      "Accept-Encoding": "identity"})
    assert other.status_code == 200
    assert other.content == APP_JS


def test_asset_is_gzipped_when_accepted(web):
    r = web.raw(b"GET /assets/app-abc123.js HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
    assert r.status == 200
    assert r.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(r.body) == APP_JS
    plain = web.raw(b"GET /assets/app-abc123.js HTTP/1.1\r\nHost: t\r\n\r\n")
    assert "Content-Encoding" not in plain.headers
    assert plain.body == APP_JS


def test_other_top_level_file(web):
    r = web.get("/robots.txt")
    assert r.status_code == 200
    assert r.content == b"User-agent: *\n"
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert r.headers["Cache-Control"] == "no-cache"


def test_missing_file_is_404(web):
    r = web.get("/missing.png")
    assert r.status_code == 404
    assert r.headers["Content-Type"] == "application/problem+json"
    assert r.json()["status"] == 404


def test_missing_asset_is_404_not_index(web):
    r = web.get("/assets/app-old999.js")
    assert r.status_code == 404
    assert r.headers["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api", "/api/v1/books/1/chapters"])
def test_unknown_api_path_is_problem_json_not_html(web, path):
    r = web.get(path)
    assert r.status_code == 404
    assert r.headers["Content-Type"] == "application/problem+json"
    assert r.json()["instance"] == path


def test_post_to_a_client_route_is_not_the_app(web):
    r = web.request("POST", "/some/client/route", data=b"{}")
    assert r.status_code == 404
    assert r.headers["Content-Type"] == "application/problem+json"


def test_head_of_index(web):
    r = web.raw(b"HEAD / HTTP/1.1\r\nHost: t\r\n\r\n", head=True)
    assert r.status == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.body == b""


@pytest.mark.parametrize("target", [
    b"/../etc/passwd",
    b"/../../../../etc/passwd",
    b"/assets/../../etc/passwd",
    b"/%2e%2e/%2e%2e/etc/passwd",
    b"/assets/..%2f..%2f..%2fetc/passwd",
    b"/./index.html",
])
def test_path_traversal_is_not_served(web, target):
    r = web.raw(b"GET " + target + b" HTTP/1.1\r\nHost: t\r\n\r\n")
    assert r.status in (400, 404), r
    assert b"root:" not in r.body
    assert r.headers["Content-Type"] == "application/problem+json"
    assert web.get("/health").status_code == 200


def test_ready_reports_the_web_app(web, dist):
    body = web.get("/ready").json()
    assert body["status"] == "ready"
    assert {"name": "web-app", "ok": True, "detail": f"serving {dist}"} in body["checks"]
