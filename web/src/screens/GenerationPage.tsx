import { useEffect, useState } from "react";
import { cancelBook, fetchBook, fetchStatus, resumeBook } from "../api/books";
import type { BookStatus } from "../api/types";
import { ErrorNotice, Loading } from "../components/Feedback";
import { formatCost, formatDuration, formatWords, stageLabel, statusLabel, timelineStages } from "../format";
import { isTerminal, useBookEvents, type Connection } from "../hooks/useBookEvents";
import { Link, type RouteParams } from "../router";

const connectionText: Record<Connection, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Connection lost: reconnecting…",
  closed: "Finished",
};

function Timeline({ status }: { status: BookStatus }) {
  const at = status.stage === "scene_continue" || status.stage === "summary" || status.stage === "repair" ? "scene" : status.stage;
  const index = at ? timelineStages.indexOf(at) : -1;
  const done = status.status === "completed";
  return (
    <ol className="timeline" aria-label="Stages">
      {timelineStages.map((stage, i) => {
        const state = done || i < index ? "done" : i === index ? (isTerminal(status.status) ? "stopped" : "current") : "todo";
        return (
          <li key={stage} className={`timeline__step timeline__step--${state}`} aria-current={state === "current" ? "step" : undefined}>
            <span className="timeline__dot" aria-hidden="true" />
            {stageLabel(stage)}
            <span className="visually-hidden">
              {state === "done" ? " (done)" : state === "current" ? " (in progress)" : state === "stopped" ? " (stopped here)" : ""}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

export function GenerationPage({ params }: { params: RouteParams }) {
  const id = params.id!;
  const [title, setTitle] = useState<string | null>(null);
  const [final, setFinal] = useState<BookStatus | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const live = useBookEvents(id, () => {
    fetchStatus(id).then(setFinal, () => undefined);
  });

  useEffect(() => {
    fetchBook(id)
      .then((b) => setTitle(b.title))
      .catch(setLoadError);
  }, [id]);

  if (loadError) return <ErrorNotice error={loadError} action={<Link to="/">Back to your books</Link>} />;
  const status = final && live.connection === "closed" ? { ...final, tokens: final.tokens_in + final.tokens_out } : live.status;
  if (!status) return <Loading label="Connecting to the generation…" />;

  const running = status.status === "running" || status.status === "queued";
  const canResume = status.status === "failed" || status.status === "cancelled";

  async function act(action: () => Promise<unknown>, reconnect: boolean) {
    setBusy(true);
    setActionError(null);
    try {
      await action();
      setFinal(null);
      if (reconnect) live.reconnect();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="generation-title">
      <div className="page-head">
        <div>
          <p className="eyebrow">{status.writer}</p>
          <h1 id="generation-title">{title ?? "Your book"}</h1>
        </div>
        <p className={`connection connection--${live.connection}`} role="status" aria-live="polite">
          {running ? connectionText[live.connection] : statusLabel(status.status)}
        </p>
      </div>
      <Timeline status={status} />
      <div
        className="progress progress--large"
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(status.progress)}
      >
        <div className="progress__bar" style={{ width: `${status.progress}%` }} />
      </div>
      <dl className="stats">
        <div>
          <dt>Status</dt>
          <dd data-testid="generation-status">{statusLabel(status.status)}</dd>
        </div>
        <div>
          <dt>Progress</dt>
          <dd>{Math.round(status.progress)}%</dd>
        </div>
        <div>
          <dt>Words</dt>
          <dd>{formatWords(status.words)}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>{status.tokens.toLocaleString("en-US")}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(status.cost_usd)}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{running && status.eta_seconds != null ? formatDuration(status.eta_seconds) : running ? "Estimating…" : "—"}</dd>
        </div>
      </dl>

      {status.status === "failed" && (
        <div className="notice notice--error" role="alert">
          <p className="notice__title">The book stopped</p>
          <p>{status.error ?? "The writer failed for a reason it did not give."}</p>
          <p>Everything written so far is kept. Fix the cause, then resume from where it stopped.</p>
        </div>
      )}
      {status.status === "cancelled" && (
        <div className="notice" role="status">
          <p>Paused. Everything written so far is kept; resume to continue from there.</p>
        </div>
      )}
      {actionError !== null && <ErrorNotice error={actionError} />}

      <div className="actions">
        {running && (
          <button className="button" type="button" disabled={busy} onClick={() => act(() => cancelBook(id), false)}>
            Cancel
          </button>
        )}
        {canResume && (
          <button className="button button--primary" type="button" disabled={busy} onClick={() => act(() => resumeBook(id), true)}>
            Resume
          </button>
        )}
        {status.status === "completed" && (
          <Link className="button button--primary" to={`/books/${id}`}>
            Read the book
          </Link>
        )}
      </div>

      {live.current && (
        <article className="live-text" aria-label="Text as it is written">
          <h2>
            Chapter {live.current.chapter}, scene {live.current.scene}
          </h2>
          <p className="live-text__body">{live.current.text}</p>
        </article>
      )}
    </section>
  );
}
