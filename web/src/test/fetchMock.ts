import { vi } from "vitest";

export type Answer = { status?: number; body?: unknown; contentType?: string; headers?: Record<string, string> };
export type Route = Answer | Error | ((init: RequestInit | undefined) => Answer | Error | Promise<Answer | Error>);

/** Replaces fetch with answers by path; a path with no answer is a test failure. */
export function mockFetch(routes: Record<string, Route>) {
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = typeof input === "string" ? input : input instanceof URL ? input.pathname : input.url;
    const route = routes[path];
    if (route === undefined) throw new Error(`unexpected fetch of ${path}`);
    const answer = typeof route === "function" ? await route(init) : route;
    if (answer instanceof Error) throw answer;
    return response(answer);
  });
  vi.stubGlobal("fetch", fn);
  return fn;
}

export function response({ status = 200, body, contentType = "application/json", headers = {} }: Answer): Response {
  const text = body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body);
  return new Response(text, { status, headers: { "Content-Type": contentType, ...headers } });
}
