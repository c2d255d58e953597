// A book's generation, live: the Server-Sent Events of /api/v1/books/:id/events. The stream opens
// with the current status, so a reconnect after a drop resumes from where the book is now. The
// browser retries a dropped stream by itself; when it gives up (the server restarted, a proxy cut
// it), this opens a new one after a growing pause. The server ends the stream after the job's last
// event, so the hook closes it then rather than letting the browser reconnect in a loop.
import { useCallback, useEffect, useRef, useState } from "react";
import { bookEventsUrl } from "../api/books";
import type { BookStatus } from "../api/types";

export type Connection = "connecting" | "live" | "reconnecting" | "closed";

export interface LiveScene {
  chapter: number;
  scene: number;
  text: string;
}

/** The status, with the tokens read and written so far in one figure. */
export type LiveStatus = BookStatus & { tokens: number };

export interface BookEvents {
  status: LiveStatus | null;
  connection: Connection;
  /** The scene being written, as its text streams in. */
  current: LiveScene | null;
  /** How many scenes this run has finished. */
  scenesDone: number;
  /** Opens the stream again (after a resume). */
  reconnect: () => void;
}

const terminal = new Set(["completed", "failed", "cancelled"]);
const keepCharacters = 6000;

// The end of a long scene, from a paragraph start, so the page never shows half a word.
function keepTail(text: string): string {
  if (text.length <= keepCharacters) return text;
  const tail = text.slice(-keepCharacters);
  const paragraph = tail.indexOf("\n\n");
  return paragraph >= 0 ? tail.slice(paragraph + 2) : tail;
}

export function isTerminal(status: string | undefined): boolean {
  return status !== undefined && terminal.has(status);
}

export function useBookEvents(bookId: string, onEnd?: () => void): BookEvents {
  const [status, setStatus] = useState<LiveStatus | null>(null);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [current, setCurrent] = useState<LiveScene | null>(null);
  const [scenesDone, setScenesDone] = useState(0);
  const [generation, setGeneration] = useState(0);
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let stopped = false;

    const finish = () => {
      stopped = true;
      source?.close();
      setConnection("closed");
      onEndRef.current?.();
    };

    const open = () => {
      setConnection(failures === 0 ? "connecting" : "reconnecting");
      const es = new EventSource(bookEventsUrl(bookId));
      source = es;
      const data = (e: Event) => JSON.parse((e as MessageEvent<string>).data) as Record<string, unknown>;

      es.onopen = () => {
        failures = 0;
        setConnection("live");
      };
      es.onerror = () => {
        if (stopped) return;
        if (es.readyState === EventSource.CLOSED) {
          // The browser gave up (an HTTP error, a restart): try again, more slowly each time.
          failures += 1;
          setConnection("reconnecting");
          retry = setTimeout(open, Math.min(15000, 1000 * 2 ** Math.min(failures - 1, 4)));
        } else {
          setConnection("reconnecting");
        }
      };
      es.addEventListener("status", (e) => {
        const s = data(e) as unknown as BookStatus;
        setStatus({ ...s, tokens: s.tokens_in + s.tokens_out });
        if (isTerminal(s.status)) finish();
      });
      es.addEventListener("stage", (e) => {
        const stage = data(e).stage as string;
        setStatus((s) => (s ? { ...s, stage, status: "running" } : s));
      });
      es.addEventListener("progress", (e) => {
        const p = data(e);
        setStatus((s) =>
          s
            ? {
                ...s,
                status: "running",
                progress: p.progress as number,
                words: p.words as number,
                tokens: Math.max(s.tokens, p.tokens as number),
                cost_usd: p.cost as number,
                eta_seconds: (p.eta_seconds as number | null) ?? null,
              }
            : s,
        );
      });
      es.addEventListener("text", (e) => {
        const d = data(e);
        const chapter = d.chapter as number;
        const scene = d.scene as number;
        const delta = d.delta as string;
        setCurrent((c) =>
          c && c.chapter === chapter && c.scene === scene
            ? { chapter, scene, text: keepTail(c.text + delta) }
            : { chapter, scene, text: delta },
        );
      });
      es.addEventListener("reset", (e) => {
        const d = data(e);
        setCurrent({ chapter: d.chapter as number, scene: d.scene as number, text: d.text as string });
      });
      es.addEventListener("scene", () => setScenesDone((n) => n + 1));
      for (const end of ["completed", "failed", "cancelled"]) {
        es.addEventListener(end, (e) => {
          const d = data(e);
          setStatus((s) => (s ? { ...s, status: end, error: (d.error as string | undefined) ?? s.error } : s));
          finish();
        });
      }
    };

    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [bookId, generation]);

  const reconnect = useCallback(() => setGeneration((g) => g + 1), []);
  return { status, connection, current, scenesDone, reconnect };
}
