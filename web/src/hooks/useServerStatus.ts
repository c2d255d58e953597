import { useCallback, useEffect, useState } from "react";
import { ApiError, isApiError } from "../api/client";
import { getHealth, getReadiness, type Health, type Readiness } from "../api/system";

export type ServerStatus =
  | { kind: "loading" }
  /** /health did not answer 200: the server is unreachable, or answered with an error. */
  | { kind: "failed"; error: ApiError }
  | {
      kind: "loaded";
      health: Health;
      /** Null when /ready could not be read; readinessError says why. */
      readiness: Readiness | null;
      readinessError: ApiError | null;
      checkedAt: Date;
    };

function asApiError(reason: unknown, timedOut: boolean, timeoutMs: number): ApiError {
  if (timedOut) {
    return new ApiError({
      status: 0,
      title: "No answer in time",
      detail: `The AuthorWorks server did not answer within ${Math.round(timeoutMs / 1000)} seconds.`,
    });
  }
  if (isApiError(reason)) return reason;
  return new ApiError({
    status: 0,
    title: "Something went wrong",
    detail: reason instanceof Error ? reason.message : String(reason),
  });
}

/** Reads /health and /ready together; `refresh` reads them again. */
export function useServerStatus(timeoutMs = 10_000) {
  const [status, setStatus] = useState<ServerStatus>({ kind: "loading" });
  const [busy, setBusy] = useState(true);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    setBusy(true);
    void Promise.allSettled([getHealth(controller.signal), getReadiness(controller.signal)]).then(
      ([health, readiness]) => {
        clearTimeout(timer);
        if (controller.signal.aborted && !timedOut) return; // superseded or unmounted
        if (health.status === "rejected") {
          setStatus({ kind: "failed", error: asApiError(health.reason, timedOut, timeoutMs) });
        } else {
          setStatus({
            kind: "loaded",
            health: health.value,
            readiness: readiness.status === "fulfilled" ? readiness.value : null,
            readinessError:
              readiness.status === "rejected" ? asApiError(readiness.reason, timedOut, timeoutMs) : null,
            checkedAt: new Date(),
          });
        }
        setBusy(false);
      },
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [attempt, timeoutMs]);

  const refresh = useCallback(() => setAttempt((n) => n + 1), []);
  return { status, busy, refresh };
}
