-- +goose Up
-- Uploaded files (products of items, meeting documents) live in the
-- database, content-addressed by SHA-256, so every server of a deployment
-- sees them and a backup holds them. A file is split into chunks of at most
-- 1 MiB so that neither storing nor serving one holds it whole in memory.
-- A blob exists once its row in blobs is committed, with all its chunks in
-- the same transaction.
CREATE TABLE blobs (
    sha256     TEXT PRIMARY KEY,
    size       BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE blob_chunks (
    sha256 TEXT NOT NULL REFERENCES blobs(sha256),
    seq    INTEGER NOT NULL,
    data   BYTEA NOT NULL,
    PRIMARY KEY (sha256, seq)
);

-- +goose Down
DROP TABLE blob_chunks;
DROP TABLE blobs;
