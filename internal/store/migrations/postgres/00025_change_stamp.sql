-- +goose Up
-- One number that every write transaction raises when it changes
-- something. A server keeps what is costly to rebuild (a ward's
-- organization and calendar, a person's home page, a month's critical
-- path) under the number it was read at, so a change made through any
-- server is seen by every server at its next request.
CREATE TABLE change_stamp (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO change_stamp (id, n) VALUES (1, 0);

-- +goose Down
DROP TABLE change_stamp;
