import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch } from "../test/fetchMock";
import { offlineWriter } from "../test/fixtures";
import { NewBookPage } from "./NewBookPage";

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, "", "/");
});

describe("NewBookPage", () => {
  it("names the offline writer as not an AI model", async () => {
    mockFetch({ "/api/v1/writer": { body: offlineWriter } });
    render(<NewBookPage />);
    expect(await screen.findByText("Offline writer (not an AI model)")).toBeInTheDocument();
    expect(screen.getByText(/Not an AI model/)).toBeInTheDocument();
  });

  it("says when a model's API key is missing", async () => {
    mockFetch({
      "/api/v1/writer": {
        body: { provider: "anthropic", model: "claude-sonnet-4-5", is_model: true, label: "Claude (claude-sonnet-4-5)", api_key_set: false },
      },
    });
    render(<NewBookPage />);
    expect(await screen.findByText(/no API key set/)).toBeInTheDocument();
  });

  it("starts the book with every field and goes to its live generation", async () => {
    const fetch = mockFetch({
      "/api/v1/writer": { body: offlineWriter },
      "/api/v1/books/generate": { status: 202, body: { book_id: "b9", job_id: "j9", status_url: "", events_url: "" } },
    });
    render(<NewBookPage />);
    fireEvent.change(screen.getByLabelText("Title"), { target: { value: "The Tide Clock" } });
    fireEvent.change(screen.getByLabelText("Braindump"), { target: { value: "A clock that runs on tides." } });
    fireEvent.click(screen.getByLabelText(/Screenplay/));
    fireEvent.change(screen.getByLabelText("Genre"), { target: { value: "mystery" } });
    fireEvent.change(screen.getByLabelText("Target length (words)"), { target: { value: "2000" } });
    fireEvent.click(screen.getByRole("button", { name: "Write this book" }));
    await waitFor(() => expect(window.location.pathname).toBe("/books/b9/live"));
    const call = fetch.mock.calls.find(([p]) => p === "/api/v1/books/generate")!;
    expect(JSON.parse(String(call[1]!.body))).toEqual({
      title: "The Tide Clock",
      braindump: "A clock that runs on tides.",
      kind: "screenplay",
      genre: "mystery",
      target_words: 2000,
    });
  });

  it("shows what the server refused", async () => {
    mockFetch({
      "/api/v1/writer": { body: offlineWriter },
      "/api/v1/books/generate": {
        status: 422,
        contentType: "application/problem+json",
        body: { title: "Validation Failed", detail: "1 field is invalid", errors: [{ field: "title", message: "must not be blank" }] },
      },
    });
    render(<NewBookPage />);
    fireEvent.change(screen.getByLabelText("Title"), { target: { value: "x" } });
    fireEvent.click(screen.getByRole("button", { name: "Write this book" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("must not be blank");
  });
});
