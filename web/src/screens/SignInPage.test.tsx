import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SessionProvider } from "../session/SessionContext";
import { mockFetch } from "../test/fetchMock";
import { user } from "../test/fixtures";
import { SignInPage, ssoUrl } from "./SignInPage";

const unauthenticated = { status: 401, contentType: "application/problem+json", body: { title: "Unauthenticated" } };

afterEach(() => vi.unstubAllGlobals());

function renderPage() {
  return render(
    <SessionProvider>
      <SignInPage />
    </SessionProvider>,
  );
}

describe("SignInPage", () => {
  it("registers an account with labelled fields", async () => {
    const fetch = mockFetch({
      "/api/v1/auth/me": unauthenticated,
      "/api/v1/auth/providers": { body: { local: true, proxy: false, login_url: null } },
      "/api/v1/auth/register": { status: 201, body: { user, token: "t" } },
    });
    renderPage();
    fireEvent.click(screen.getByRole("tab", { name: "Create account" }));
    expect(screen.getByRole("heading", { name: "Create your account" })).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "ada@example.com" } });
    fireEvent.change(screen.getByLabelText("Username"), { target: { value: "ada" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "a long passphrase" } });
    fireEvent.click(screen.getByRole("button", { name: "Create account" }));
    await waitFor(() => expect(fetch.mock.calls.some(([p]) => p === "/api/v1/auth/register")).toBe(true));
    const call = fetch.mock.calls.find(([p]) => p === "/api/v1/auth/register")!;
    expect(JSON.parse(String(call[1]!.body))).toEqual({
      email: "ada@example.com",
      username: "ada",
      password: "a long passphrase",
    });
  });

  it("shows the server's field errors in plain words", async () => {
    mockFetch({
      "/api/v1/auth/me": unauthenticated,
      "/api/v1/auth/providers": { body: { local: true, proxy: false, login_url: null } },
      "/api/v1/auth/login": {
        status: 401,
        contentType: "application/problem+json",
        body: { title: "Unauthenticated", detail: "wrong login or password" },
      },
    });
    renderPage();
    fireEvent.change(screen.getByLabelText("Email or username"), { target: { value: "ada" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "nope" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("wrong login or password");
  });

  it("moves between its tabs with the arrow keys, Home and End", () => {
    mockFetch({
      "/api/v1/auth/me": unauthenticated,
      "/api/v1/auth/providers": { body: { local: true, proxy: false, login_url: null } },
    });
    renderPage();
    const signIn = screen.getByRole("tab", { name: "Sign in" });
    const create = screen.getByRole("tab", { name: "Create account" });
    expect(screen.getByRole("tablist", { name: "How to sign in" })).toBeInTheDocument();
    expect(signIn).toHaveAttribute("aria-selected", "true");
    expect([signIn.tabIndex, create.tabIndex]).toEqual([0, -1]);
    expect(screen.getByRole("tabpanel", { name: "Sign in" })).toHaveAttribute("id", signIn.getAttribute("aria-controls"));

    act(() => signIn.focus());
    fireEvent.keyDown(signIn, { key: "ArrowRight" });
    expect(create).toHaveFocus();
    expect(create).toHaveAttribute("aria-selected", "true");
    expect([signIn.tabIndex, create.tabIndex]).toEqual([-1, 0]);
    expect(screen.getByRole("tabpanel", { name: "Create account" })).toContainElement(screen.getByLabelText("Username"));
    expect(screen.getByRole("heading", { name: "Create your account" })).toBeInTheDocument();

    fireEvent.keyDown(create, { key: "ArrowRight" }); // wraps to the first
    expect(signIn).toHaveFocus();
    expect(screen.getByLabelText("Email or username")).toBeInTheDocument();
    fireEvent.keyDown(signIn, { key: "ArrowLeft" }); // wraps to the last
    expect(create).toHaveFocus();
    fireEvent.keyDown(create, { key: "Home" });
    expect(signIn).toHaveFocus();
    expect(signIn).toHaveAttribute("aria-selected", "true");
    fireEvent.keyDown(signIn, { key: "End" });
    expect(create).toHaveFocus();
    expect(create).toHaveAttribute("aria-selected", "true");

    // Other keys are the browser's.
    expect(fireEvent.keyDown(create, { key: "Tab" })).toBe(true);
    expect(create).toHaveAttribute("aria-selected", "true");
  });

  it("offers the SSO portal the server names, coming back to this page", async () => {
    mockFetch({
      "/api/v1/auth/me": unauthenticated,
      "/api/v1/auth/providers": { body: { local: false, proxy: true, login_url: "https://auth.example.com/" } },
    });
    renderPage();
    const link = await screen.findByRole("link", { name: "Sign in with SSO" });
    expect(link.getAttribute("href")).toBe(ssoUrl("https://auth.example.com/", window.location.href));
    expect(link.getAttribute("href")).toMatch(/^https:\/\/auth\.example\.com\/\?rd=/);
    expect(screen.queryByLabelText("Password")).not.toBeInTheDocument();
  });
});
