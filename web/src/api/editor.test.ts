import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch } from "../test/fetchMock";
import { sceneDocument } from "../test/fixtures";
import { ApiError } from "./client";
import { saveDocument, StaleDocumentError } from "./editor";

afterEach(() => vi.unstubAllGlobals());

describe("saveDocument", () => {
  it("sends the content with If-Match naming the version it replaces", async () => {
    const fetch = mockFetch({ "/api/v1/editor/document/s1": { body: { ...sceneDocument, version: 2 } } });
    const saved = await saveDocument("s1", 1, sceneDocument.content);
    expect(saved.version).toBe(2);
    const [, init] = fetch.mock.calls[0]!;
    expect(init!.method).toBe("PUT");
    expect((init!.headers as Record<string, string>)["If-Match"]).toBe('"1"');
    expect(JSON.parse(String(init!.body))).toEqual({ content: sceneDocument.content });
  });

  it("turns a 409 into StaleDocumentError carrying the current document", async () => {
    const current = { ...sceneDocument, version: 5 };
    mockFetch({
      "/api/v1/editor/document/s1": {
        status: 409,
        contentType: "application/problem+json",
        body: { title: "Conflict", status: 409, current_version: 5, current },
      },
    });
    const error = await saveDocument("s1", 1, sceneDocument.content).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleDocumentError);
    expect((error as StaleDocumentError).current.version).toBe(5);
  });

  it("reports other refusals as ApiError with the server's words", async () => {
    mockFetch({
      "/api/v1/editor/document/s1": {
        status: 422,
        contentType: "application/problem+json",
        body: { title: "Validation Failed", errors: [{ field: "content", message: "3 sections expected" }] },
      },
    });
    const error = await saveDocument("s1", 1, sceneDocument.content).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).errors[0]!.message).toBe("3 sections expected");
  });
});
