-- +goose Up
-- Meeting rooms: managed resources of a ward (a field site stays free text).
CREATE TABLE rooms (
    id         INTEGER PRIMARY KEY,
    ward_id    INTEGER NOT NULL REFERENCES wards(id),
    name       TEXT NOT NULL,
    capacity   INTEGER NOT NULL DEFAULT 0,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (ward_id, name)
);

-- One weekly work schedule per ward per ISO week.
CREATE TABLE schedules (
    id           INTEGER PRIMARY KEY,
    ward_id      INTEGER NOT NULL REFERENCES wards(id),
    iso_year     INTEGER NOT NULL,
    week         INTEGER NOT NULL CHECK (week BETWEEN 1 AND 53),
    state        TEXT NOT NULL DEFAULT 'draft',
    consolidated_at TIMESTAMP,
    submitted_at TIMESTAMP,
    approved_at  TIMESTAMP,
    approved_by  INTEGER REFERENCES users(id),
    published_at TIMESTAMP,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (ward_id, iso_year, week)
);

-- An entry of a weekly schedule; meetings carry the readiness checklist.
CREATE TABLE events (
    id                   INTEGER PRIMARY KEY,
    ward_id              INTEGER NOT NULL REFERENCES wards(id),
    schedule_id          INTEGER NOT NULL REFERENCES schedules(id),
    title                TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    session              TEXT NOT NULL,
    starts_at            TIMESTAMP NOT NULL,
    ends_at              TIMESTAMP NOT NULL,
    periodic             BOOLEAN NOT NULL DEFAULT FALSE,
    urgent               BOOLEAN NOT NULL DEFAULT FALSE,
    urgent_reason        TEXT NOT NULL DEFAULT '',
    chair_id             INTEGER REFERENCES leaders(id),
    room_id              INTEGER REFERENCES rooms(id),
    venue                TEXT NOT NULL DEFAULT '',
    room_override_reason TEXT NOT NULL DEFAULT '',
    preparing_unit_id    INTEGER REFERENCES units(id),
    follower_id          INTEGER REFERENCES people(id),
    notes                TEXT NOT NULL DEFAULT '',
    replaces_invitation  BOOLEAN NOT NULL DEFAULT FALSE,
    program_item_id      INTEGER REFERENCES program_items(id),
    proposed_by          INTEGER REFERENCES users(id),
    proposed_at          TIMESTAMP NOT NULL,
    late                 BOOLEAN NOT NULL DEFAULT FALSE,
    consolidated         BOOLEAN NOT NULL DEFAULT FALSE,
    -- A unit's addition to a week already published waits for the cycle
    -- (consolidated, approved, published) before it shows: stage says where.
    pending              BOOLEAN NOT NULL DEFAULT FALSE,
    pending_stage        TEXT NOT NULL DEFAULT '',
    adjusted             BOOLEAN NOT NULL DEFAULT FALSE,
    cancelled            BOOLEAN NOT NULL DEFAULT FALSE,
    cancel_reason        TEXT NOT NULL DEFAULT '',
    sequence             INTEGER NOT NULL DEFAULT 0,
    content_uploaded_at  TIMESTAMP,
    content_uploaded_by  INTEGER REFERENCES users(id),
    approved_at          TIMESTAMP,
    approved_by          INTEGER REFERENCES users(id),
    returned_at          TIMESTAMP,
    returned_by          INTEGER REFERENCES users(id),
    return_comment       TEXT NOT NULL DEFAULT '',
    invitation_issued_at TIMESTAMP,
    invitation_issued_by INTEGER REFERENCES users(id),
    invitation_number    TEXT NOT NULL DEFAULT '',
    documents_sent_at    TIMESTAMP,
    documents_sent_by    INTEGER REFERENCES users(id),
    breached_at          TIMESTAMP,
    breach_unit_id       INTEGER REFERENCES units(id),
    updated_at           TIMESTAMP NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX events_schedule ON events (schedule_id, starts_at);
CREATE INDEX events_ward_time ON events (ward_id, starts_at);
CREATE INDEX events_chair ON events (chair_id, starts_at);

-- Who is invited: a person (leaders through their person), a unit, or a guest named in text.
CREATE TABLE event_attendees (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES people(id),
    unit_id   INTEGER REFERENCES units(id),
    guest     TEXT NOT NULL DEFAULT '',
    CHECK ((person_id IS NOT NULL) OR (unit_id IS NOT NULL) OR guest <> '')
);
CREATE INDEX event_attendees_event ON event_attendees (event_id);
CREATE INDEX event_attendees_person ON event_attendees (person_id);
CREATE INDEX event_attendees_unit ON event_attendees (unit_id);

-- Meeting documents (content, reports, the invitation), stored by content hash.
CREATE TABLE event_files (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id),
    purpose      TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  INTEGER REFERENCES users(id),
    uploaded_at  TIMESTAMP NOT NULL
);
CREATE INDEX event_files_event ON event_files (event_id);

-- Changes made after publication ("điều chỉnh"), one row per change.
CREATE TABLE event_changes (
    id        INTEGER PRIMARY KEY,
    event_id  INTEGER NOT NULL REFERENCES events(id),
    sequence  INTEGER NOT NULL,
    at        TIMESTAMP NOT NULL,
    by_user   INTEGER REFERENCES users(id),
    summary   TEXT NOT NULL,
    changes   TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX event_changes_event ON event_changes (event_id, id);

-- An invited head names a substitute; the chair approves or refuses.
CREATE TABLE substitutes (
    id            INTEGER PRIMARY KEY,
    event_id      INTEGER NOT NULL REFERENCES events(id),
    person_id     INTEGER NOT NULL REFERENCES people(id),
    substitute_id INTEGER NOT NULL REFERENCES people(id),
    reason        TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL DEFAULT 'pending',
    requested_by  INTEGER REFERENCES users(id),
    requested_at  TIMESTAMP NOT NULL,
    decided_by    INTEGER REFERENCES users(id),
    decided_at    TIMESTAMP
);
CREATE INDEX substitutes_event ON substitutes (event_id);

-- The conclusion notice (thông báo kết luận) of a meeting.
CREATE TABLE conclusion_notices (
    id          INTEGER PRIMARY KEY,
    ward_id     INTEGER NOT NULL REFERENCES wards(id),
    event_id    INTEGER NOT NULL UNIQUE REFERENCES events(id),
    number      TEXT NOT NULL,
    issued_on   TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id),
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (ward_id, number)
);

-- The program items a notice's instructions created.
CREATE TABLE conclusion_items (
    notice_id INTEGER NOT NULL REFERENCES conclusion_notices(id),
    item_id   INTEGER NOT NULL REFERENCES program_items(id),
    PRIMARY KEY (notice_id, item_id)
);

-- Secret calendar-feed tokens; only the SHA-256 of the token is stored.
CREATE TABLE feed_tokens (
    id         INTEGER PRIMARY KEY,
    ward_id    INTEGER NOT NULL REFERENCES wards(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    scope      TEXT NOT NULL,
    ref_id     INTEGER NOT NULL DEFAULT 0,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX feed_tokens_user ON feed_tokens (user_id);

-- Share links for the lobby screen; only the SHA-256 of the token is stored.
CREATE TABLE display_links (
    id         INTEGER PRIMARY KEY,
    ward_id    INTEGER NOT NULL REFERENCES wards(id),
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

-- +goose Down
DROP TABLE display_links;
DROP TABLE feed_tokens;
DROP TABLE conclusion_items;
DROP TABLE conclusion_notices;
DROP TABLE substitutes;
DROP TABLE event_changes;
DROP TABLE event_files;
DROP TABLE event_attendees;
DROP TABLE events;
DROP TABLE schedules;
DROP TABLE rooms;
