import type { ApiError } from "../api/client";
import type { Readiness } from "../api/system";
import { checkLabel } from "./checkNames";
import { StatusIcon } from "./StatusIcon";

export function ReadinessReport({ readiness, error }: { readiness: Readiness | null; error: ApiError | null }) {
  if (!readiness) {
    return (
      <div className="callout callout--warning">
        <p className="callout__title">The modules' readiness could not be read.</p>
        <p>{error ? (error.detail ?? error.title) : "The server sent no readiness report."}</p>
      </div>
    );
  }

  const failing = readiness.checks.filter((c) => !c.ok);
  const total = readiness.checks.length;
  const ready = readiness.status === "ready" && failing.length === 0;

  return (
    <div className="readiness">
      <div className="readiness__summary">
        <h3 className="section-label" id="modules-title">
          Modules
        </h3>
        <p className={`pill ${ready ? "pill--ok" : "pill--bad"}`}>
          {ready ? "All ready" : `${failing.length} of ${total} not ready`}
        </p>
      </div>

      {!ready && (
        <div className="callout callout--danger">
          <p className="callout__title">
            AuthorWorks is running, but {failing.length === 1 ? "one part of it is" : "some parts of it are"} not ready
            yet:
          </p>
          <ul className="plain-list">
            {failing.map((c) => (
              <li key={c.name}>
                <strong>{checkLabel(c.name)}</strong> is not ready: {c.detail || "it gave no reason"}.
              </li>
            ))}
          </ul>
          {failing.length === 0 && <p>The server reports that it is not ready but names no failing check.</p>}
        </div>
      )}

      {total === 0 ? (
        <p className="muted">No module in this build reports a readiness check.</p>
      ) : (
        <ul className="checks" aria-labelledby="modules-title">
          {readiness.checks.map((c) => (
            <li key={c.name} className="check">
              <StatusIcon ok={c.ok} />
              <div className="check__body">
                <p className="check__name">
                  {checkLabel(c.name)}
                  <span className={`check__state ${c.ok ? "check__state--ok" : "check__state--bad"}`}>
                    {c.ok ? "Ready" : "Not ready"}
                  </span>
                </p>
                {c.detail && <p className="check__detail">{c.detail}</p>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
