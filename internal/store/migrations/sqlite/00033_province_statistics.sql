-- +goose Up
-- PostgreSQL's 00033 adds dependency statistics between ward_id and the
-- unit, leader and program of an item, for a province of wards. SQLite has
-- no such statistics and hosts one ward in practice: nothing to do, the
-- version is kept in step.
SELECT 1;

-- +goose Down
SELECT 1;
