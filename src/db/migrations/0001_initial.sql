-- The platform's first schema: accounts, books and their generation, files, documents, notifications.
-- Ids are random UUID v4 text made by the application. {{TIMESTAMP}} columns hold UTC instants
-- (ISO-8601 text on SQLite, TIMESTAMPTZ(3) on PostgreSQL). updated_at is set by the application.
-- A child that cannot outlive its parent goes with it (ON DELETE CASCADE); every foreign key and
-- every column a query filters or sorts on has an index.

-- Accounts ------------------------------------------------------------------------------------

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,                -- stored lowercased by the application
  username TEXT NOT NULL,
  password_hash TEXT,                 -- NULL for users who sign in through the SSO proxy
  display_name TEXT NOT NULL DEFAULT '',
  bio TEXT NOT NULL DEFAULT '',
  avatar_url TEXT,
  is_admin BOOLEAN NOT NULL DEFAULT FALSE,
  auth_source TEXT NOT NULL DEFAULT 'local' CHECK (auth_source IN ('local', 'proxy')),
  created_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  updated_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  CONSTRAINT users_email_key UNIQUE (email),
  CONSTRAINT users_username_key UNIQUE (username)
);
CREATE INDEX users_created_at ON users (created_at);

-- One row per signed-in session; its id is the token's jti.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  expires_at {{TIMESTAMP}} NOT NULL,
  revoked_at {{TIMESTAMP}},
  last_seen_at {{TIMESTAMP}},
  user_agent TEXT,
  ip TEXT
);
CREATE INDEX sessions_user_id ON sessions (user_id, created_at);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Sign-in rate limits are kept in memory by the auth code (auth/rate_limiter), not here.

-- The current plan of each user (its history lives in Stripe).
CREATE TABLE subscriptions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  plan TEXT NOT NULL DEFAULT 'free',
  status TEXT NOT NULL DEFAULT 'active',  -- Stripe's: active, trialing, past_due, canceled, ...
  stripe_customer_id TEXT,
  stripe_subscription_id TEXT,
  current_period_start {{TIMESTAMP}},
  current_period_end {{TIMESTAMP}},
  cancel_at_period_end BOOLEAN NOT NULL DEFAULT FALSE,
  created_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  updated_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  CONSTRAINT subscriptions_user_id_key UNIQUE (user_id),
  CONSTRAINT subscriptions_stripe_subscription_id_key UNIQUE (stripe_subscription_id)
);
CREATE INDEX subscriptions_stripe_customer_id ON subscriptions (stripe_customer_id);
CREATE INDEX subscriptions_status ON subscriptions (status, current_period_end);

-- Books and their generation ---------------------------------------------------------------------

CREATE TABLE books (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  braindump TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'novel' CHECK (kind IN ('novel', 'screenplay', 'play')),
  genre TEXT,
  target_words BIGINT,
  status TEXT NOT NULL DEFAULT 'draft',  -- the content module's: draft, generating, completed, failed, ...
  visibility TEXT NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'unlisted', 'public')),
  writer TEXT,                           -- which writer produced it: the offline one, or a model
  words BIGINT NOT NULL DEFAULT 0,
  tokens_in BIGINT NOT NULL DEFAULT 0,
  tokens_out BIGINT NOT NULL DEFAULT 0,
  cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
  metadata {{JSON}} NOT NULL DEFAULT '{}',
  created_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  updated_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  completed_at {{TIMESTAMP}},
  published_at {{TIMESTAMP}}
);
CREATE INDEX books_user_updated ON books (user_id, updated_at);
CREATE INDEX books_status ON books (status, updated_at);
CREATE INDEX books_visibility_published ON books (visibility, published_at);

CREATE TABLE chapters (
  id TEXT PRIMARY KEY,
  book_id TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  plan {{JSON}},
  words BIGINT NOT NULL DEFAULT 0,
  created_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  updated_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  CONSTRAINT chapters_book_number_key UNIQUE (book_id, number)
);

CREATE TABLE scenes (
  id TEXT PRIMARY KEY,
  chapter_id TEXT NOT NULL REFERENCES chapters (id) ON DELETE CASCADE,
  book_id TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  words BIGINT NOT NULL DEFAULT 0,
  created_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  updated_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  CONSTRAINT scenes_chapter_number_key UNIQUE (chapter_id, number)
);
CREATE INDEX scenes_book_id ON scenes (book_id);

-- A job walks the stages of one book; a worker holds it by a lease it renews with heartbeats.
-- At most one job per book is queued or running at a time.
CREATE TABLE generation_jobs (
  id TEXT PRIMARY KEY,
  book_id TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
  stage TEXT,
  progress DOUBLE PRECISION NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_expires_at {{TIMESTAMP}},
  heartbeat_at {{TIMESTAMP}},
  attempts INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  created_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  started_at {{TIMESTAMP}},
  finished_at {{TIMESTAMP}}
);
CREATE INDEX generation_jobs_status_created ON generation_jobs (status, created_at);
CREATE INDEX generation_jobs_status_lease ON generation_jobs (status, lease_expires_at);
CREATE INDEX generation_jobs_book_id ON generation_jobs (book_id, created_at);
CREATE INDEX generation_jobs_user_id ON generation_jobs (user_id, created_at);
CREATE UNIQUE INDEX generation_jobs_one_active_per_book ON generation_jobs (book_id)
  WHERE status IN ('queued', 'running');

-- Every finished step (a stage, a chapter plan, a scene), written before the next one starts, so
-- that a resumed job never pays for a step twice.
CREATE TABLE generation_steps (
  id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL REFERENCES generation_jobs (id) ON DELETE CASCADE,
  book_id TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  step_key TEXT NOT NULL,  -- e.g. "outline", "chapter:3:plan", "scene:3:2"
  stage TEXT NOT NULL,
  prompt_hash TEXT,
  output TEXT NOT NULL DEFAULT '',
  tokens_in BIGINT NOT NULL DEFAULT 0,
  tokens_out BIGINT NOT NULL DEFAULT 0,
  cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
  model TEXT,
  duration_ms BIGINT NOT NULL DEFAULT 0,
  created_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  CONSTRAINT generation_steps_job_step_key UNIQUE (job_id, step_key)
);
CREATE INDEX generation_steps_book_step ON generation_steps (book_id, step_key);

-- Files and exports ------------------------------------------------------------------------------

-- A stored blob (local folder or S3); the row goes with its owner, the blob is removed by the
-- storage module.
CREATE TABLE files (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  storage_key TEXT NOT NULL,
  sha256 TEXT,
  created_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  CONSTRAINT files_storage_key_key UNIQUE (storage_key)
);
CREATE INDEX files_user_created ON files (user_id, created_at);
CREATE INDEX files_sha256 ON files (sha256);

-- A rendered export of one version of a book (content_hash), cached as a file.
CREATE TABLE exports (
  id TEXT PRIMARY KEY,
  book_id TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  format TEXT NOT NULL,  -- markdown, epub, pdf, ...
  file_id TEXT NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  content_hash TEXT NOT NULL,
  created_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  CONSTRAINT exports_book_format_hash_key UNIQUE (book_id, format, content_hash)
);
CREATE INDEX exports_file_id ON exports (file_id);

-- Editor documents --------------------------------------------------------------------------------

CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  book_id TEXT REFERENCES books (id) ON DELETE CASCADE,
  scene_id TEXT REFERENCES scenes (id) ON DELETE SET NULL,  -- the writer's edits outlive a regenerated scene
  title TEXT NOT NULL DEFAULT '',
  content {{JSON}} NOT NULL DEFAULT '{}',
  version BIGINT NOT NULL DEFAULT 1,
  created_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  updated_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX documents_user_updated ON documents (user_id, updated_at);
CREATE INDEX documents_book_id ON documents (book_id);
CREATE INDEX documents_scene_id ON documents (scene_id);

CREATE TABLE document_versions (
  document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  version BIGINT NOT NULL,
  content {{JSON}} NOT NULL,
  author_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  created_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}},
  PRIMARY KEY (document_id, version)
);
CREATE INDEX document_versions_author_id ON document_versions (author_id);

-- Notifications ---------------------------------------------------------------------------------

CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  data {{JSON}} NOT NULL DEFAULT '{}',
  read_at {{TIMESTAMP}},
  created_at {{TIMESTAMP}} NOT NULL DEFAULT {{NOW}}
);
CREATE INDEX notifications_user_read_created ON notifications (user_id, read_at, created_at);
CREATE INDEX notifications_user_created ON notifications (user_id, created_at);
