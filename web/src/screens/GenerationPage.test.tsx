import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeEventSource, installFakeEventSource } from "../test/fakeEventSource";
import { mockFetch } from "../test/fetchMock";
import { book, runningStatus } from "../test/fixtures";
import { GenerationPage } from "./GenerationPage";

beforeEach(installFakeEventSource);
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const status = () => screen.getByTestId("generation-status");

describe("GenerationPage", () => {
  it("shows the stages, progress, streaming text, tokens, cost and time left as events arrive", async () => {
    mockFetch({ "/api/v1/books/b1": { body: book }, "/api/v1/books/b1/status": { body: { ...runningStatus, status: "completed", progress: 100 } } });
    render(<GenerationPage params={{ id: "b1" }} />);
    expect(screen.getByRole("status")).toHaveTextContent("Connecting");
    const es = FakeEventSource.latest();
    expect(es.url).toBe("/api/v1/books/b1/events");
    act(() => {
      es.open();
      es.emit("status", { type: "status", ...runningStatus });
    });
    expect(await screen.findByRole("heading", { name: "The Tide Clock" })).toBeInTheDocument();
    expect(status()).toHaveTextContent("Writing");
    expect(screen.getByText("Claude (claude-sonnet-4-5)")).toBeInTheDocument();
    expect(screen.getByText("1,500")).toBeInTheDocument();
    expect(screen.getByText("$0.01")).toBeInTheDocument();
    expect(screen.getByText("2 min")).toBeInTheDocument();
    const stages = within(screen.getByRole("list", { name: "Stages" }));
    expect(stages.getByText("Outline").closest("li")).toHaveAttribute("aria-current", "step");

    act(() => {
      es.emit("stage", { type: "stage", stage: "scene" });
      es.emit("progress", { type: "progress", progress: 60, words: 700, tokens: 4000, cost: 0.05, eta_seconds: 20 });
      es.emit("text", { type: "text", chapter: 2, scene: 1, delta: "The tide " });
      es.emit("text", { type: "text", chapter: 2, scene: 1, delta: "turned." });
    });
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "60");
    expect(screen.getByText("700 words")).toBeInTheDocument();
    expect(screen.getByText("4,000")).toBeInTheDocument();
    expect(screen.getByText("20 s")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Chapter 2, scene 1" })).toBeInTheDocument();
    expect(screen.getByText("The tide turned.")).toBeInTheDocument();

    act(() => es.emit("completed", { type: "completed" }));
    expect(es.readyState).toBe(FakeEventSource.CLOSED);
    expect(await screen.findByRole("link", { name: "Read the book" })).toHaveAttribute("href", "/books/b1");
  });

  it("says what failed in plain words and resumes from there", async () => {
    const fetch = mockFetch({
      "/api/v1/books/b1": { body: book },
      "/api/v1/books/b1/status": { body: { ...runningStatus, status: "failed", error: "Your Anthropic API key was rejected" } },
      "/api/v1/books/b1/resume": { status: 202, body: { book_id: "b1", job_id: "j2", status_url: "", events_url: "" } },
    });
    render(<GenerationPage params={{ id: "b1" }} />);
    const first = FakeEventSource.latest();
    act(() => {
      first.open();
      first.emit("status", { type: "status", ...runningStatus, status: "failed", error: "Your Anthropic API key was rejected" });
    });
    expect(await screen.findByRole("alert")).toHaveTextContent("Your Anthropic API key was rejected");
    fireEvent.click(screen.getByRole("button", { name: "Resume" }));
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(2));
    expect(fetch.mock.calls.some(([p, init]) => p === "/api/v1/books/b1/resume" && init?.method === "POST")).toBe(true);
    const second = FakeEventSource.latest();
    act(() => {
      second.open();
      second.emit("status", { type: "status", ...runningStatus });
    });
    expect(status()).toHaveTextContent("Writing");
    expect(screen.getByRole("button", { name: "Cancel" })).toBeInTheDocument();
  });

  it("cancels a running book", async () => {
    const fetch = mockFetch({
      "/api/v1/books/b1": { body: book },
      "/api/v1/books/b1/cancel": { status: 202, body: { ...runningStatus, status: "cancelled" } },
      "/api/v1/books/b1/status": { body: { ...runningStatus, status: "cancelled" } },
    });
    render(<GenerationPage params={{ id: "b1" }} />);
    const es = FakeEventSource.latest();
    act(() => {
      es.open();
      es.emit("status", { type: "status", ...runningStatus });
    });
    fireEvent.click(await screen.findByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(fetch.mock.calls.some(([p]) => p === "/api/v1/books/b1/cancel")).toBe(true));
    act(() => es.emit("cancelled", { type: "cancelled" }));
    expect(await screen.findByRole("button", { name: "Resume" })).toBeInTheDocument();
  });

  it("reconnects after the stream drops and resumes from the current status", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    mockFetch({ "/api/v1/books/b1": { body: book } });
    render(<GenerationPage params={{ id: "b1" }} />);
    const first = FakeEventSource.latest();
    act(() => {
      first.open();
      first.emit("status", { type: "status", ...runningStatus });
    });
    act(() => first.drop());
    expect(await screen.findByText("Connection lost: reconnecting…")).toBeInTheDocument();
    act(() => first.fail());
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1100);
    });
    expect(FakeEventSource.instances).toHaveLength(2);
    const second = FakeEventSource.latest();
    act(() => {
      second.open();
      second.emit("status", { type: "status", ...runningStatus, progress: 80 });
    });
    expect(screen.getByText("Live")).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "80");
  });
});
