-- +goose Up
-- The Chairman's general points (0–30, Decree 335/2025) of a unit for a
-- period: "2026-11", "2026-Q4" or "2026".
CREATE TABLE general_scores (
    ward_id    BIGINT NOT NULL REFERENCES wards(id),
    unit_id    BIGINT NOT NULL REFERENCES units(id),
    period     TEXT NOT NULL,
    points     DOUBLE PRECISION NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    entered_by BIGINT REFERENCES users(id),
    entered_at TIMESTAMPTZ NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (ward_id, unit_id, period)
);

-- The Chairman's accountability decisions (seed ¶3): nhắc nhở, kiểm điểm,
-- đề nghị xem xét trách nhiệm, with the items they rest on.
CREATE TABLE accountability_decisions (
    id          BIGSERIAL PRIMARY KEY,
    ward_id     BIGINT NOT NULL REFERENCES wards(id),
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    person_id   BIGINT REFERENCES people(id),
    period      TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('reminder', 'self_criticism', 'review')),
    note        TEXT NOT NULL,
    item_ids    TEXT NOT NULL DEFAULT '[]',
    decided_by  BIGINT REFERENCES users(id),
    decided_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX accountability_decisions_unit ON accountability_decisions (ward_id, unit_id, decided_at);

-- The Office's monthly consolidated report to the Chairman (seed ¶4).
CREATE TABLE consolidated_reports (
    id              BIGSERIAL PRIMARY KEY,
    ward_id         BIGINT NOT NULL REFERENCES wards(id),
    year            INTEGER NOT NULL,
    month           INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    state           TEXT NOT NULL DEFAULT 'draft',
    number          TEXT NOT NULL DEFAULT '',
    issued_on       TEXT NOT NULL DEFAULT '',
    results         TEXT NOT NULL DEFAULT '',
    shortcomings    TEXT NOT NULL DEFAULT '',
    recommendations TEXT NOT NULL DEFAULT '',
    generated_at    TIMESTAMPTZ NOT NULL,
    submitted_at    TIMESTAMPTZ,
    submitted_by    BIGINT REFERENCES users(id),
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (ward_id, year, month)
);

-- +goose Down
DROP TABLE consolidated_reports;
DROP TABLE accountability_decisions;
DROP TABLE general_scores;
