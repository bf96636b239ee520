-- +goose Up
-- The government's yearly swaps entered by the admin: a weekday off
-- (working = false) or a Saturday worked (working = true).
CREATE TABLE calendar_overrides (
    ward_id INTEGER NOT NULL REFERENCES wards(id),
    day     TEXT NOT NULL,
    working BOOLEAN NOT NULL,
    name    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (ward_id, day)
);

-- +goose Down
DROP TABLE calendar_overrides;
