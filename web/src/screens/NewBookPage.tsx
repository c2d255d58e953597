import { useEffect, useState, type FormEvent } from "react";
import { fetchWriter, generateBook, type NewBook } from "../api/books";
import type { BookKind, WriterInfo } from "../api/types";
import { ErrorNotice, Loading } from "../components/Feedback";
import { navigate } from "../router";

const kinds: { value: BookKind; label: string; hint: string; words: number }[] = [
  { value: "novel", label: "Novel", hint: "Chapters of prose", words: 80000 },
  { value: "screenplay", label: "Screenplay", hint: "Scenes with headings, action and dialogue", words: 20000 },
  { value: "play", label: "Stage play", hint: "Acts and scenes for the theatre", words: 18000 },
];

export function WriterChoice({ writer }: { writer: WriterInfo | null | undefined }) {
  if (writer === undefined) return <Loading label="Asking which writer is configured…" />;
  if (writer === null) return <p className="hint">The writer could not be named just now; the server's own will write it.</p>;
  return (
    <fieldset className="field writer-choice">
      <legend>Writer</legend>
      <label className="choice">
        <input type="radio" name="writer" value={writer.provider} defaultChecked />
        <span>
          <strong>{writer.label}</strong>
          <small className="hint">
            {writer.is_model
              ? `${writer.provider} · ${writer.model}${writer.api_key_set ? "" : " · no API key set"}`
              : "Not an AI model: it assembles a readable draft from your notes, offline and free, to try the platform."}
          </small>
        </span>
      </label>
      <small className="hint">The server's administrator chooses which writers are available (see Settings).</small>
    </fieldset>
  );
}

export function NewBookPage() {
  const [writer, setWriter] = useState<WriterInfo | null | undefined>(undefined);
  const [kind, setKind] = useState<BookKind>("novel");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    fetchWriter()
      .then(setWriter)
      .catch(() => setWriter(null));
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const book: NewBook = { title: text("title"), braindump: text("braindump"), kind };
    if (text("genre")) book.genre = text("genre");
    if (text("target_words")) book.target_words = Number(text("target_words"));
    setBusy(true);
    setError(null);
    try {
      const started = await generateBook(book);
      navigate(`/books/${started.book_id}/live`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  const defaultWords = kinds.find((k) => k.value === kind)!.words;
  return (
    <section aria-labelledby="new-book-title" className="narrow">
      <h1 id="new-book-title">A new book</h1>
      <p className="muted">Tell it what you know. It plans the story, then writes it chapter by chapter while you watch.</p>
      <form className="form" onSubmit={submit} aria-label="New book">
        <label className="field">
          <span>Title</span>
          <input name="title" required maxLength={200} placeholder="The Lighthouse Keeper's Daughter" />
        </label>
        <label className="field">
          <span>Braindump</span>
          <textarea
            name="braindump"
            rows={8}
            maxLength={20000}
            placeholder="Characters, places, the ending you want, the mood, anything at all."
          />
        </label>
        <fieldset className="field">
          <legend>Kind</legend>
          <div className="choices">
            {kinds.map((k) => (
              <label key={k.value} className="choice">
                <input
                  type="radio"
                  name="kind"
                  value={k.value}
                  checked={kind === k.value}
                  onChange={() => setKind(k.value)}
                />
                <span>
                  <strong>{k.label}</strong>
                  <small className="hint">{k.hint}</small>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field-row">
          <label className="field">
            <span>Genre</span>
            <input name="genre" maxLength={100} placeholder="Leave empty to let the writer choose" />
          </label>
          <label className="field">
            <span>Target length (words)</span>
            <input name="target_words" type="number" min={500} max={250000} step={500} placeholder={String(defaultWords)} />
          </label>
        </div>
        <WriterChoice writer={writer} />
        {error !== null && <ErrorNotice error={error} />}
        <button className="button button--primary" type="submit" disabled={busy}>
          {busy ? "Starting…" : "Write this book"}
        </button>
      </form>
    </section>
  );
}
