import { fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch } from "../test/fetchMock";
import { summary } from "../test/fixtures";
import { DashboardPage } from "./DashboardPage";

afterEach(() => vi.unstubAllGlobals());

describe("DashboardPage", () => {
  it("invites the first book when the shelf is empty", async () => {
    mockFetch({ "/api/v1/books?limit=200": { body: { books: [], total: 0 } } });
    render(<DashboardPage />);
    expect(screen.getByRole("status")).toHaveTextContent("Loading your books");
    expect(await screen.findByRole("heading", { name: "Your shelf is empty" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Start your first book" })).toHaveAttribute("href", "/books/new");
  });

  it("lists each book with its status, progress, words, cost and last change", async () => {
    const running = { ...summary, id: "b2", title: "Half Written", status: "running", words: 300, target_words: 1200, cost_usd: 0.42 };
    mockFetch({ "/api/v1/books?limit=200": { body: { books: [summary, running], total: 2 } } });
    render(<DashboardPage />);
    const cards = await screen.findAllByRole("listitem");
    expect(cards).toHaveLength(2);
    const done = within(cards[0]!);
    expect(done.getByRole("link", { name: "The Tide Clock" })).toHaveAttribute("href", "/books/b1");
    expect(done.getByText("Complete")).toBeInTheDocument();
    expect(done.getByText("1,234 words")).toBeInTheDocument();
    expect(done.getByText("$0.00")).toBeInTheDocument();
    expect(done.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    expect(done.getByRole("link", { name: "Read The Tide Clock" })).toHaveAttribute("href", "/books/b1");
    const live = within(cards[1]!);
    expect(live.getByRole("link", { name: "Half Written" })).toHaveAttribute("href", "/books/b2/live");
    expect(live.getByText("Writing")).toBeInTheDocument();
    expect(live.getByText("$0.42")).toBeInTheDocument();
    expect(live.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "25");
  });

  it("shows an error with Try again", async () => {
    let fail = true;
    mockFetch({
      "/api/v1/books?limit=200": () =>
        fail
          ? { status: 503, contentType: "application/problem+json", body: { title: "Service Unavailable", detail: "database is down" } }
          : { body: { books: [], total: 0 } },
    });
    render(<DashboardPage />);
    expect(await screen.findByRole("alert")).toHaveTextContent("database is down");
    fail = false;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "Your shelf is empty" })).toBeInTheDocument();
  });
});
