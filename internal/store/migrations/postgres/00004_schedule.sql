-- +goose Up
-- Meeting rooms: managed resources of a ward (a field site stays free text).
CREATE TABLE rooms (
    id         BIGSERIAL PRIMARY KEY,
    ward_id    BIGINT NOT NULL REFERENCES wards(id),
    name       TEXT NOT NULL,
    capacity   INTEGER NOT NULL DEFAULT 0,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    version    INTEGER NOT NULL DEFAULT 1,
    UNIQUE (ward_id, name)
);

-- One weekly work schedule per ward per ISO week.
CREATE TABLE schedules (
    id           BIGSERIAL PRIMARY KEY,
    ward_id      BIGINT NOT NULL REFERENCES wards(id),
    iso_year     INTEGER NOT NULL,
    week         INTEGER NOT NULL CHECK (week BETWEEN 1 AND 53),
    state        TEXT NOT NULL DEFAULT 'draft',
    consolidated_at TIMESTAMPTZ,
    submitted_at TIMESTAMPTZ,
    approved_at  TIMESTAMPTZ,
    approved_by  BIGINT REFERENCES users(id),
    published_at TIMESTAMPTZ,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (ward_id, iso_year, week)
);

-- An entry of a weekly schedule; meetings carry the readiness checklist.
CREATE TABLE events (
    id                   BIGSERIAL PRIMARY KEY,
    ward_id              BIGINT NOT NULL REFERENCES wards(id),
    schedule_id          BIGINT NOT NULL REFERENCES schedules(id),
    title                TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    session              TEXT NOT NULL,
    starts_at            TIMESTAMPTZ NOT NULL,
    ends_at              TIMESTAMPTZ NOT NULL,
    periodic             BOOLEAN NOT NULL DEFAULT FALSE,
    urgent               BOOLEAN NOT NULL DEFAULT FALSE,
    urgent_reason        TEXT NOT NULL DEFAULT '',
    chair_id             BIGINT REFERENCES leaders(id),
    room_id              BIGINT REFERENCES rooms(id),
    venue                TEXT NOT NULL DEFAULT '',
    room_override_reason TEXT NOT NULL DEFAULT '',
    preparing_unit_id    BIGINT REFERENCES units(id),
    follower_id          BIGINT REFERENCES people(id),
    notes                TEXT NOT NULL DEFAULT '',
    replaces_invitation  BOOLEAN NOT NULL DEFAULT FALSE,
    program_item_id      BIGINT REFERENCES program_items(id),
    proposed_by          BIGINT REFERENCES users(id),
    proposed_at          TIMESTAMPTZ NOT NULL,
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
    content_uploaded_at  TIMESTAMPTZ,
    content_uploaded_by  BIGINT REFERENCES users(id),
    approved_at          TIMESTAMPTZ,
    approved_by          BIGINT REFERENCES users(id),
    returned_at          TIMESTAMPTZ,
    returned_by          BIGINT REFERENCES users(id),
    return_comment       TEXT NOT NULL DEFAULT '',
    invitation_issued_at TIMESTAMPTZ,
    invitation_issued_by BIGINT REFERENCES users(id),
    invitation_number    TEXT NOT NULL DEFAULT '',
    documents_sent_at    TIMESTAMPTZ,
    documents_sent_by    BIGINT REFERENCES users(id),
    breached_at          TIMESTAMPTZ,
    breach_unit_id       BIGINT REFERENCES units(id),
    updated_at           TIMESTAMPTZ NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX events_schedule ON events (schedule_id, starts_at);
CREATE INDEX events_ward_time ON events (ward_id, starts_at);
CREATE INDEX events_chair ON events (chair_id, starts_at);

-- Who is invited: a person (leaders through their person), a unit, or a guest named in text.
CREATE TABLE event_attendees (
    id        BIGSERIAL PRIMARY KEY,
    event_id  BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    person_id BIGINT REFERENCES people(id),
    unit_id   BIGINT REFERENCES units(id),
    guest     TEXT NOT NULL DEFAULT '',
    CHECK ((person_id IS NOT NULL) OR (unit_id IS NOT NULL) OR guest <> '')
);
CREATE INDEX event_attendees_event ON event_attendees (event_id);
CREATE INDEX event_attendees_person ON event_attendees (person_id);
CREATE INDEX event_attendees_unit ON event_attendees (unit_id);

-- Meeting documents (content, reports, the invitation), stored by content hash.
CREATE TABLE event_files (
    id           BIGSERIAL PRIMARY KEY,
    event_id     BIGINT NOT NULL REFERENCES events(id),
    purpose      TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    uploaded_by  BIGINT REFERENCES users(id),
    uploaded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX event_files_event ON event_files (event_id);

-- Changes made after publication ("điều chỉnh"), one row per change.
CREATE TABLE event_changes (
    id        BIGSERIAL PRIMARY KEY,
    event_id  BIGINT NOT NULL REFERENCES events(id),
    sequence  INTEGER NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    by_user   BIGINT REFERENCES users(id),
    summary   TEXT NOT NULL,
    changes   TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX event_changes_event ON event_changes (event_id, id);

-- An invited head names a substitute; the chair approves or refuses.
CREATE TABLE substitutes (
    id            BIGSERIAL PRIMARY KEY,
    event_id      BIGINT NOT NULL REFERENCES events(id),
    person_id     BIGINT NOT NULL REFERENCES people(id),
    substitute_id BIGINT NOT NULL REFERENCES people(id),
    reason        TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL DEFAULT 'pending',
    requested_by  BIGINT REFERENCES users(id),
    requested_at  TIMESTAMPTZ NOT NULL,
    decided_by    BIGINT REFERENCES users(id),
    decided_at    TIMESTAMPTZ
);
CREATE INDEX substitutes_event ON substitutes (event_id);

-- The conclusion notice (thông báo kết luận) of a meeting.
CREATE TABLE conclusion_notices (
    id          BIGSERIAL PRIMARY KEY,
    ward_id     BIGINT NOT NULL REFERENCES wards(id),
    event_id    BIGINT NOT NULL UNIQUE REFERENCES events(id),
    number      TEXT NOT NULL,
    issued_on   TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TIMESTAMPTZ NOT NULL,
    UNIQUE (ward_id, number)
);

-- The program items a notice's instructions created.
CREATE TABLE conclusion_items (
    notice_id BIGINT NOT NULL REFERENCES conclusion_notices(id),
    item_id   BIGINT NOT NULL REFERENCES program_items(id),
    PRIMARY KEY (notice_id, item_id)
);

-- Secret calendar-feed tokens; only the SHA-256 of the token is stored.
CREATE TABLE feed_tokens (
    id         BIGSERIAL PRIMARY KEY,
    ward_id    BIGINT NOT NULL REFERENCES wards(id),
    user_id    BIGINT NOT NULL REFERENCES users(id),
    scope      TEXT NOT NULL,
    ref_id     BIGINT NOT NULL DEFAULT 0,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX feed_tokens_user ON feed_tokens (user_id);

-- Share links for the lobby screen; only the SHA-256 of the token is stored.
CREATE TABLE display_links (
    id         BIGSERIAL PRIMARY KEY,
    ward_id    BIGINT NOT NULL REFERENCES wards(id),
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
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
