import { render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch } from "../test/fetchMock";
import { book } from "../test/fixtures";
import { paragraphsOf, ReaderPage } from "./ReaderPage";

afterEach(() => vi.unstubAllGlobals());

describe("ReaderPage", () => {
  it("shows the chapters and scenes with a table of contents, edit links and downloads", async () => {
    mockFetch({ "/api/v1/books/b1": { body: book } });
    render(<ReaderPage params={{ id: "b1" }} />);
    expect(screen.getByRole("status")).toHaveTextContent("Opening the book");
    expect(await screen.findByRole("heading", { level: 1, name: "The Tide Clock" })).toBeInTheDocument();
    const toc = within(screen.getByRole("navigation", { name: "Table of contents" }));
    expect(toc.getByRole("link", { name: "1. Low Water" })).toHaveAttribute("href", "#chapter-1");
    expect(toc.getByRole("link", { name: "2. High Water" })).toHaveAttribute("href", "#chapter-2");
    expect(screen.getByText("Mara woke.")).toBeInTheDocument();
    expect(screen.getByText("The sea was gone.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Edit scene 1.1" })).toHaveAttribute("href", "/edit/s1");
    expect(screen.getByRole("link", { name: "Edit chapter 1" })).toHaveAttribute("href", "/edit/c1");
    expect(toc.getByRole("link", { name: "EPUB" })).toHaveAttribute("href", "/api/v1/books/b1/export?format=epub");
    expect(toc.getByRole("link", { name: "PDF" })).toHaveAttribute("href", "/api/v1/books/b1/export?format=pdf");
    expect(toc.getByRole("link", { name: "Markdown" })).toHaveAttribute("href", "/api/v1/books/b1/export?format=md");
  });

  it("keeps the whitespace a line starts with, as a poem or a letter has it", async () => {
    const poem = "  Dear Mara,\n\n\n    the tide\n      went out.   \n \t \n\tYours, T.\n";
    expect(paragraphsOf(poem)).toEqual(["  Dear Mara,", "    the tide\n      went out.", "\tYours, T."]);
    const first = book.chapters[0]!;
    const indented = { ...book, chapters: [{ ...first, scenes: [{ ...first.scenes[0]!, text: poem }] }] };
    mockFetch({ "/api/v1/books/b1": { body: indented } });
    render(<ReaderPage params={{ id: "b1" }} />);
    const scene = await screen.findByRole("region", { name: "Chapter 1, scene 1" });
    const paragraphs = [...scene.querySelectorAll(".prose p")].map((p) => p.textContent);
    expect(paragraphs).toEqual(["  Dear Mara,", "    the tide\n      went out.", "\tYours, T."]);
  });

  it("says when the book does not exist", async () => {
    mockFetch({
      "/api/v1/books/nope": { status: 404, contentType: "application/problem+json", body: { title: "Not Found", detail: "book nope not found" } },
    });
    render(<ReaderPage params={{ id: "nope" }} />);
    expect(await screen.findByRole("alert")).toHaveTextContent("book nope not found");
  });
});
