-- +goose Up
-- The week page asks for meetings due in a fortnight that have no event
-- yet, and a unit's page for the items it coordinates: without these the
-- first scanned every item and, per item, every event, and the second
-- every coordination row, so their cost followed years of history.
CREATE INDEX program_items_ward_due ON program_items (ward_id, due_date);
CREATE INDEX events_program_item ON events (program_item_id) WHERE program_item_id IS NOT NULL;
CREATE INDEX item_units_unit ON item_units (unit_id, item_id);

-- +goose Down
DROP INDEX item_units_unit;
DROP INDEX events_program_item;
DROP INDEX program_items_ward_due;
