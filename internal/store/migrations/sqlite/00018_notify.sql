-- +goose Up
-- A reminder, a breach notice or any message a sweep produces is recorded
-- once per person under a key (kind + object + due instant): a re-run, or
-- a second server, inserts nothing. NULL keys (ordinary notifications) are
-- distinct, so they never collide.
ALTER TABLE notifications ADD COLUMN dedupe_key TEXT;
-- The person chose to read this kind in the daily digest: it waits there.
ALTER TABLE notifications ADD COLUMN digest_pending BOOLEAN NOT NULL DEFAULT FALSE;
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, dedupe_key);
-- The inbox pages newest first by id, with or without a kind.
CREATE INDEX notifications_inbox ON notifications (user_id, id);
CREATE INDEX notifications_inbox_kind ON notifications (user_id, kind, id);
CREATE INDEX notifications_digest ON notifications (user_id) WHERE digest_pending = TRUE;
CREATE INDEX notifications_read_at ON notifications (read_at) WHERE read_at IS NOT NULL;

-- Each person's choice per kind: in_app, email (at once) or digest.
CREATE TABLE notification_prefs (
    user_id  INTEGER NOT NULL REFERENCES users(id),
    kind     TEXT NOT NULL,
    delivery TEXT NOT NULL CHECK (delivery IN ('in_app', 'email', 'digest')),
    PRIMARY KEY (user_id, kind)
);

-- The durable outbox: a message is written in the transaction of the change
-- that caused it and delivered later by a sender, with retries.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    ward_id         INTEGER NOT NULL REFERENCES wards(id),
    user_id         INTEGER REFERENCES users(id),
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    body_html       TEXT NOT NULL DEFAULT '',
    link            TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL DEFAULT 'general',
    dedupe_key      TEXT UNIQUE,
    created_at      TIMESTAMP NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_by      TEXT NOT NULL DEFAULT '',
    claimed_until   TIMESTAMP,
    last_error      TEXT NOT NULL DEFAULT '',
    sent_at         TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_failed ON outbox (ward_id, id) WHERE state = 'failed';
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE state = 'sent';

-- A ward's SMTP server, as the admin set it (environment variables win).
-- The password is sealed with a key derived from feed.key.
CREATE TABLE mail_settings (
    ward_id         INTEGER PRIMARY KEY REFERENCES wards(id),
    host            TEXT NOT NULL DEFAULT '',
    port            INTEGER NOT NULL DEFAULT 587,
    username        TEXT NOT NULL DEFAULT '',
    password_sealed TEXT NOT NULL DEFAULT '',
    tls_mode        TEXT NOT NULL DEFAULT 'starttls',
    sender          TEXT NOT NULL DEFAULT '',
    base_url        TEXT NOT NULL DEFAULT '',
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

-- What a sweep recorded once for a ward (a registration window closed on a
-- day, a day's digest done): the key makes a re-run a no-op.
CREATE TABLE sweep_marks (
    ward_id INTEGER NOT NULL REFERENCES wards(id),
    key     TEXT NOT NULL,
    at      TIMESTAMP NOT NULL,
    PRIMARY KEY (ward_id, key)
);

-- Meetings that may still break the readiness rule (not recorded yet, and
-- the invitation or the documents not sent): the sweep's candidates and
-- the reminders', whatever the history.
CREATE INDEX events_readiness_open ON events (ward_id, starts_at)
    WHERE breached_at IS NULL AND cancelled = FALSE AND pending = FALSE
    AND kind IN ('committee_session', 'conference', 'working_session')
    AND (documents_sent_at IS NULL OR (invitation_issued_at IS NULL AND replaces_invitation = FALSE));
-- Items overdue and still open, by deadline: the overdue notices and the
-- digest's "quá hạn" read a recent range of it.
CREATE INDEX program_items_open_overdue ON program_items (ward_id, deadline)
    WHERE overdue_at IS NOT NULL AND cancelled = FALSE AND (completed_at IS NULL OR quality = 'rejected');

-- +goose Down
DROP INDEX program_items_open_overdue;
DROP INDEX events_readiness_open;
DROP TABLE sweep_marks;
DROP TABLE mail_settings;
DROP TABLE outbox;
DROP TABLE notification_prefs;
DROP INDEX notifications_read_at;
DROP INDEX notifications_digest;
DROP INDEX notifications_inbox_kind;
DROP INDEX notifications_inbox;
DROP INDEX notifications_once;
ALTER TABLE notifications DROP COLUMN digest_pending;
ALTER TABLE notifications DROP COLUMN dedupe_key;
