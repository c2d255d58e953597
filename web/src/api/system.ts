// The system routes every AuthorWorks process serves (api/openapi.json, tag "system").
import { getJson } from "./client";

/** GET /health: the process is up. */
export interface Health {
  status: "ok";
  /** "authorworks" for the whole platform in one process, else the one service this process runs. */
  service: string;
  version: string;
}

export interface ReadinessCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** GET /ready: every started module's readiness checks. */
export interface Readiness {
  status: "ready" | "not_ready";
  checks: ReadinessCheck[];
  failing?: string[];
}

export function getHealth(signal?: AbortSignal): Promise<Health> {
  return getJson<Health>("/health", signal ? { signal } : {});
}

/** Resolves with the report whether or not every check passes (the server answers 503 when one fails). */
export function getReadiness(signal?: AbortSignal): Promise<Readiness> {
  return getJson<Readiness>("/ready", { acceptStatuses: [503], ...(signal ? { signal } : {}) });
}

export const apiDocsUrl = "/api/docs";
export const openApiUrl = "/api/openapi.json";
export const metricsUrl = "/metrics";
