"""The editor's documents (GET and PUT /api/v1/editor/document/:id) against the real binary, on
SQLite and PostgreSQL: a scene's or a chapter's text as a Plate value, made on first open, saved with
If-Match (428 without, 409 with the current version when stale), every version kept, and the edit
written back to the book that the reader and the exports read: marks and block types stay in the
document, the book gets the words with the whitespace each line starts with, and a save whose text
cannot be written into the book keeps nothing."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import GATEWAY, psql

from accounts_support import FAST_HASHING, assert_problem, register, unique
from content_support import db_rows, generate, read_book, wait_for

DOCS = "/api/v1/editor/document"


def paragraph(text: str) -> dict:
    return {"type": "p", "children": [{"text": text}]}


SCENE_BREAK = {"type": "hr", "children": [{"text": ""}]}


@pytest.fixture(scope="module")
def srv(backend_server_factory):
    return backend_server_factory(FAST_HASHING)


@pytest.fixture
def writer(srv):
    return register(srv, username=unique("editor"))


@pytest.fixture
def book(writer) -> dict:
    book_id = generate(writer, title="The Tide Clock", target_words=600)["book_id"]
    assert wait_for(writer, book_id)["status"] == "completed"
    return read_book(writer, book_id)


def open_doc(account, doc_id: str):
    r = account.get(f"{DOCS}/{doc_id}")
    assert r.status_code == 200, r.text
    return r


def save(account, doc_id: str, content, etag: str | None):
    headers = {"If-Match": etag} if etag is not None else {}
    return account.call("PUT", f"{DOCS}/{doc_id}", json={"content": content}, headers=headers)


def test_a_scene_opens_as_paragraphs_of_its_text_with_an_etag(writer, book):
    scene = book["chapters"][0]["scenes"][0]
    r = open_doc(writer, scene["id"])
    doc = r.json()
    assert r.headers["ETag"] == '"1"' and doc["version"] == 1
    assert doc["kind"] == "scene" and doc["book_id"] == book["id"] and doc["id"] == scene["id"]
    assert doc["title"].startswith("Chapter 1, scene 1")
    texts = ["".join(leaf["text"] for leaf in block["children"]) for block in doc["content"]]
    assert all(block["type"] == "p" for block in doc["content"])
    assert "\n\n".join(texts) == scene["text"].strip()
    # Opening again makes no new version.
    assert open_doc(writer, scene["id"]).headers["ETag"] == '"1"'


def test_a_save_writes_the_text_back_and_a_stale_save_gets_409(writer, book):
    scene = book["chapters"][0]["scenes"][0]
    etag = open_doc(writer, scene["id"]).headers["ETag"]
    edited = [paragraph("The clock struck thirteen."), {"type": "p", "children": [
        {"text": "Mara "}, {"text": "did not", "italic": True}, {"text": " look up."}]}]
    r = save(writer, scene["id"], edited, etag)
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"' and r.json()["version"] == 2 and r.json()["content"] == edited

    after = read_book(writer, book["id"])
    saved = after["chapters"][0]["scenes"][0]
    assert saved["text"] == "The clock struck thirteen.\n\nMara did not look up."
    assert saved["words"] == 9
    assert after["words"] == book["words"] - scene["words"] + 9

    # A second tab still holding version 1.
    stale = save(writer, scene["id"], [paragraph("An older copy.")], etag)
    problem = assert_problem(stale, 409)
    assert problem["current_version"] == 2 and stale.headers["ETag"] == '"2"'
    assert problem["current"]["content"] == edited
    assert read_book(writer, book["id"])["chapters"][0]["scenes"][0]["text"].startswith("The clock struck")

    # Keeping the writer's version: save again over the current one.
    assert save(writer, scene["id"], [paragraph("An older copy.")], '"2"').status_code == 200
    assert open_doc(writer, scene["id"]).json()["version"] == 3


def test_a_chapter_holds_its_scenes_between_scene_breaks(writer):
    book_id = generate(writer, title="The Long Tide", target_words=4000)["book_id"]
    assert wait_for(writer, book_id)["status"] == "completed"
    book = read_book(writer, book_id)
    chapter = max(book["chapters"], key=lambda c: len(c["scenes"]))
    assert len(chapter["scenes"]) >= 2, "a 4,000-word novel has a chapter of several scenes"
    r = open_doc(writer, chapter["id"])
    doc = r.json()
    assert doc["kind"] == "chapter" and doc["title"].startswith(f"Chapter {chapter['number']}")
    breaks = [b for b in doc["content"] if b["type"] == "hr"]
    assert len(breaks) == len(chapter["scenes"]) - 1

    content = []
    for i, _ in enumerate(chapter["scenes"]):
        if i:
            content.append(SCENE_BREAK)
        content.append(paragraph(f"Scene {i + 1}, rewritten."))
    assert save(writer, chapter["id"], content, r.headers["ETag"]).status_code == 200
    scenes = next(c for c in read_book(writer, book_id)["chapters"] if c["id"] == chapter["id"])["scenes"]
    assert [s["text"] for s in scenes] == [f"Scene {i + 1}, rewritten." for i in range(len(scenes))]

    # Losing a scene break would merge two scenes: refused, nothing written.
    merged = assert_problem(save(writer, chapter["id"], [paragraph("one scene")], '"2"'), 422)
    assert merged["errors"][0]["field"] == "content"


def test_saves_are_refused_without_if_match_or_with_a_malformed_one(writer, book):
    scene_id = book["chapters"][0]["scenes"][0]["id"]
    open_doc(writer, scene_id)
    assert_problem(save(writer, scene_id, [paragraph("x")], None), 428)
    assert_problem(save(writer, scene_id, [paragraph("x")], "1"), 400)
    assert_problem(save(writer, scene_id, [paragraph("x")], 'W/"1"'), 400)
    assert open_doc(writer, scene_id).json()["version"] == 1


@pytest.mark.parametrize("content, message", [
    (None, "is required"),
    ("text", "array of blocks"),
    ([], "at least one block"),
    ([{"text": "a leaf"}], "not a text leaf"),
    ([{"type": "p"}], "children"),
    ([{"type": "p", "children": []}], "children"),
    ([{"type": "p", "children": [{"text": 3}]}], "not a string"),
    ([{"type": "", "children": [{"text": "x"}]}], "type"),
    ([{"type": "p", "children": ["x"]}], "must be an object"),
])
def test_a_malformed_plate_value_is_422(writer, book, content, message):
    scene_id = book["chapters"][0]["scenes"][0]["id"]
    etag = open_doc(writer, scene_id).headers["ETag"]
    problem = assert_problem(save(writer, scene_id, content, etag), 422)
    assert problem["errors"][0]["field"] == "content" and message in problem["errors"][0]["message"], problem


def test_deeply_nested_and_oversized_documents_are_refused(writer, book):
    scene_id = book["chapters"][0]["scenes"][0]["id"]
    etag = open_doc(writer, scene_id).headers["ETag"]
    node: dict = {"text": "deep"}
    for _ in range(13):
        node = {"type": "span", "children": [node]}
    assert "levels deep" in assert_problem(save(writer, scene_id, [node], etag), 422)["errors"][0]["message"]
    huge = [paragraph("x" * 1_000_000) for _ in range(5)]
    assert_problem(save(writer, scene_id, huge, etag), 413)
    extra = writer.call("PUT", f"{DOCS}/{scene_id}", json={"content": [paragraph("x")], "title": "t"},
                        headers={"If-Match": etag})
    assert assert_problem(extra, 422)["errors"][0]["field"] == "title"


def test_unknown_ids_are_404(writer):
    assert_problem(writer.get(f"{DOCS}/not-an-id"), 404)
    assert_problem(writer.get(f"{DOCS}/8a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d"), 404)


def test_a_regenerated_scene_becomes_a_new_version_and_versions_are_kept(srv, writer, book):
    scene = book["chapters"][0]["scenes"][-1]
    number = scene["number"]
    etag = open_doc(writer, scene["id"]).headers["ETag"]
    assert save(writer, scene["id"], [paragraph("Hand-written.")], etag).status_code == 200

    r = writer.call("POST", f"/api/v1/books/{book['id']}/chapters/1/scenes", json={"scene": number})
    assert r.status_code == 202, r.text
    assert wait_for(writer, book["id"])["status"] == "completed"
    doc = open_doc(writer, scene["id"]).json()
    regenerated = read_book(writer, book["id"])["chapters"][0]["scenes"][number - 1]["text"]
    assert doc["version"] == 3
    assert "\n\n".join(b["children"][0]["text"] for b in doc["content"]) == regenerated.strip()

    versions = db_rows(srv, "SELECT version, author_id FROM document_versions WHERE document_id = ? ORDER BY version",
                       (scene["id"],))
    assert [int(v[0]) for v in versions] == [1, 2, 3]
    # The writer's save is theirs; the regenerated text is nobody's.
    assert versions[1][1] == writer.id and versions[2][1] in (None, "")


def test_marks_block_types_and_indentation_survive_the_round_trip(writer, book):
    scene = book["chapters"][0]["scenes"][0]
    etag = open_doc(writer, scene["id"]).headers["ETag"]
    content = [
        {"type": "h2", "children": [{"text": "The "}, {"text": "Letter", "bold": True}]},
        {"type": "blockquote", "children": [
            paragraph("    Dear Mara,"),
            {"type": "p", "children": [
                {"text": "  come ", "italic": True}, {"text": "home", "underline": True}, {"text": "."}]},
        ]},
        paragraph("\tYours,\n\t\tT."),
    ]
    r = save(writer, scene["id"], content, etag)
    assert r.status_code == 200, r.text
    assert r.json()["content"] == content

    saved = read_book(writer, book["id"])["chapters"][0]["scenes"][0]
    assert saved["text"] == "The Letter\n\n    Dear Mara,\n\n  come home.\n\n\tYours,\n\t\tT."
    # The book's text matches the document's, so opening it again gives the document as saved.
    again = open_doc(writer, scene["id"])
    assert again.headers["ETag"] == '"2"' and again.json()["content"] == content


def refuse_scene_writes(srv, refuse: bool) -> None:
    """Makes the database refuse (or accept again) any change to a scene's text, as a full disk
    would: PostgreSQL answers with disk_full, SQLite with a failed statement."""
    url = srv.database_url
    if url.startswith("sqlite://"):
        with sqlite3.connect(url[len("sqlite://"):], timeout=10) as db:
            db.execute("CREATE TRIGGER refuse_scene_text BEFORE UPDATE OF \"text\" ON scenes "
                       "BEGIN SELECT RAISE(ABORT, 'no space left on the device'); END" if refuse
                       else "DROP TRIGGER refuse_scene_text")
        return
    psql(url, "CREATE FUNCTION refuse_scene_text() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
              "RAISE EXCEPTION 'no space left on the device' USING ERRCODE = 'disk_full'; END $$; "
              "CREATE TRIGGER refuse_scene_text BEFORE UPDATE OF \"text\" ON scenes "
              "FOR EACH ROW EXECUTE FUNCTION refuse_scene_text()" if refuse
         else "DROP TRIGGER refuse_scene_text ON scenes; DROP FUNCTION refuse_scene_text()")


def test_a_save_whose_text_cannot_reach_the_book_keeps_nothing(srv, writer, book):
    scene = book["chapters"][0]["scenes"][0]
    before = open_doc(writer, scene["id"]).json()
    edited = [paragraph("A save the disk will not take.")]
    refuse_scene_writes(srv, True)
    try:
        r = save(writer, scene["id"], edited, '"1"')
    finally:
        refuse_scene_writes(srv, False)
    # PostgreSQL's disk_full is a 503 to retry; SQLite's refusal is a failed statement, which the
    # content service's 500 makes a bad gateway (502) for the editor service in gateway mode.
    failed_statement = 502 if GATEWAY else 500
    problem = assert_problem(r, 503 if srv.database_url.startswith("postgres") else failed_statement)
    assert problem["detail"].startswith("nothing was saved"), problem
    if r.status_code == 503:
        assert int(r.headers["Retry-After"]) > 0

    # Neither the version nor the text: the document and the book are as they were.
    after = open_doc(writer, scene["id"])
    assert after.headers["ETag"] == '"1"' and after.json()["content"] == before["content"]
    assert read_book(writer, book["id"])["chapters"][0]["scenes"][0]["text"] == scene["text"]
    versions = db_rows(srv, "SELECT version FROM document_versions WHERE document_id = ?", (scene["id"],))
    assert [int(v[0]) for v in versions] == [1]

    # Saving again once the disk has room takes the version the failed save did not keep.
    r = save(writer, scene["id"], edited, '"1"')
    assert r.status_code == 200 and r.headers["ETag"] == '"2"', r.text
    assert read_book(writer, book["id"])["chapters"][0]["scenes"][0]["text"] == "A save the disk will not take."
