"""Who may see and change what, for every route that names a user's resource or lists private data,
on SQLite and on PostgreSQL.

MATRIX is the one table of those routes: a route added later (books, files, documents, ...) gets
its row here, and the resources it names get an entry in `resources` below. For each row:
  - anonymous (no credentials, a malformed token, a signed-out token): 401;
  - the owner: `owner` (None: not checked, for routes that change what other rows read);
  - another signed-in user who is not an administrator: `other`, 404 by default: a resource of
    someone else is "not found", exactly like one that does not exist, so ids cannot be probed;
    and nothing of the owner's changes;
  - an administrator: `admin`.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

import pytest

from accounts_support import (FAST_HASHING, LOGOUT, Account, assert_problem, call, first_account, register, unique,
                              without_trace)
from content_support import generate, wait_for


@dataclass(frozen=True)
class Case:
    method: str
    path: str  # {user}, later {book}, {file}...: the owner's resources, from `resources`
    body: dict | None = None
    owner: int | None = 200
    other: int = 404
    admin: int | None = 200

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


MATRIX = [
    Case("GET", "/api/v1/auth/me", other=200),  # everyone sees their own account: checked below
    Case("GET", "/api/v1/users", owner=403, other=403),  # every account's email: administrators only
    Case("GET", "/api/v1/users/{user}"),
    Case("PATCH", "/api/v1/users/{user}", body={"bio": "changed by someone"}),
    Case("GET", "/api/v1/users/{user}/books"),
    # Books. Routes that start, stop or delete work are checked for strangers only (owner/admin None):
    # the owner's book must stay as it is for the other rows.
    Case("GET", "/api/v1/books", other=200),  # everyone lists their own books: never the owner's
    Case("GET", "/api/books", other=200),
    Case("GET", "/api/v1/books/{book}"),
    Case("GET", "/api/books/{book}"),
    Case("GET", "/api/v1/books/{book}/status"),
    Case("GET", "/api/books/{book}/status"),
    Case("GET", "/api/v1/books/{book}/events", owner=None, admin=None),  # a stream: read in test_content_*
    Case("POST", "/api/v1/books/{book}/cancel", owner=409, admin=409),  # nothing is running
    Case("POST", "/api/v1/books/{book}/resume", owner=409, admin=409),  # it is complete
    Case("POST", "/api/v1/books/{book}/chapters/1/scenes", body={"scene": 1}, owner=None, admin=None),
    Case("DELETE", "/api/v1/books/{book}", owner=None, admin=None),
    # Notifications: everyone lists their own; only administrators (and services) send; marking read
    # is for the owner alone (administrators send notifications, they do not read other people's).
    Case("GET", "/api/v1/notifications", other=200),
    Case("POST", "/api/v1/notifications", body={"user_id": "{user}", "title": "From the matrix"}, owner=403,
         other=403, admin=201),
    Case("POST", "/api/v1/notifications/{notification}/read", admin=404),
    # Editor documents: a scene's and a whole chapter's. Saving is checked for strangers only: it
    # changes the text every other row reads (tests/functional/test_editor_documents.py saves).
    Case("GET", "/api/v1/editor/document/{scene}"),
    Case("GET", "/api/v1/editor/document/{chapter}"),
    Case("PUT", "/api/v1/editor/document/{scene}", body={"content": [{"type": "p", "children": [{"text": "x"}]}]},
         owner=None, admin=None),
    # Publishing (the discovery module). Only the writer publishes: an administrator sees the book
    # but is refused (403); the owner's run is in test_discovery, since it changes what others see.
    Case("POST", "/api/v1/books/{book}/publish", owner=None, admin=403),
    Case("POST", "/api/v1/books/{book}/unpublish", owner=None, admin=None),  # not published: 404 for all
    # Files. Uploads are checked in test_storage_files; here: no multipart body, so 415 once signed in.
    Case("POST", "/api/v1/files", owner=415, other=415, admin=415),
    Case("GET", "/api/v1/files/{file}"),
    Case("GET", "/api/v1/files/{file}/download"),
    Case("DELETE", "/api/v1/files/{file}", owner=None, admin=None),
    # Exports: rendered for the owner (and admins) only; the file itself is not JSON.
    Case("POST", "/api/v1/books/{book}/export", body={"format": "md"}, owner=201, admin=201),
    Case("GET", "/api/v1/books/{book}/export?format=md"),
    # The manuscript routes the editor and storage services call with the caller's credentials.
    # Writing text is checked for strangers only, like saving a document (the scene id in the body
    # is left unfilled: a stranger is refused by the book before any scene is looked at).
    Case("GET", "/api/v1/passages/{scene}"),
    Case("GET", "/api/v1/passages/{chapter}"),
    Case("GET", "/api/v1/books/{book}/editable"),
    Case("PUT", "/api/v1/books/{book}/scenes", body={"scenes": [{"id": "{scene}", "text": "changed by someone"}]},
         owner=None, admin=None),
    Case("GET", "/api/v1/books/{book}/manuscript"),
]


@pytest.fixture(scope="module")
def srv(backend_server_factory):
    server = backend_server_factory(FAST_HASHING)
    server.admin = first_account(server)
    return server


@pytest.fixture(scope="module")
def owner(srv) -> Account:
    return register(srv, username=unique("owner"))


@pytest.fixture(scope="module")
def other(srv) -> Account:
    return register(srv, username=unique("other"))


@pytest.fixture(scope="module")
def resources(owner) -> dict[str, str]:
    """The owner's resources, by the names MATRIX paths use. The book is complete before the tests
    start, so that what the owner reads does not change by itself in between."""
    book = generate(owner, title="The Owner's Book", target_words=500)["book_id"]
    assert wait_for(owner, book)["status"] == "completed"
    # The book's notification is stored just after the book completes: wait for it too.
    deadline = time.monotonic() + 10
    while not (listed := owner.get("/api/v1/notifications").json()["notifications"]):
        assert time.monotonic() < deadline, "no notification for the finished book"
        time.sleep(0.05)
    chapter = owner.get(f"/api/v1/books/{book}").json()["chapters"][0]
    upload = owner.call("POST", "/api/v1/files", files={"file": ("notes.txt", b"the owner's notes\n", "text/plain")})
    assert upload.status_code == 201, upload.text
    return {
        "user": owner.id,
        "book": book,
        "notification": listed[0]["id"],
        "chapter": chapter["id"],
        "scene": chapter["scenes"][0]["id"],
        "file": upload.json()["id"],
    }


def path_of(case: Case, resources: dict[str, str]) -> str:
    return case.path.format(**resources)


def send(srv, case: Case, resources, **kwargs):
    body = {k: v.format(**resources) if isinstance(v, str) else v for k, v in case.body.items()} if case.body else None
    return call(srv, case.method, path_of(case, resources), json=body, **kwargs)


def snapshot(owner: Account, resources) -> dict:
    """What the owner reads through every GET row: must not change when somebody else tries."""
    def read(r):
        return r.json() if r.headers.get("Content-Type", "").startswith("application/json") else r.content

    return {str(c): read(owner.get(path_of(c, resources))) for c in MATRIX if c.method == "GET" and c.owner == 200}


@pytest.fixture(scope="module")
def signed_out_token(srv) -> str:
    account = register(srv, username=unique("gone"))
    assert account.call("POST", LOGOUT).status_code == 204
    return account.token


@pytest.mark.parametrize("case", MATRIX, ids=str)
def test_anonymous_requests_are_refused(srv, resources, signed_out_token, case):
    assert_problem(send(srv, case, resources), 401)
    assert_problem(send(srv, case, resources, headers={"Authorization": "Bearer not-a-token"}), 401)
    assert_problem(send(srv, case, resources, token=signed_out_token), 401)
    assert_problem(send(srv, case, resources, headers={"Cookie": "aw_session=not-a-token"}), 401)


@pytest.mark.parametrize("case", MATRIX, ids=str)
def test_the_owner(srv, owner, resources, case):
    if case.owner is None:
        pytest.skip("not checked for the owner")
    r = send(srv, case, resources, token=owner.token)
    assert r.status_code == case.owner, r.text


@pytest.mark.parametrize("case", MATRIX, ids=str)
def test_another_user_cannot_see_or_change_it(srv, owner, other, resources, case):
    before = snapshot(owner, resources)
    r = send(srv, case, resources, token=other.token)
    if case.other == 404:
        problem = assert_problem(r, 404)
        # Exactly what a resource that does not exist gets, its id aside.
        missing = {name: str(uuid.uuid4()) for name in resources}
        absent = assert_problem(send(srv, case, missing, token=other.token), 404)
        for name in resources:
            absent = {k: v.replace(missing[name], resources[name]) if isinstance(v, str) else v
                      for k, v in absent.items()}
        assert without_trace(problem) == without_trace(absent)
    elif case.other >= 400:
        assert_problem(r, case.other)
    else:
        assert r.status_code == case.other, r.text
        assert owner.id not in r.text and owner.email not in r.text, "another user's answer names the owner"
    assert snapshot(owner, resources) == before, "another user changed the owner's resources"


@pytest.mark.parametrize("case", MATRIX, ids=str)
def test_an_administrator(srv, resources, case):
    if case.admin is None:
        pytest.skip("not checked for administrators")
    r = send(srv, case, resources, token=srv.admin.token)
    assert r.status_code == case.admin, r.text
