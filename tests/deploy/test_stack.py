"""The self-contained Docker Compose stack, brought up by scripts/test-deploy.sh behind an edge proxy
that stands in for Traefik + Authelia (edge-nginx.conf, standins/forward-auth.js): a writer signs
in through the edge, writes a book with the offline writer while watching it over /ws, and
downloads it as EPUB and PDF; Remote-* headers sent straight to the gateway are ignored.

Run by scripts/test-deploy.sh, which sets EDGE_URL, PORTAL_URL, GATEWAY_URL, DEPLOY_USER and
DEPLOY_PASSWORD; skipped without them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest
import requests
import websocket

EDGE = os.environ.get("EDGE_URL", "")
PORTAL = os.environ.get("PORTAL_URL", "")
GATEWAY = os.environ.get("GATEWAY_URL", "")
USER = os.environ.get("DEPLOY_USER", "")
PASSWORD = os.environ.get("DEPLOY_PASSWORD", "")
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")

pytestmark = pytest.mark.skipif(not (EDGE and PORTAL and GATEWAY and USER),
                                reason="run by scripts/test-deploy.sh against a running stack")


@pytest.fixture(scope="module")
def session() -> requests.Session:
    """A browser-like session signed in at the portal; its cookie is what the edge checks."""
    s = requests.Session()
    r = s.post(f"{PORTAL}/api/firstfactor", json={"username": USER, "password": PASSWORD}, timeout=10)
    assert r.status_code == 200, r.text
    assert r.json() == {"status": "OK"}
    assert "authelia_session" in s.cookies
    return s


def test_an_anonymous_visitor_is_sent_to_the_portal():
    r = requests.get(f"{EDGE}/dashboard", allow_redirects=False, timeout=10)
    assert r.status_code == 302, r.text
    location = urllib.parse.urlsplit(r.headers["Location"])
    assert f"{location.scheme}://{location.netloc}" == PORTAL
    assert urllib.parse.parse_qs(location.query)["rd"] == [f"{EDGE}/dashboard"]


def test_a_wrong_password_is_refused_at_the_portal():
    r = requests.post(f"{PORTAL}/api/firstfactor", json={"username": USER, "password": "not it"}, timeout=10)
    assert r.status_code == 401
    assert "authelia_session" not in r.cookies


def test_the_signed_in_writer_gets_the_web_app_and_an_account(session):
    page = session.get(f"{EDGE}/", timeout=10)
    assert page.status_code == 200
    assert '<div id="root"' in page.text
    me = session.get(f"{EDGE}/api/v1/auth/me", timeout=10)
    assert me.status_code == 200, me.text
    assert me.json()["user"]["username"] == USER


def test_a_book_is_written_watched_over_the_socket_and_exported(session, tmp_path):
    me = session.get(f"{EDGE}/api/v1/auth/me", timeout=10).json()["user"]
    cookie = "; ".join(f"{name}={value}" for name, value in session.cookies.items())
    ws_url = EDGE.replace("http://", "ws://", 1) + "/ws"
    ws = websocket.create_connection(ws_url, header=[f"Cookie: {cookie}"], timeout=30)
    try:
        hello = json.loads(ws.recv())
        assert hello["type"] == "hello" and hello["user_id"] == me["id"], hello
        started = session.post(f"{EDGE}/api/v1/books/generate", timeout=10, json={
            "title": "The Lighthouse Keeper's Ledger", "kind": "novel", "target_words": 1500,
            "braindump": "A keeper on a northern island finds a ledger that records ships before they sink."})
        assert started.status_code == 202, started.text
        book = started.json()["book_id"]
        seen = []
        deadline = time.monotonic() + 120
        while True:
            assert time.monotonic() < deadline, f"no completion over /ws; saw {[m.get('type') for m in seen]}"
            message = json.loads(ws.recv())
            seen.append(message)
            if message["type"] == "failed" and message.get("book_id") == book:
                pytest.fail(f"the book failed: {message}")
            if message["type"] == "completed" and message.get("book_id") == book:
                break
        progress = [m for m in seen if m["type"] == "progress" and m.get("book_id") == book]
        assert progress, [m["type"] for m in seen]
    finally:
        ws.close()

    status = session.get(f"{EDGE}/api/v1/books/{book}/status", timeout=10).json()
    assert status["status"] == "completed", status

    for fmt, suffix in (("epub", "epub"), ("pdf", "pdf")):
        made = session.post(f"{EDGE}/api/v1/books/{book}/export", json={"format": fmt}, timeout=120)
        assert made.status_code in (200, 201), made.text
        download = session.get(f"{EDGE}/api/v1/books/{book}/export", params={"format": fmt}, timeout=120)
        assert download.status_code == 200, download.text
        path = tmp_path / f"book.{suffix}"
        path.write_bytes(download.content)
        if fmt == "epub":
            assert download.content[:2] == b"PK"
            if EPUBCHECK.is_file():
                check = subprocess.run(["java", "-jar", str(EPUBCHECK), str(path)], capture_output=True,
                                       text=True, timeout=180)
                assert check.returncode == 0, check.stdout + check.stderr
        else:
            assert download.content.startswith(b"%PDF-")
            if shutil.which("qpdf"):
                check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=60)
                assert check.returncode == 0, check.stdout + check.stderr


def test_remote_headers_sent_straight_to_the_gateway_are_ignored():
    spoofed = {"Remote-User": "root", "Remote-Groups": "admins", "Remote-Email": "root@example.test",
               "Remote-Name": "Root"}
    r = requests.get(f"{GATEWAY}/api/v1/auth/me", headers=spoofed, timeout=10)
    assert r.status_code == 401, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json")
    users = requests.get(f"{GATEWAY}/api/v1/users", headers=spoofed, timeout=10)
    assert users.status_code == 401, users.text


def test_remote_headers_a_client_sends_through_the_edge_are_replaced(session):
    r = session.get(f"{EDGE}/api/v1/auth/me", headers={"Remote-User": "root", "Remote-Groups": "admins"},
                    timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["user"]["username"] == USER
    assert not r.json()["user"]["is_admin"]
    assert session.get(f"{EDGE}/api/v1/users", headers={"Remote-Groups": "admins"}, timeout=10).status_code == 403
