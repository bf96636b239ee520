-- +goose Up
-- One row per occurrence of a background job: the server that inserts it
-- runs it; a claim whose lease ran out (its server died) may be taken over.
CREATE TABLE job_runs (
    job         TEXT NOT NULL,
    at          TIMESTAMP NOT NULL,
    owner       TEXT NOT NULL,
    claimed_at  TIMESTAMP NOT NULL,
    lease_until TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    error       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (job, at)
);

-- What a notification is about, so people can choose per kind how they
-- are told (in-app, email at once, the daily digest).
ALTER TABLE notifications ADD COLUMN kind TEXT NOT NULL DEFAULT 'general';

-- +goose Down
ALTER TABLE notifications DROP COLUMN kind;
DROP TABLE job_runs;
