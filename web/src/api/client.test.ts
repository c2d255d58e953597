import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch, response } from "../test/fetchMock";
import { ApiError, apiRequest, errorFromResponse } from "./client";
import { getReadiness } from "./system";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("errorFromResponse", () => {
  it("reads every member of an application/problem+json document", async () => {
    const error = await errorFromResponse(
      response({
        status: 422,
        contentType: "application/problem+json",
        headers: { "X-Request-Id": "from-header" },
        body: {
          type: "urn:authorworks:problem:validation-failed",
          title: "Validation Failed",
          status: 422,
          detail: "title: must not be empty",
          instance: "/api/v1/books",
          trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
          errors: [{ field: "title", message: "must not be empty" }],
        },
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.title).toBe("Validation Failed");
    expect(error.detail).toBe("title: must not be empty");
    expect(error.type).toBe("urn:authorworks:problem:validation-failed");
    expect(error.instance).toBe("/api/v1/books");
    expect(error.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(error.errors).toEqual([{ field: "title", message: "must not be empty" }]);
    expect(error.unreachable).toBe(false);
    expect(error.message).toBe("Validation Failed: title: must not be empty");
  });

  it("falls back to the status's title and the X-Request-Id header for a bare problem", async () => {
    const error = await errorFromResponse(
      response({ status: 404, contentType: "application/problem+json; charset=utf-8", body: {}, headers: { "X-Request-Id": "abc" } }),
    );
    expect(error.title).toBe("Not Found");
    expect(error.detail).toBeUndefined();
    expect(error.traceId).toBe("abc");
  });

  it("describes a non-JSON error page by its status", async () => {
    const error = await errorFromResponse(
      response({ status: 502, contentType: "text/html", body: "<html>Bad Gateway</html>" }),
    );
    expect(error.status).toBe(502);
    expect(error.title).toBe("Bad Gateway");
    expect(error.detail).toMatch(/proxy/);
  });

  it("survives a problem+json body that is not JSON", async () => {
    const error = await errorFromResponse(response({ status: 500, contentType: "application/problem+json", body: "{oops" }));
    expect(error.status).toBe(500);
    expect(error.title).toBe("Internal Server Error");
  });
});

describe("apiRequest", () => {
  it("returns the JSON body of a 2xx answer", async () => {
    mockFetch({ "/health": { body: { status: "ok", service: "authorworks", version: "1.2.3" } } });
    await expect(apiRequest("/health")).resolves.toEqual({ status: "ok", service: "authorworks", version: "1.2.3" });
  });

  it("throws the server's problem as an ApiError", async () => {
    mockFetch({
      "/api/docs": {
        status: 503,
        contentType: "application/problem+json",
        body: { type: "urn:authorworks:problem:unavailable", title: "Service Unavailable", status: 503, detail: "not built" },
      },
    });
    const error = await apiRequest("/api/docs").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
    expect((error as ApiError).detail).toBe("not built");
  });

  it("turns a failed connection into an unreachable ApiError", async () => {
    mockFetch({ "/health": new TypeError("Failed to fetch") });
    const error = (await apiRequest("/health").catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.unreachable).toBe(true);
    expect(error.title).toBe("Server unreachable");
  });

  it("throws an ApiError when a 2xx body is not JSON", async () => {
    mockFetch({ "/health": { contentType: "text/html", body: "<!doctype html>" } });
    const error = (await apiRequest("/health").catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.title).toBe("Unexpected answer");
  });

  it("sends JSON bodies with a Content-Type", async () => {
    const fetchMock = mockFetch({ "/api/v1/things": { status: 201, body: { id: 1 } } });
    await apiRequest("/api/v1/things", { method: "POST", body: { name: "x" } });
    const init = fetchMock.mock.calls[0]![1]!;
    expect(init.method).toBe("POST");
    expect(init.body).toBe('{"name":"x"}');
    expect((init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
  });
});

describe("getReadiness", () => {
  it("returns the report when the server answers 503 because a check fails", async () => {
    const report = {
      status: "not_ready",
      checks: [{ name: "web-app", ok: false, detail: "index.html is missing" }],
      failing: ["web-app"],
    };
    mockFetch({ "/ready": { status: 503, body: report } });
    await expect(getReadiness()).resolves.toEqual(report);
  });

  it("still throws a 503 problem (the server is at capacity)", async () => {
    mockFetch({
      "/ready": {
        status: 503,
        contentType: "application/problem+json",
        headers: { "Retry-After": "1" },
        body: { title: "Service Unavailable", status: 503, detail: "the server is at capacity; retry in a moment" },
      },
    });
    await expect(getReadiness()).rejects.toMatchObject({ status: 503, detail: "the server is at capacity; retry in a moment" });
  });
});
