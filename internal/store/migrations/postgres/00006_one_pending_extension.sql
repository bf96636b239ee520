-- +goose Up
-- At most one extension request waits for a decision per item, even when
-- two requests race on PostgreSQL.
CREATE UNIQUE INDEX extension_requests_one_pending ON extension_requests (item_id) WHERE decision = 'pending';

-- +goose Down
DROP INDEX extension_requests_one_pending;
