// Loading and error states, the same on every screen.
import type { ReactNode } from "react";
import { ApiError } from "../api/client";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function describeError(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiError) {
    return { title: error.title, detail: error.detail ?? "The server could not do this just now." };
  }
  return { title: "Something went wrong", detail: error instanceof Error ? error.message : String(error) };
}

export function ErrorNotice({ error, action }: { error: unknown; action?: ReactNode }) {
  const { title, detail } = describeError(error);
  const fields = error instanceof ApiError ? error.errors : [];
  return (
    <div className="notice notice--error" role="alert">
      <p className="notice__title">{title}</p>
      <p>{detail}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={f.field}>
              <strong>{f.field}</strong>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {action}
    </div>
  );
}
