-- +goose Up
-- Every filing of a remediation report is a document of its own (Decree
-- 30/2020 art. 18(3): a report filed again after a return gets a new
-- number), so each one is kept with the report as filed, the Office's
-- receipt and the leader's decision; remediations holds the current one.
CREATE TABLE remediation_filings (
    id             BIGSERIAL PRIMARY KEY,
    remediation_id BIGINT NOT NULL REFERENCES remediations(id),
    seq            INTEGER NOT NULL,
    number         TEXT NOT NULL,
    filed_on       TEXT NOT NULL,
    filed_at       TIMESTAMPTZ NOT NULL,
    filed_by       BIGINT REFERENCES users(id),
    late           BOOLEAN NOT NULL DEFAULT FALSE,
    report         TEXT NOT NULL,
    -- The extension requests this filing raised, {"item:12": 345, …}, so
    -- the decision on the report settles exactly those.
    extensions     TEXT NOT NULL DEFAULT '{}',
    received_at    TIMESTAMPTZ,
    received_by    BIGINT REFERENCES users(id),
    decision       TEXT NOT NULL DEFAULT '',
    decided_at     TIMESTAMPTZ,
    decided_by     BIGINT REFERENCES users(id),
    comment        TEXT NOT NULL DEFAULT '',
    UNIQUE (remediation_id, seq)
);

-- Product files a unit attaches to the entries of its report (the evidence
-- of what it did), stored in blobs like the items' products.
CREATE TABLE remediation_files (
    id             BIGSERIAL PRIMARY KEY,
    remediation_id BIGINT NOT NULL REFERENCES remediations(id),
    entry_key      TEXT NOT NULL,
    name           TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    uploaded_by    BIGINT REFERENCES users(id),
    uploaded_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX remediation_files_remediation ON remediation_files (remediation_id, id);

-- +goose Down
DROP TABLE remediation_files;
DROP TABLE remediation_filings;
