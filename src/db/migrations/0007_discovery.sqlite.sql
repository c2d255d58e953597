-- The discovery module's tables: books their writers published, as they were when published (the
-- text included, so that reading a published book never touches the content module's tables), and
-- a full-text index over what readers search by. Version 7 leaves 4 to 6 to modules built in parallel.
CREATE TABLE published_books (
  book_id TEXT PRIMARY KEY REFERENCES books (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('novel', 'screenplay', 'play')),
  genre TEXT,
  author TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  words BIGINT NOT NULL DEFAULT 0,
  writer TEXT,
  chapters {{JSON}} NOT NULL DEFAULT '[]',
  published_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  updated_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX published_books_recent ON published_books (published_at, book_id);
CREATE INDEX published_books_genre ON published_books (lower(genre), published_at);
CREATE INDEX published_books_kind ON published_books (kind, published_at);
CREATE INDEX published_books_author ON published_books (lower(author), published_at);
CREATE INDEX published_books_user ON published_books (user_id);

-- Kept in step with published_books by the discovery module, in the same transactions.
CREATE VIRTUAL TABLE published_books_search USING fts5 (
  book_id UNINDEXED,
  title,
  genre,
  kind,
  author,
  description,
  tokenize = 'unicode61 remove_diacritics 2'
);
