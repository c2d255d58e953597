-- Usage recorded per step (generation_steps already has it), per job, per book (books already has
-- it) and per user; what a job generates (the whole book, or one scene again); and the job's
-- statistics (prompt tokens per generated word per chapter).
ALTER TABLE generation_jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'book' CHECK (kind IN ('book', 'scene'));
ALTER TABLE generation_jobs ADD COLUMN chapter INTEGER;
ALTER TABLE generation_jobs ADD COLUMN scene INTEGER;
ALTER TABLE generation_jobs ADD COLUMN tokens_in BIGINT NOT NULL DEFAULT 0;
ALTER TABLE generation_jobs ADD COLUMN tokens_out BIGINT NOT NULL DEFAULT 0;
ALTER TABLE generation_jobs ADD COLUMN cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE generation_jobs ADD COLUMN statistics {{JSON}} NOT NULL DEFAULT '{}';

ALTER TABLE users ADD COLUMN tokens_in BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN tokens_out BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0;

-- A worker claims the oldest queued job first.
CREATE INDEX generation_jobs_queued_created ON generation_jobs (created_at) WHERE status = 'queued';
