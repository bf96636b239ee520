-- +goose Up
-- PostgreSQL's 00034 rewrites the row-level security policies of 00031 in a
-- form its planner can see through. SQLite has no row-level security (the
-- store's scope, internal/store/scope.go, is its wall): nothing to do, the version is kept in
-- step.
SELECT 1;

-- +goose Down
SELECT 1;
