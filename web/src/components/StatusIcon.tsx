/** A check mark or a cross; the words beside it carry the meaning, so it is hidden from screen readers. */
export function StatusIcon({ ok }: { ok: boolean }) {
  return (
    <svg className={`status-icon ${ok ? "status-icon--ok" : "status-icon--bad"}`} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <circle cx="10" cy="10" r="10" />
      {ok ? (
        <path d="m5.8 10.4 2.8 2.8 5.6-6" fill="none" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
      ) : (
        <path d="m6.6 6.6 6.8 6.8m0-6.8-6.8 6.8" fill="none" strokeWidth="2" strokeLinecap="round" />
      )}
    </svg>
  );
}
