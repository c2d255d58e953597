import type { ApiError } from "../api/client";
import { apiDocsUrl, metricsUrl, openApiUrl, type Health } from "../api/system";
import { useServerStatus } from "../hooks/useServerStatus";
import { ReadinessReport } from "./ReadinessReport";
import { StatusIcon } from "./StatusIcon";

function LoadingState() {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>Checking the server…</span>
    </div>
  );
}

function ErrorState({ error, busy, onRetry }: { error: ApiError; busy: boolean; onRetry: () => void }) {
  return (
    <div className="callout callout--danger error-state" role="alert">
      <p className="callout__title">
        {error.unreachable ? "The AuthorWorks server can't be reached." : "The AuthorWorks server answered with an error."}
      </p>
      <p>{error.detail ?? `It answered HTTP ${error.status} (${error.title}) where this page expected its status.`}</p>
      {!error.unreachable && error.detail && (
        <p className="muted small">
          HTTP {error.status} · {error.title}
        </p>
      )}
      {error.traceId && (
        <p className="muted small">
          Request id for the server's logs: <code>{error.traceId}</code>
        </p>
      )}
      <p>
        <button
          type="button"
          className="button"
          onClick={() => {
            if (!busy) onRetry();
          }}
          aria-disabled={busy}
        >
          {busy ? "Retrying…" : "Retry"}
        </button>
      </p>
    </div>
  );
}

function HealthSummary({ health, checkedAt }: { health: Health; checkedAt: Date }) {
  return (
    <div className="health">
      <p className="health__state">
        <StatusIcon ok />
        <span>Running</span>
      </p>
      <dl className="facts">
        <div>
          <dt>Version</dt>
          <dd>{health.version}</dd>
        </div>
        <div>
          <dt>Runs</dt>
          <dd>{health.service === "authorworks" ? "The whole platform" : `The ${health.service} service`}</dd>
        </div>
        <div>
          <dt>Checked</dt>
          <dd>
            <time dateTime={checkedAt.toISOString()}>{checkedAt.toLocaleTimeString()}</time>
          </dd>
        </div>
      </dl>
    </div>
  );
}

export function StatusPage() {
  const { status, busy, refresh } = useServerStatus();
  return (
    <div className="page">
      <section className="hero" aria-labelledby="page-title">
        <h1 id="page-title" className="hero__title">
          AuthorWorks
        </h1>
        <p className="lede">A self-hosted platform for AI-assisted long-form writing.</p>
      </section>

      <div className="columns">
        <section className="panel" aria-labelledby="server-title" aria-busy={busy}>
          <div className="panel__head">
            <h2 id="server-title" className="panel__title">
              Server status
            </h2>
            {status.kind === "loaded" && (
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => {
                  if (!busy) refresh();
                }}
                aria-disabled={busy}
              >
                {busy ? "Checking…" : "Check again"}
              </button>
            )}
          </div>
          <div aria-live="polite">
            {status.kind === "loading" && <LoadingState />}
            {status.kind === "failed" && <ErrorState error={status.error} busy={busy} onRetry={refresh} />}
            {status.kind === "loaded" && (
              <>
                <HealthSummary health={status.health} checkedAt={status.checkedAt} />
                <ReadinessReport readiness={status.readiness} error={status.readinessError} />
              </>
            )}
          </div>
        </section>

        <section className="panel panel--quiet" aria-labelledby="developers-title">
          <h2 id="developers-title" className="panel__title">
            For developers
          </h2>
          <ul className="link-list">
            <li>
              <a href={apiDocsUrl}>API reference</a>
              <span>Every endpoint, with its requests, answers and errors.</span>
            </li>
            <li>
              <a href={openApiUrl}>OpenAPI document</a>
              <span>The same description as OpenAPI 3.1 JSON, for client generators and tests.</span>
            </li>
            <li>
              <a href={metricsUrl}>Metrics</a>
              <span>Request counts and latencies in the Prometheus text format.</span>
            </li>
          </ul>
        </section>
      </div>
    </div>
  );
}
