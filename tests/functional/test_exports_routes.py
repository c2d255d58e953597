"""The export routes, on SQLite and on PostgreSQL: POST /api/v1/books/:id/export renders, stores and
answers the file record; GET /api/v1/books/:id/export?format= sends the file, rendering it again
only when the book changed. Owners and admins only; a book without text is a 409; an unknown
format a 422."""

from __future__ import annotations

import io
import urllib.parse
import zipfile

import pytest

from accounts_support import FAST_HASHING, assert_problem, call, first_account, register, unique
from content_support import BOOKS, db_rows, generate, read_book, wait_for
from export_support import epubcheck

TITLE = "Le Château des Brumes"


@pytest.fixture(scope="module")
def srv(backend_server_factory):
    return backend_server_factory(FAST_HASHING)


@pytest.fixture(scope="module")
def admin(srv):
    return first_account(srv)


@pytest.fixture(scope="module")
def writer(srv, admin):
    return register(srv, username=unique("writer"))


@pytest.fixture(scope="module")
def novel(writer):
    book_id = generate(writer, title=TITLE, braindump="A keeper hears voices in the fog.", target_words=1200)["book_id"]
    assert wait_for(writer, book_id)["status"] == "completed"
    return book_id


def export(account, book_id: str, format: str):
    return account.call("POST", f"{BOOKS}/{book_id}/export", json={"format": format})


def download(account, book_id: str, format: str):
    return account.get(f"{BOOKS}/{book_id}/export", params={"format": format})


def test_post_renders_and_answers_the_file_record(writer, novel):
    r = export(writer, novel, "epub")
    assert r.status_code == 201, r.text
    record = r.json()
    assert record["format"] == "epub" and record["book_id"] == novel
    assert record["content_type"] == "application/epub+zip"
    assert record["name"] == f"{TITLE}.epub"
    assert record["size"] > 10_000 and len(record["sha256"]) == 64 and len(record["content_hash"]) == 64
    assert record["download_url"] == f"{BOOKS}/{novel}/export?format=epub"
    assert r.headers["Location"] == record["download_url"]


def test_every_format_downloads_with_its_type_and_name(writer, novel, tmp_path):
    expected = {"md": "text/markdown; charset=utf-8", "md-zip": "application/zip", "epub": "application/epub+zip"}
    extension = {"md": ".md", "md-zip": ".zip", "epub": ".epub"}
    for format, content_type in expected.items():
        r = download(writer, novel, format)
        assert r.status_code == 200, r.text
        assert r.headers["Content-Type"] == content_type
        disposition = r.headers["Content-Disposition"]
        quoted = urllib.parse.quote(f"{TITLE}{extension[format]}", safe="")
        assert disposition == (f'attachment; filename="le-ch-teau-des-brumes{extension[format]}"; '
                               f"filename*=UTF-8''{quoted}"), disposition
    markdown = download(writer, novel, "md").content.decode()
    assert markdown.startswith(f'---\ntitle: "{TITLE}"\n')
    assert "writer: \"Offline writer (not an AI model)\"" in markdown
    with zipfile.ZipFile(io.BytesIO(download(writer, novel, "md-zip").content)) as archive:
        names = archive.namelist()
        assert names and names == sorted(names) and names[0].startswith("01-")
    epub = tmp_path / "book.epub"
    epub.write_bytes(download(writer, novel, "epub").content)
    epubcheck(epub)


def test_an_unchanged_book_is_served_from_the_stored_export(srv, writer, novel):
    first = export(writer, novel, "md").json()
    second = export(writer, novel, "md").json()
    assert second["id"] == first["id"] and second["cached"] is True
    r = download(writer, novel, "md")
    assert r.headers["X-Export-Content-Hash"] == first["content_hash"]
    rows = db_rows(srv, "SELECT file_id FROM exports WHERE book_id = ? AND format = 'md'", (novel,))
    assert [row[0] for row in rows] == [first["id"]]


def test_a_changed_book_renders_again_and_the_stale_export_goes(srv, writer):
    book_id = generate(writer, title="The Ferry", kind="screenplay", target_words=800)["book_id"]
    assert wait_for(writer, book_id)["status"] == "completed"
    before = export(writer, book_id, "epub").json()
    chapter = read_book(writer, book_id)["chapters"][0]
    r = writer.call("POST", f"{BOOKS}/{book_id}/chapters/{chapter['number']}/scenes",
                    json={"scene": chapter["scenes"][0]["number"]})
    assert r.status_code == 202, r.text
    assert wait_for(writer, book_id)["status"] == "completed"

    r = download(writer, book_id, "epub")
    assert r.status_code == 200
    assert r.headers["X-Export-Content-Hash"] != before["content_hash"]
    after = export(writer, book_id, "epub").json()
    assert after["id"] != before["id"] and after["cached"] is True
    rows = db_rows(srv, "SELECT file_id FROM exports WHERE book_id = ? AND format = 'epub'", (book_id,))
    assert [row[0] for row in rows] == [after["id"]]
    assert db_rows(srv, "SELECT id FROM files WHERE id = ?", (before["id"],)) == []


def test_play_exports_pass_epubcheck(writer, tmp_path):
    book_id = generate(writer, title="幽霊 / Ghosts: a play", kind="play", target_words=800)["book_id"]
    assert wait_for(writer, book_id)["status"] == "completed"
    r = download(writer, book_id, "epub")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Disposition"].startswith('attachment; filename="ghosts-a-play.epub"; filename*=UTF-8')
    epub = tmp_path / "play.epub"
    epub.write_bytes(r.content)
    epubcheck(epub)


def test_only_the_owner_and_admins_reach_an_export(srv, admin, writer, novel):
    stranger = register(srv, username=unique("stranger"))
    assert_problem(export(stranger, novel, "md"), 404)
    assert_problem(download(stranger, novel, "md"), 404)
    assert_problem(download(stranger, "not-a-book-id", "md"), 404)
    assert_problem(download(stranger, "00000000-0000-4000-8000-000000000000", "md"), 404)
    assert export(admin, novel, "md").status_code == 201
    assert download(admin, novel, "md").status_code == 200
    assert call(srv, "POST", f"{BOOKS}/{novel}/export", json={"format": "md"}).status_code == 401
    assert call(srv, "GET", f"{BOOKS}/{novel}/export?format=md").status_code == 401


def test_bad_formats_are_422_and_a_book_without_text_is_409(srv, writer, novel):
    assert_problem(export(writer, novel, "docx"), 422, field="format", detail="not 'docx'")
    assert_problem(writer.call("POST", f"{BOOKS}/{novel}/export", json={}), 422, field="format")
    assert_problem(writer.call("POST", f"{BOOKS}/{novel}/export", json={"format": 5}), 422, field="format")
    assert_problem(writer.call("GET", f"{BOOKS}/{novel}/export"), 422, field="format")
    assert_problem(writer.call("POST", f"{BOOKS}/{novel}/export", data=b"[1]",
                               headers={"Content-Type": "application/json"}), 400)

    # A book whose writing has not produced a scene yet: its row alone.
    empty = generate(writer, title="Not Yet", target_words=500)["book_id"]
    wait_for(writer, empty)
    db_rows(srv, "DELETE FROM scenes WHERE chapter_id IN (SELECT id FROM chapters WHERE book_id = ?)", (empty,))
    assert_problem(export(writer, empty, "epub"), 409, detail="no text yet")


def test_an_export_names_its_writer_as_the_users_module_knows_them(srv, admin):
    """The author's name is the users module's to give (through the users service, in gateway mode):
    the username until the writer sets a display name, then that name, for them and an admin alike."""
    author = register(srv, username=unique("mireille"))
    book_id = generate(author, title="The Salt Road", target_words=500)["book_id"]
    assert wait_for(author, book_id)["status"] == "completed"
    markdown = download(author, book_id, "md").content.decode()
    assert f'author: "{author.username}"\n' in markdown and f"by {author.username}\n" in markdown

    r = author.call("PATCH", f"/api/v1/users/{author.id}", json={"display_name": "Mireille Avranches-Dubois"})
    assert r.status_code == 200, r.text
    for account in (author, admin):
        markdown = download(account, book_id, "md").content.decode()
        assert 'author: "Mireille Avranches-Dubois"\n' in markdown, markdown[:300]
        assert "by Mireille Avranches-Dubois\n" in markdown
    r = download(admin, book_id, "epub")
    assert r.status_code == 200, r.text
    with zipfile.ZipFile(io.BytesIO(r.content)) as archive:
        package = archive.read("OEBPS/package.opf").decode()
    assert ">Mireille Avranches-Dubois</dc:creator>" in package, package
