-- +goose Up
-- One row per occurrence of a background job: the server that inserts it
-- runs it; a claim whose lease ran out (its server died) may be taken over.
CREATE TABLE job_runs (
    job         TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    owner       TEXT NOT NULL,
    claimed_at  TIMESTAMPTZ NOT NULL,
    lease_until TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    error       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (job, at)
);

-- +goose Down
DROP TABLE job_runs;
