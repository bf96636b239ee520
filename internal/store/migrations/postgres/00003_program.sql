-- +goose Up
-- One monthly work program per ward per month.
CREATE TABLE programs (
    id             BIGSERIAL PRIMARY KEY,
    ward_id        BIGINT NOT NULL REFERENCES wards(id),
    year           INTEGER NOT NULL,
    month          INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    state          TEXT NOT NULL DEFAULT 'draft',
    number         TEXT NOT NULL DEFAULT '',
    issued_on      TEXT NOT NULL DEFAULT '',
    amendment_no   INTEGER NOT NULL DEFAULT 0,
    return_comment TEXT NOT NULL DEFAULT '',
    submitted_at   TIMESTAMPTZ,
    approved_at    TIMESTAMPTZ,
    issued_at      TIMESTAMPTZ,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (ward_id, year, month)
);

-- An item (nội dung công việc) of a program.
CREATE TABLE program_items (
    id                BIGSERIAL PRIMARY KEY,
    ward_id           BIGINT NOT NULL REFERENCES wards(id),
    program_id        BIGINT NOT NULL REFERENCES programs(id),
    section           INTEGER NOT NULL,
    seq               INTEGER NOT NULL DEFAULT 0,
    title             TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    kind              TEXT NOT NULL,
    source            TEXT NOT NULL,
    source_ref        TEXT NOT NULL DEFAULT '',
    lead_unit_id      BIGINT NOT NULL REFERENCES units(id),
    leader_id         BIGINT NOT NULL REFERENCES leaders(id),
    due_date          TEXT NOT NULL,
    original_due_date TEXT NOT NULL,
    product           TEXT NOT NULL DEFAULT '',
    quality_criteria  TEXT NOT NULL DEFAULT '',
    registration      TEXT NOT NULL,
    late              BOOLEAN NOT NULL DEFAULT FALSE,
    return_reason     TEXT NOT NULL DEFAULT '',
    merged_into       BIGINT REFERENCES program_items(id),
    assigned          BOOLEAN NOT NULL DEFAULT FALSE,
    carried_from      BIGINT REFERENCES program_items(id),
    added_by_amendment BOOLEAN NOT NULL DEFAULT FALSE,
    cancelled         BOOLEAN NOT NULL DEFAULT FALSE,
    cancel_reason     TEXT NOT NULL DEFAULT '',
    progress          INTEGER NOT NULL DEFAULT 0,
    progress_note     TEXT NOT NULL DEFAULT '',
    completed_at      TIMESTAMPTZ,
    quality           TEXT NOT NULL DEFAULT 'pending',
    rejections        INTEGER NOT NULL DEFAULT 0,
    registered_by     BIGINT REFERENCES users(id),
    registered_at     TIMESTAMPTZ NOT NULL,
    search_text       TEXT NOT NULL DEFAULT '',
    version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX program_items_program ON program_items (program_id, section, seq);
CREATE INDEX program_items_unit ON program_items (lead_unit_id);

CREATE TABLE item_units (
    item_id BIGINT NOT NULL REFERENCES program_items(id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (item_id, unit_id)
);

-- Finish-to-start dependencies between items.
CREATE TABLE item_predecessors (
    item_id BIGINT NOT NULL REFERENCES program_items(id) ON DELETE CASCADE,
    pred_id BIGINT NOT NULL REFERENCES program_items(id),
    PRIMARY KEY (item_id, pred_id)
);
CREATE INDEX item_predecessors_pred ON item_predecessors (pred_id);

-- What happened to an item during execution: progress, contributions,
-- completion, evaluations, extension requests and decisions.
CREATE TABLE item_events (
    id          BIGSERIAL PRIMARY KEY,
    item_id     BIGINT NOT NULL REFERENCES program_items(id),
    at          TIMESTAMPTZ NOT NULL,
    actor_id    BIGINT REFERENCES users(id),
    unit_id     BIGINT REFERENCES units(id),
    kind        TEXT NOT NULL,
    percent     INTEGER,
    note        TEXT NOT NULL DEFAULT '',
    quality     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX item_events_item ON item_events (item_id, id);

-- Product files, stored under the data dir by content hash.
CREATE TABLE item_files (
    id           BIGSERIAL PRIMARY KEY,
    item_id      BIGINT NOT NULL REFERENCES program_items(id),
    event_id     BIGINT REFERENCES item_events(id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  BIGINT REFERENCES users(id),
    uploaded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX item_files_item ON item_files (item_id);

CREATE TABLE extension_requests (
    id           BIGSERIAL PRIMARY KEY,
    item_id      BIGINT NOT NULL REFERENCES program_items(id),
    requested_at TIMESTAMPTZ NOT NULL,
    requested_by BIGINT REFERENCES users(id),
    old_date     TEXT NOT NULL,
    new_date     TEXT NOT NULL,
    reason       TEXT NOT NULL,
    decision     TEXT NOT NULL DEFAULT 'pending',
    decided_at   TIMESTAMPTZ,
    decided_by   BIGINT REFERENCES users(id),
    comment      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX extension_requests_item ON extension_requests (item_id);

-- Every issued version of a program, frozen as a snapshot.
CREATE TABLE program_versions (
    id          BIGSERIAL PRIMARY KEY,
    program_id  BIGINT NOT NULL REFERENCES programs(id),
    no          INTEGER NOT NULL,
    label       TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  BIGINT REFERENCES users(id),
    snapshot    TEXT NOT NULL,
    UNIQUE (program_id, no)
);

-- Amendments to an issued program: proposed, then approved or rejected.
CREATE TABLE amendments (
    id           BIGSERIAL PRIMARY KEY,
    program_id   BIGINT NOT NULL REFERENCES programs(id),
    kind         TEXT NOT NULL,
    item_id      BIGINT REFERENCES program_items(id),
    payload      TEXT NOT NULL DEFAULT '{}',
    reason       TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'pending',
    requested_by BIGINT REFERENCES users(id),
    requested_at TIMESTAMPTZ NOT NULL,
    decided_by   BIGINT REFERENCES users(id),
    decided_at   TIMESTAMPTZ,
    comment      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX amendments_program ON amendments (program_id, state);

-- +goose Down
DROP TABLE amendments;
DROP TABLE program_versions;
DROP TABLE extension_requests;
DROP TABLE item_files;
DROP TABLE item_events;
DROP TABLE item_predecessors;
DROP TABLE item_units;
DROP TABLE program_items;
DROP TABLE programs;
