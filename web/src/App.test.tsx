import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "./App";
import { mockFetch } from "./test/fetchMock";
import { summary, user } from "./test/fixtures";

const unauthenticated = { status: 401, contentType: "application/problem+json", body: { title: "Unauthenticated", status: 401 } };
const providers = { body: { local: true, proxy: false, login_url: null } };

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, "", "/");
});

describe("App", () => {
  it("shows the server status without signing in", async () => {
    mockFetch({
      "/api/v1/auth/me": unauthenticated,
      "/health": { body: { status: "ok", service: "authorworks", version: "0.1.0" } },
      "/ready": { body: { status: "ready", checks: [] } },
    });
    window.history.replaceState(null, "", "/status");
    render(<App />);
    expect(screen.getByRole("link", { name: "Status" })).toHaveAttribute("aria-current", "page");
    expect(await screen.findByText("Running")).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe("Server status · AuthorWorks"));
    expect(screen.queryByRole("link", { name: "Books" })).not.toBeInTheDocument();
  });

  it("asks a signed-out visitor to sign in, then shows their books and signs out", async () => {
    let signedIn = false;
    const fetch = mockFetch({
      "/api/v1/auth/me": () => (signedIn ? { body: { user } } : unauthenticated),
      "/api/v1/auth/providers": providers,
      "/api/v1/auth/login": () => ((signedIn = true), { body: { user, token: "t" } }),
      "/api/v1/auth/logout": () => ((signedIn = false), { status: 204 }),
      "/api/v1/books?limit=200": { body: { books: [summary], total: 1 } },
    });
    render(<App />);
    expect(await screen.findByRole("heading", { name: "Welcome back" })).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe("Sign in · AuthorWorks"));

    fireEvent.change(screen.getByLabelText("Email or username"), { target: { value: "ada" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "correct horse" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));

    expect(await screen.findByRole("heading", { name: "Your books" })).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "The Tide Clock" })).toBeInTheDocument();
    const login = fetch.mock.calls.find(([path]) => path === "/api/v1/auth/login")!;
    expect(JSON.parse(String(login[1]!.body))).toEqual({ login: "ada", password: "correct horse" });

    fireEvent.click(screen.getByRole("button", { name: "Sign out" }));
    expect(await screen.findByRole("heading", { name: "Welcome back" })).toBeInTheDocument();
  });

  it("answers an unknown path with a not-found page that leads back", async () => {
    mockFetch({ "/api/v1/auth/me": unauthenticated, "/api/v1/auth/providers": providers });
    window.history.replaceState(null, "", "/no/such/page");
    render(<App />);
    expect(screen.getByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    fireEvent.click(screen.getByRole("link", { name: "Go to the start page" }));
    expect(await screen.findByRole("heading", { name: "Welcome back" })).toBeInTheDocument();
    expect(window.location.pathname).toBe("/");
  });

  it("says so when the server cannot be reached, and tries again", async () => {
    let up = false;
    mockFetch({
      "/api/v1/auth/me": () => (up ? { body: { user } } : new TypeError("Failed to fetch")),
      "/api/v1/books?limit=200": { body: { books: [], total: 0 } },
    });
    render(<App />);
    expect(await screen.findByText("Server unreachable")).toBeInTheDocument();
    up = true;
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "Your shelf is empty" })).toBeInTheDocument();
  });
});
