import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch } from "../test/fetchMock";
import { book, sceneDocument } from "../test/fixtures";
import { EditorPage } from "./EditorPage";

afterEach(() => vi.unstubAllGlobals());

describe("EditorPage", () => {
  it("opens the scene's document in the editor with its version", async () => {
    mockFetch({
      "/api/v1/editor/document/s1": { body: sceneDocument, headers: { ETag: '"1"' } },
      "/api/v1/books/b1": { body: book },
    });
    render(<EditorPage params={{ id: "s1" }} />);
    expect(screen.getByRole("status")).toHaveTextContent("Opening the editor");
    expect(await screen.findByRole("heading", { name: "Chapter 1, scene 1 · The Harbour" })).toBeInTheDocument();
    const editor = screen.getByRole("textbox", { name: "Text of Chapter 1, scene 1 · The Harbour" });
    expect(editor).toHaveTextContent("Mara woke.");
    expect(editor).toHaveTextContent("The sea was gone.");
    expect(screen.getByText("Saved · version 1")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save" })).toBeDisabled();
    expect(screen.getByRole("link", { name: "Back to the book" })).toHaveAttribute("href", "/books/b1");
    const toolbar = screen.getByRole("toolbar", { name: "Formatting" });
    expect(toolbar).toHaveAttribute("aria-controls", editor.id);
    expect(within(toolbar).getByRole("button", { name: "Bold" })).toHaveAttribute("aria-pressed", "false");
  });

  it("shows the marks and block types the document keeps", async () => {
    const formatted = {
      ...sceneDocument,
      content: [
        { type: "h2", children: [{ text: "The Letter" }] },
        { type: "blockquote", children: [{ type: "p", children: [{ text: "    Dear Mara," }] }] },
        { type: "p", children: [{ text: "She " }, { text: "did not", bold: true, italic: true }, { text: " wait." }] },
      ],
    };
    mockFetch({ "/api/v1/editor/document/s1": { body: formatted }, "/api/v1/books/b1": { body: book } });
    render(<EditorPage params={{ id: "s1" }} />);
    const editor = await screen.findByRole("textbox");
    expect(within(editor).getByRole("heading", { level: 2, name: "The Letter" })).toBeInTheDocument();
    expect(editor.querySelector("blockquote")?.textContent).toBe("    Dear Mara,");
    expect(editor.querySelector("strong em, em strong")).toHaveTextContent("did not");
  });

  it("follows the caret the writer moves with the keyboard at once", async () => {
    const formatted = {
      ...sceneDocument,
      content: [
        { type: "h2", children: [{ text: "The Letter" }] },
        { type: "p", children: [{ text: "She did not wait." }] },
      ],
    };
    mockFetch({ "/api/v1/editor/document/s1": { body: formatted }, "/api/v1/books/b1": { body: book } });
    render(<EditorPage params={{ id: "s1" }} />);
    const editor = await screen.findByRole("textbox");
    act(() => editor.focus());
    const heading = screen.getByRole("button", { name: "Heading" });
    expect(heading).toHaveAttribute("aria-pressed", "false");
    // Ctrl+Home puts the page's caret in the heading; the editor takes it when the key comes up,
    // not up to 100 ms later (by when the next keystroke may have gone where the caret was).
    const title = within(editor).getByText("The Letter");
    const caret = document.createRange();
    caret.setStart(title.firstChild!, 0);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(caret);
    await act(async () => {
      fireEvent.keyUp(editor, { key: "Home", ctrlKey: true });
    });
    expect(heading).toHaveAttribute("aria-pressed", "true");
  });

  it("asks before regenerating the scene, then reopens the new version", async () => {
    let regenerated = false;
    const fetch = mockFetch({
      "/api/v1/editor/document/s1": () => ({ body: regenerated ? { ...sceneDocument, version: 2, content: [{ type: "p", children: [{ text: "A new dawn." }] }] } : sceneDocument }),
      "/api/v1/books/b1": { body: book },
      "/api/v1/books/b1/chapters/1/scenes": () => ((regenerated = true), { status: 202, body: { book_id: "b1", job_id: "j2", status_url: "", events_url: "" } }),
      "/api/v1/books/b1/status": { body: { status: "completed", progress: 100 } },
    });
    render(<EditorPage params={{ id: "s1" }} />);
    fireEvent.click(await screen.findByRole("button", { name: "Regenerate this scene…" }));
    expect(screen.getByRole("alertdialog", { name: "Regenerate this scene?" })).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Regenerate" }));
    expect(await screen.findByText("Writing the scene again…")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText("Saved · version 2")).toBeInTheDocument(), { timeout: 4000 });
    expect(screen.getByRole("textbox")).toHaveTextContent("A new dawn.");
    const call = fetch.mock.calls.find(([p]) => p === "/api/v1/books/b1/chapters/1/scenes")!;
    expect(JSON.parse(String(call[1]!.body))).toEqual({ scene: 1 });
  });

  it("says when the document cannot be opened", async () => {
    mockFetch({
      "/api/v1/editor/document/nope": { status: 404, contentType: "application/problem+json", body: { title: "Not Found", detail: "document nope not found" } },
    });
    render(<EditorPage params={{ id: "nope" }} />);
    expect(await screen.findByRole("alert")).toHaveTextContent("document nope not found");
  });
});
