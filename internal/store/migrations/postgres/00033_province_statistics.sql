-- +goose Up
-- A province (issue 13): a unit, a leader and a program belong to one ward,
-- but PostgreSQL takes "ward_id = $1 AND lead_unit_id = $2" as independent
-- conditions and, with 100 wards, expects a unit's items to be 1/100 of what
-- they are (14 instead of 1,368). It then reads every item of the unit and
-- sorts them instead of walking program_items_unit_deadline for the first
-- 50 (the search page of a unit: 294 buffers instead of 15). Functional
-- dependency statistics tell it that the unit, the leader and the program
-- decide the ward. Nothing to do for a single ward, where ward_id is one
-- value.
CREATE STATISTICS program_items_ward_deps (dependencies) ON ward_id, lead_unit_id, leader_id, program_id FROM program_items;
ANALYZE program_items;

-- +goose Down
DROP STATISTICS program_items_ward_deps;
