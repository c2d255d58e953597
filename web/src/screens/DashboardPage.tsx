import { useCallback, useEffect, useState } from "react";
import { listBooks } from "../api/books";
import type { BookSummary } from "../api/types";
import { ErrorNotice, Loading } from "../components/Feedback";
import { formatCost, formatWhen, formatWords, statusLabel } from "../format";
import { Link } from "../router";

function progressOf(book: BookSummary): number {
  if (book.status === "completed") return 100;
  if (!book.target_words) return 0;
  return Math.min(100, Math.round((100 * book.words) / book.target_words));
}

function BookCard({ book }: { book: BookSummary }) {
  const live = book.status === "running" || book.status === "queued";
  const progress = progressOf(book);
  return (
    <li className="book-card">
      <div className="book-card__head">
        <h2 className="book-card__title">
          <Link to={live ? `/books/${book.id}/live` : `/books/${book.id}`}>{book.title}</Link>
        </h2>
        <span className={`badge badge--${book.status}`}>{statusLabel(book.status)}</span>
      </div>
      <p className="book-card__meta">
        {book.kind}
        {book.genre ? ` · ${book.genre}` : ""}
      </p>
      <div
        className="progress"
        role="progressbar"
        aria-label={`${book.title}: progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress}
      >
        <div className="progress__bar" style={{ width: `${progress}%` }} />
      </div>
      <dl className="book-card__stats">
        <div>
          <dt>Words</dt>
          <dd>{formatWords(book.words)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(book.cost_usd)}</dd>
        </div>
        <div>
          <dt>Last change</dt>
          <dd>
            <time dateTime={book.updated_at}>{formatWhen(book.updated_at)}</time>
          </dd>
        </div>
      </dl>
      <div className="book-card__actions">
        <Link className="button button--small" to={`/books/${book.id}/live`} aria-label={`Generation of ${book.title}`}>
          Generation
        </Link>
        <Link className="button button--small" to={`/books/${book.id}`} aria-label={`Read ${book.title}`}>
          Read
        </Link>
      </div>
    </li>
  );
}

export function DashboardPage() {
  const [books, setBooks] = useState<BookSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    setError(null);
    listBooks()
      .then((r) => setBooks(r.books))
      .catch(setError);
  }, []);
  useEffect(load, [load]);

  return (
    <section aria-labelledby="dashboard-title">
      <div className="page-head">
        <h1 id="dashboard-title">Your books</h1>
        <Link className="button button--primary" to="/books/new">
          New book
        </Link>
      </div>
      {error !== null ? (
        <ErrorNotice
          error={error}
          action={
            <button className="button" type="button" onClick={load}>
              Try again
            </button>
          }
        />
      ) : books === null ? (
        <Loading label="Loading your books…" />
      ) : books.length === 0 ? (
        <div className="empty">
          <h2>Your shelf is empty</h2>
          <p>Give AuthorWorks a title and everything you know about the story, and it writes the whole book.</p>
          <Link className="button button--primary" to="/books/new">
            Start your first book
          </Link>
        </div>
      ) : (
        <ul className="book-grid">
          {books.map((b) => (
            <BookCard key={b.id} book={b} />
          ))}
        </ul>
      )}
    </section>
  );
}
