import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SessionProvider } from "../session/SessionContext";
import { mockFetch } from "../test/fetchMock";
import { offlineWriter, user } from "../test/fixtures";
import { SettingsPage } from "./SettingsPage";

afterEach(() => vi.unstubAllGlobals());

describe("SettingsPage", () => {
  it("saves the profile and names the configured writer", async () => {
    const fetch = mockFetch({
      "/api/v1/auth/me": { body: { user } },
      "/api/v1/writer": { body: offlineWriter },
      "/api/v1/users/u1": { body: { ...user, display_name: "Ada L.", bio: "Writes at night." } },
    });
    render(
      <SessionProvider>
        <SettingsPage />
      </SessionProvider>,
    );
    expect(await screen.findByLabelText("Display name")).toHaveValue("Ada");
    expect(await screen.findByText("Offline writer (not an AI model)")).toBeInTheDocument();
    expect(screen.getByText(/is not an AI model/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "read the API docs" })).toHaveAttribute("href", "/api/docs");

    fireEvent.change(screen.getByLabelText("Display name"), { target: { value: "Ada L." } });
    fireEvent.change(screen.getByLabelText("Bio"), { target: { value: "Writes at night." } });
    fireEvent.click(screen.getByRole("button", { name: "Save profile" }));
    expect(await screen.findByText("Profile saved.")).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByText("Ada L.").length).toBeGreaterThan(0));
    const call = fetch.mock.calls.find(([p, init]) => p === "/api/v1/users/u1" && init?.method === "PATCH")!;
    expect(JSON.parse(String(call[1]!.body))).toEqual({ display_name: "Ada L.", bio: "Writes at night.", avatar_url: null });
  });

  it("warns when a model has no API key", async () => {
    mockFetch({
      "/api/v1/auth/me": { body: { user } },
      "/api/v1/writer": {
        body: { provider: "anthropic", model: "claude-sonnet-4-5", is_model: true, label: "Claude (claude-sonnet-4-5)", api_key_set: false },
      },
    });
    render(
      <SessionProvider>
        <SettingsPage />
      </SessionProvider>,
    );
    expect(await screen.findByText(/No API key is set/)).toBeInTheDocument();
  });
});
