import { fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch } from "../test/fetchMock";
import { StatusPage } from "./StatusPage";

const health = { status: "ok", service: "authorworks", version: "0.1.0" };

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.replaceState(null, "", "/");
});

describe("StatusPage", () => {
  it("shows a loading state, then the health and every readiness check", async () => {
    mockFetch({
      "/health": { body: health },
      "/ready": {
        body: {
          status: "ready",
          checks: [
            { name: "web-app", ok: true, detail: "serving /srv/authorworks/web/dist" },
            { name: "database", ok: true, detail: "sqlite, schema version 3" },
          ],
        },
      },
    });
    render(<StatusPage />);
    expect(screen.getByRole("status")).toHaveTextContent("Checking the server");

    expect(await screen.findByText("Running")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1, name: "AuthorWorks" })).toBeInTheDocument();
    expect(screen.getByText("0.1.0")).toBeInTheDocument();
    expect(screen.getByText("The whole platform")).toBeInTheDocument();
    expect(screen.getByText("All ready")).toBeInTheDocument();

    const checks = within(screen.getByRole("list", { name: "Modules" })).getAllByRole("listitem");
    expect(checks).toHaveLength(2);
    expect(checks[0]).toHaveTextContent("Web app");
    expect(checks[0]).toHaveTextContent("Ready");
    expect(checks[0]).toHaveTextContent("serving /srv/authorworks/web/dist");
    expect(checks[1]).toHaveTextContent("Database");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("says in plain words which modules are not ready", async () => {
    mockFetch({
      "/health": { body: health },
      "/ready": {
        status: 503,
        body: {
          status: "not_ready",
          checks: [
            { name: "web-app", ok: true, detail: "serving /srv/web" },
            { name: "database", ok: false, detail: "cannot connect to postgres:5432" },
          ],
          failing: ["database"],
        },
      },
    });
    render(<StatusPage />);
    expect(await screen.findByText("1 of 2 not ready")).toBeInTheDocument();
    expect(screen.getByText(/AuthorWorks is running, but one part of it is not ready yet/)).toBeInTheDocument();
    const reason = screen.getByText(/is not ready: cannot connect to postgres:5432/);
    expect(reason).toHaveTextContent("Database is not ready: cannot connect to postgres:5432.");
    expect(screen.getByText("Not ready")).toBeInTheDocument();
  });

  it("shows an error with Retry when the server is unreachable, and recovers on Retry", async () => {
    let up = false;
    const fetchMock = mockFetch({
      "/health": () => (up ? { body: health } : new TypeError("Failed to fetch")),
      "/ready": () => (up ? { body: { status: "ready", checks: [] } } : new TypeError("Failed to fetch")),
    });
    render(<StatusPage />);

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The AuthorWorks server can't be reached.");
    const retry = within(alert).getByRole("button", { name: "Retry" });

    up = true;
    fireEvent.click(retry);
    expect(await screen.findByText("Running")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByText("No module in this build reports a readiness check.")).toBeInTheDocument();
    expect(fetchMock.mock.calls.filter(([path]) => path === "/health").length).toBeGreaterThanOrEqual(2);
  });

  it("shows the server's problem detail when /health answers with an error", async () => {
    mockFetch({
      "/health": {
        status: 503,
        contentType: "application/problem+json",
        body: { title: "Service Unavailable", status: 503, detail: "the server is at capacity; retry in a moment", trace_id: "t-123" },
      },
      "/ready": { body: { status: "ready", checks: [] } },
    });
    render(<StatusPage />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The AuthorWorks server answered with an error.");
    expect(alert).toHaveTextContent("the server is at capacity; retry in a moment");
    expect(alert).toHaveTextContent("HTTP 503 · Service Unavailable");
    expect(alert).toHaveTextContent("t-123");
    expect(within(alert).getByRole("button", { name: "Retry" })).toBeInTheDocument();
  });

  it("keeps the health when only the readiness report cannot be read", async () => {
    mockFetch({
      "/health": { body: health },
      "/ready": { status: 502, contentType: "text/html", body: "<html>bad gateway</html>" },
    });
    render(<StatusPage />);
    expect(await screen.findByText("Running")).toBeInTheDocument();
    expect(screen.getByText("The modules' readiness could not be read.")).toBeInTheDocument();
  });

  it("links to the API reference and the OpenAPI document", async () => {
    mockFetch({ "/health": { body: health }, "/ready": { body: { status: "ready", checks: [] } } });
    render(<StatusPage />);
    expect(screen.getByRole("link", { name: "API reference" })).toHaveAttribute("href", "/api/docs");
    expect(screen.getByRole("link", { name: "OpenAPI document" })).toHaveAttribute("href", "/api/openapi.json");
    await screen.findByText("Running");
  });
});
