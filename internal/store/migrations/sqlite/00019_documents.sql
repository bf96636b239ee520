-- +goose Up
-- The register of outgoing documents (văn bản đi): what the ward drafts and
-- issues here, and one row for every number the system draws elsewhere
-- (programs, invitations, conclusion notices, reports: source_kind and
-- source_id), so one register lists everything issued.
CREATE TABLE documents (
    id               INTEGER PRIMARY KEY,
    ward_id          INTEGER NOT NULL REFERENCES wards(id),
    -- The numbering year once issued (Vietnam time), the year drafted before.
    year             INTEGER NOT NULL,
    type             TEXT NOT NULL,
    -- Numbering: the book ('' the ward's single book, else the symbol when the
    -- ward keeps separate books), the sequence number and "NN/SYMBOL".
    book             TEXT NOT NULL DEFAULT '',
    number_seq       INTEGER,
    number           TEXT NOT NULL DEFAULT '',
    symbol           TEXT NOT NULL DEFAULT '',
    subject          TEXT NOT NULL,
    subject_fold     TEXT NOT NULL DEFAULT '',
    -- Paragraphs and addressees ("Kính gửi") as JSON arrays of strings.
    body             TEXT NOT NULL DEFAULT '[]',
    body_fold        TEXT NOT NULL DEFAULT '',
    addressees       TEXT NOT NULL DEFAULT '[]',
    drafting_unit_id INTEGER REFERENCES units(id),
    signer_id        INTEGER REFERENCES users(id),
    signer_name      TEXT NOT NULL DEFAULT '',
    signer_position  TEXT NOT NULL DEFAULT '',
    authority        TEXT NOT NULL DEFAULT '',
    urgency          TEXT NOT NULL DEFAULT 'thuong',
    state            TEXT NOT NULL DEFAULT 'draft',
    return_comment   TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    issued_on        TEXT NOT NULL DEFAULT '',
    issued_at        TIMESTAMP,
    issued_by        INTEGER REFERENCES users(id),
    withdrawn_at     TIMESTAMP,
    withdrawn_by     INTEGER REFERENCES users(id),
    withdraw_reason  TEXT NOT NULL DEFAULT '',
    replaces_id      INTEGER REFERENCES documents(id),
    relation         TEXT NOT NULL DEFAULT '',
    source_kind      TEXT NOT NULL DEFAULT '',
    source_id        INTEGER,
    -- The signed copy uploaded back, byte for byte (blobs) with its SHA-256.
    signed_sha256    TEXT REFERENCES blobs(sha256),
    signed_name      TEXT NOT NULL DEFAULT '',
    signed_size      INTEGER NOT NULL DEFAULT 0,
    signed_at        TIMESTAMP,
    signed_by        INTEGER REFERENCES users(id),
    created_by       INTEGER REFERENCES users(id),
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
-- A number is never given twice in a book and year, withdrawn or not.
CREATE UNIQUE INDEX documents_number ON documents (ward_id, book, year, number_seq) WHERE number_seq IS NOT NULL;
-- Number and symbol are unique within the year whatever the books were
-- (Decree 30 art. 15), also across a switch between one book and several.
CREATE UNIQUE INDEX documents_number_text ON documents (ward_id, year, number) WHERE number <> '';
-- The register: a year's numbered documents, newest number first.
CREATE INDEX documents_register ON documents (ward_id, year, issued_on, id) WHERE number_seq IS NOT NULL;
-- The work list above the register: documents not yet numbered, latest first.
CREATE INDEX documents_in_progress ON documents (ward_id, updated_at) WHERE number_seq IS NULL;
CREATE INDEX documents_source ON documents (source_kind, source_id);

-- "Nơi nhận": who receives a document, with the receipts of each.
CREATE TABLE document_recipients (
    id              INTEGER PRIMARY KEY,
    document_id     INTEGER NOT NULL REFERENCES documents(id),
    kind            TEXT NOT NULL CHECK (kind IN ('unit', 'person', 'leader', 'external')),
    ref_id          INTEGER,
    code            TEXT NOT NULL DEFAULT '',
    name            TEXT NOT NULL,
    email           TEXT NOT NULL DEFAULT '',
    sent_at         TIMESTAMP,
    first_opened_at TIMESTAMP,
    first_opened_by INTEGER REFERENCES users(id),
    acknowledged_at TIMESTAMP,
    acknowledged_by INTEGER REFERENCES users(id),
    reminded_at     TIMESTAMP
);
CREATE INDEX document_recipients_document ON document_recipients (document_id);
-- The inbox: documents sent to a unit, person or leader.
CREATE INDEX document_recipients_inbox ON document_recipients (kind, ref_id, document_id) WHERE sent_at IS NOT NULL;

-- A document's history, in the words shown on its page.
CREATE TABLE document_history (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER REFERENCES users(id),
    actor_name  TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX document_history_document ON document_history (document_id, id);

-- The numbered requests of a directive turned into program items (or, in
-- an issued program, into an addition waiting for approval), linked back.
CREATE TABLE document_items (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id),
    point        INTEGER NOT NULL,
    item_id      INTEGER REFERENCES program_items(id),
    amendment_id INTEGER REFERENCES amendments(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    due_date     TEXT NOT NULL,
    created_by   INTEGER REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX document_items_document ON document_items (document_id, point);

-- A message may carry one stored file (an issued document's PDF sent to
-- an external recipient), attached when it is sent.
ALTER TABLE outbox ADD COLUMN attachment_sha256 TEXT REFERENCES blobs(sha256);
ALTER TABLE outbox ADD COLUMN attachment_name TEXT NOT NULL DEFAULT '';

-- The ward's single book continues after the highest number any symbol's
-- book reached this year, so a number drawn now never repeats one printed.
INSERT INTO doc_sequences (ward_id, year, symbol, last_no)
    SELECT ward_id, year, '', MAX(last_no) FROM doc_sequences WHERE symbol <> '' GROUP BY ward_id, year
    ON CONFLICT (ward_id, year, symbol) DO NOTHING;

-- Everything numbered before the register existed joins it, in the book of
-- its symbol (the books of that time). subject_fold is filled by the
-- application after migrating (folding Vietnamese needs Go).
INSERT INTO documents (ward_id, year, type, book, number_seq, number, symbol, subject, state, issued_on,
        source_kind, source_id, created_at, updated_at)
    SELECT ward_id, CAST(substr(issued_on, 1, 4) AS INTEGER), 'chuong_trinh', 'CTr-UBND',
        CAST(substr(number, 1, instr(number, '/') - 1) AS INTEGER), number, 'CTr-UBND',
        'Chương trình công tác tháng ' || month || '/' || year, 'issued', issued_on,
        'program', id, COALESCE(issued_at, created_at), COALESCE(issued_at, created_at)
    FROM programs WHERE number <> '' AND issued_on <> ''
    ON CONFLICT DO NOTHING;
INSERT INTO documents (ward_id, year, type, book, number_seq, number, symbol, subject, state, issued_on,
        source_kind, source_id, created_at, updated_at)
    SELECT ward_id, CAST(substr(invitation_issued_at, 1, 4) AS INTEGER), 'giay_moi', 'GM-UBND',
        CAST(substr(invitation_number, 1, instr(invitation_number, '/') - 1) AS INTEGER), invitation_number, 'GM-UBND',
        'Giấy mời: ' || title, 'issued', substr(invitation_issued_at, 1, 10),
        'invitation', id, invitation_issued_at, invitation_issued_at
    FROM events WHERE invitation_number <> '' AND invitation_issued_at IS NOT NULL
    ON CONFLICT DO NOTHING;
INSERT INTO documents (ward_id, year, type, book, number_seq, number, symbol, subject, state, issued_on,
        source_kind, source_id, created_at, updated_at)
    SELECT c.ward_id, CAST(substr(c.issued_on, 1, 4) AS INTEGER), 'thong_bao', 'TB-UBND',
        CAST(substr(c.number, 1, instr(c.number, '/') - 1) AS INTEGER), c.number, 'TB-UBND',
        'Thông báo kết luận: ' || e.title, 'issued', c.issued_on,
        'conclusion', c.event_id, c.recorded_at, c.recorded_at
    FROM conclusion_notices c JOIN events e ON e.id = c.event_id
    ON CONFLICT DO NOTHING;
INSERT INTO documents (ward_id, year, type, book, number_seq, number, symbol, subject, state, issued_on,
        source_kind, source_id, drafting_unit_id, created_at, updated_at)
    SELECT r.ward_id, CAST(substr(f.filed_on, 1, 4) AS INTEGER), 'bao_cao', substr(f.number, instr(f.number, '/') + 1),
        CAST(substr(f.number, 1, instr(f.number, '/') - 1) AS INTEGER), f.number, substr(f.number, instr(f.number, '/') + 1),
        'Báo cáo kết quả khắc phục tháng ' || r.month || '/' || r.year, 'issued', f.filed_on,
        'remediation_report', r.id, r.unit_id, f.filed_at, f.filed_at
    FROM remediation_filings f JOIN remediations r ON r.id = f.remediation_id WHERE f.number <> ''
    ON CONFLICT DO NOTHING;
INSERT INTO documents (ward_id, year, type, book, number_seq, number, symbol, subject, state, issued_on,
        source_kind, source_id, created_at, updated_at)
    SELECT ward_id, CAST(substr(issued_on, 1, 4) AS INTEGER), 'bao_cao', substr(number, instr(number, '/') + 1),
        CAST(substr(number, 1, instr(number, '/') - 1) AS INTEGER), number, substr(number, instr(number, '/') + 1),
        'Tình hình, kết quả thực hiện Chương trình công tác tháng ' || month || '/' || year, 'issued', issued_on,
        'consolidated_report', id, COALESCE(submitted_at, generated_at), COALESCE(submitted_at, generated_at)
    FROM consolidated_reports WHERE number <> '' AND issued_on <> ''
    ON CONFLICT DO NOTHING;

-- +goose Down
ALTER TABLE outbox DROP COLUMN attachment_name;
ALTER TABLE outbox DROP COLUMN attachment_sha256;
DROP TABLE document_items;
DROP TABLE document_history;
DROP TABLE document_recipients;
DROP TABLE documents;
DELETE FROM doc_sequences WHERE symbol = '';
