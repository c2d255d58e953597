import { useEffect, useState } from "react";
import { exportUrl, fetchBook, type ExportFormat } from "../api/books";
import type { Book } from "../api/types";
import { ErrorNotice, Loading } from "../components/Feedback";
import { formatWords, statusLabel } from "../format";
import { Link, type RouteParams } from "../router";

const downloads: { format: ExportFormat; label: string; hint: string }[] = [
  { format: "epub", label: "EPUB", hint: "for e-readers" },
  { format: "pdf", label: "PDF", hint: "typeset for print" },
  { format: "md", label: "Markdown", hint: "a zip of plain text files" },
];

export function ExportLinks({ book }: { book: Book }) {
  return (
    <section className="exports" aria-labelledby="exports-title">
      <h2 id="exports-title">Download</h2>
      <ul className="exports__list">
        {downloads.map((d) => (
          <li key={d.format}>
            <a className="button button--small" href={exportUrl(book.id, d.format)} download>
              {d.label}
            </a>{" "}
            <small className="hint">{d.hint}</small>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Paragraphs as the manuscript keeps them: separated by blank lines; line breaks inside stay, and so
 * does the whitespace a line starts with (a poem's indentation, a screenplay's cue).
 */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\n[ \t\r\f\v]*(?=\n)/)
    .map((p) => p.replace(/^(?:[ \t\r\f\v]*\n)+/, "").trimEnd())
    .filter((p) => p.trim() !== "");
}

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {paragraphsOf(text).map((p, i) => (
        <p key={i}>{p}</p>
      ))}
    </>
  );
}

export function ReaderPage({ params }: { params: RouteParams }) {
  const id = params.id!;
  const [book, setBook] = useState<Book | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setBook(null);
    fetchBook(id).then(setBook).catch(setError);
  }, [id]);

  if (error) return <ErrorNotice error={error} action={<Link to="/">Back to your books</Link>} />;
  if (!book) return <Loading label="Opening the book…" />;

  return (
    <div className="reader-layout">
      <nav className="toc" aria-label="Table of contents">
        <h2 className="toc__title">Contents</h2>
        <ol>
          {book.chapters.map((c) => (
            <li key={c.id}>
              <a href={`#chapter-${c.number}`}>
                {c.number}. {c.title || `Chapter ${c.number}`}
              </a>
            </li>
          ))}
        </ol>
        <ExportLinks book={book} />
      </nav>
      <article className="reader" aria-labelledby="book-title">
        <header className="reader__header">
          <p className="eyebrow">
            {book.kind}
            {book.genre ? ` · ${book.genre}` : ""} · {formatWords(book.words)} · {statusLabel(book.status)}
          </p>
          <h1 id="book-title">{book.title}</h1>
          {book.status !== "completed" && (
            <p>
              <Link to={`/books/${book.id}/live`}>Follow the generation</Link>
            </p>
          )}
        </header>
        {book.chapters.length === 0 && <p className="muted">Nothing is written yet.</p>}
        {book.chapters.map((c) => (
          <section key={c.id} id={`chapter-${c.number}`} className="chapter" aria-labelledby={`chapter-${c.number}-title`}>
            <div className="chapter__head">
              <h2 id={`chapter-${c.number}-title`}>
                <span className="chapter__number">Chapter {c.number}</span>
                {c.title}
              </h2>
              <Link className="button button--small button--quiet" to={`/edit/${c.id}`}>
                Edit chapter {c.number}
              </Link>
            </div>
            {c.scenes.map((s) => (
              <section key={s.id} className="scene" aria-label={`Chapter ${c.number}, scene ${s.number}`}>
                <div className="scene__head">
                  {s.title && <h3>{s.title}</h3>}
                  <Link className="button button--small button--quiet" to={`/edit/${s.id}`}>
                    Edit scene {c.number}.{s.number}
                  </Link>
                </div>
                <div className="prose">
                  <Paragraphs text={s.text} />
                </div>
              </section>
            ))}
          </section>
        ))}
      </article>
    </div>
  );
}
