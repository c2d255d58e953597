// A small typed fetch client for the AuthorWorks API. Every error the server sends is an RFC 9457
// problem document (application/problem+json); this client turns it, and every other failure
// (no connection, a proxy's HTML error page, a broken body), into one ApiError.

export interface FieldError {
  field: string;
  message: string;
}

/** The members of a problem document that the server sends (api/openapi.json, components.schemas.Problem). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  trace_id?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  /** The HTTP status; 0 when no answer came (the server is unreachable, or the request timed out). */
  readonly status: number;
  /** Short human name of the kind of problem: "Not Found", "Server unreachable". */
  readonly title: string;
  /** What went wrong in this occurrence, in plain words; may be shown to a person. */
  readonly detail: string | undefined;
  /** Stable identifier of the kind of problem, e.g. urn:authorworks:problem:not-found. */
  readonly type: string | undefined;
  readonly instance: string | undefined;
  /** Names the request in the server's logs (the X-Request-Id header). */
  readonly traceId: string | undefined;
  /** The fields that broke a rule (422). */
  readonly errors: FieldError[];

  constructor(init: {
    status: number;
    title: string;
    detail?: string | undefined;
    type?: string | undefined;
    instance?: string | undefined;
    traceId?: string | undefined;
    errors?: FieldError[];
  }) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title);
    this.name = "ApiError";
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.type = init.type;
    this.instance = init.instance;
    this.traceId = init.traceId;
    this.errors = init.errors ?? [];
  }

  /** True when no answer came from the server at all. */
  get unreachable(): boolean {
    return this.status === 0;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

function mediaType(response: Response): string {
  return (response.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
}

function isJson(type: string): boolean {
  return type === "application/json" || type.endsWith("+json");
}

const statusTitles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthenticated",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Validation Failed",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function fieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null)
    .map((e) => ({ field: String(e.field ?? ""), message: String(e.message ?? "") }));
}

/** Builds the ApiError for a response that is not ok, reading its problem document when it has one. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const fallbackTitle = statusTitles[response.status] ?? (response.statusText || `HTTP ${response.status}`);
  const traceId = response.headers.get("X-Request-Id") ?? undefined;
  const type = mediaType(response);
  let text = "";
  try {
    text = await response.text();
  } catch {
    // The body is unreadable; the status still says what happened.
  }
  if (isJson(type) && text) {
    try {
      const doc: unknown = JSON.parse(text);
      if (typeof doc === "object" && doc !== null && !Array.isArray(doc)) {
        const p = doc as Record<string, unknown>;
        return new ApiError({
          status: response.status,
          title: str(p.title) ?? fallbackTitle,
          detail: str(p.detail),
          type: str(p.type),
          instance: str(p.instance),
          traceId: str(p.trace_id) ?? traceId,
          errors: fieldErrors(p.errors),
        });
      }
    } catch {
      // Not JSON after all: fall through to the plain description.
    }
  }
  return new ApiError({
    status: response.status,
    title: fallbackTitle,
    detail:
      response.status === 502 || response.status === 504
        ? "A proxy between you and the AuthorWorks server could not reach it."
        : undefined,
    traceId,
  });
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * Statuses besides 2xx whose JSON body is data rather than an error: GET /ready answers 503 with
   * the readiness report when a check fails. A problem document is still thrown as an ApiError.
   */
  acceptStatuses?: number[];
}

/** Calls the API and returns the parsed JSON body; throws ApiError for every failure. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json, application/problem+json", ...options.headers };
  const init: RequestInit = { method: options.method ?? "GET", headers, credentials: "same-origin" };
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }
  if (options.signal) init.signal = options.signal;

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (options.signal?.aborted) throw options.signal.reason ?? e;
    throw new ApiError({
      status: 0,
      title: "Server unreachable",
      detail: "No answer came from the AuthorWorks server. It may be stopped, restarting, or out of reach of this network.",
    });
  }

  const type = mediaType(response);
  const accepted =
    response.ok || (options.acceptStatuses?.includes(response.status) === true && type === "application/json");
  if (!accepted) throw await errorFromResponse(response);
  if (response.status === 204) return undefined as T;
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError({
      status: response.status,
      title: "Unexpected answer",
      detail: `The server's answer to ${path} is not the JSON document this page expects.`,
      traceId: response.headers.get("X-Request-Id") ?? undefined,
    });
  }
}

export function getJson<T>(path: string, options: Omit<RequestOptions, "method" | "body"> = {}): Promise<T> {
  return apiRequest<T>(path, options);
}
