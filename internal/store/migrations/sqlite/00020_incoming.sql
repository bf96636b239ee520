-- +goose Up
-- Incoming documents (văn bản đến): the register the records clerk keeps,
-- one arrival number (số đến) sequence per ward and year, taken from
-- doc_sequences under the symbol "incoming" in the registering
-- transaction, so numbers are never reused and have no gaps.
CREATE TABLE incoming_documents (
    id            INTEGER PRIMARY KEY,
    ward_id       INTEGER NOT NULL REFERENCES wards(id),
    year          INTEGER NOT NULL,
    arrival_no    INTEGER NOT NULL,
    arrived_on    TEXT NOT NULL,
    issuer        TEXT NOT NULL,
    number_symbol TEXT NOT NULL,
    doc_date      TEXT NOT NULL,
    subject       TEXT NOT NULL,
    notes         TEXT NOT NULL DEFAULT '',
    -- Folded copies (vntext.Fold) for diacritic-insensitive search.
    subject_fold  TEXT NOT NULL,
    body_fold     TEXT NOT NULL DEFAULT '',
    urgency       TEXT NOT NULL,
    state         TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    routed_to     INTEGER REFERENCES leaders(id),
    routed_at     TIMESTAMP,
    routed_by     INTEGER REFERENCES users(id),
    route_note    TEXT NOT NULL DEFAULT '',
    lead_unit_id  INTEGER REFERENCES units(id),
    deadline      TEXT NOT NULL DEFAULT '',
    directive     TEXT NOT NULL DEFAULT '',
    decided_at    TIMESTAMP,
    decided_by    INTEGER REFERENCES users(id),
    file_sha256   TEXT REFERENCES blobs(sha256),
    file_name     TEXT NOT NULL DEFAULT '',
    file_size     INTEGER NOT NULL DEFAULT 0,
    registered_by INTEGER REFERENCES users(id),
    registered_at TIMESTAMP NOT NULL,
    UNIQUE (ward_id, year, arrival_no)
);
-- The register's filters within a year; the unique key above serves the
-- plain register, newest first.
CREATE INDEX incoming_documents_state ON incoming_documents (ward_id, year, state, arrival_no);
CREATE INDEX incoming_documents_lead ON incoming_documents (lead_unit_id, year, arrival_no);
CREATE INDEX incoming_documents_leader ON incoming_documents (routed_to, state);

CREATE TABLE incoming_coordinating_units (
    incoming_id INTEGER NOT NULL REFERENCES incoming_documents(id),
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (incoming_id, unit_id)
);
CREATE INDEX incoming_coordinating_units_unit ON incoming_coordinating_units (unit_id, incoming_id);

-- The program items a direction created, linked back to the document.
CREATE TABLE incoming_items (
    incoming_id INTEGER NOT NULL REFERENCES incoming_documents(id),
    item_id     INTEGER NOT NULL REFERENCES program_items(id),
    PRIMARY KEY (incoming_id, item_id)
);
CREATE INDEX incoming_items_item ON incoming_items (item_id);

-- Each step of the handling, shown on the document's page.
CREATE TABLE incoming_history (
    id          INTEGER PRIMARY KEY,
    incoming_id INTEGER NOT NULL REFERENCES incoming_documents(id),
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER REFERENCES users(id),
    action      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incoming_history_doc ON incoming_history (incoming_id, id);

-- +goose Down
DROP TABLE incoming_history;
DROP TABLE incoming_items;
DROP TABLE incoming_coordinating_units;
DROP TABLE incoming_documents;
