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

-- +goose Down
DROP TABLE job_runs;
