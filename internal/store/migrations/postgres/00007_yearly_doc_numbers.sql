-- +goose Up
-- Conclusion notice numbers (NN/TB-UBND) restart at 01 every year, so a
-- number is unique within its ward and year only. The year is the one of
-- issued_on (YYYY-MM-DD), which is the year the number was drawn for.
-- Invitation numbers (NN/GM-UBND) live on events without a unique
-- constraint, so they need no change.
ALTER TABLE conclusion_notices DROP CONSTRAINT conclusion_notices_ward_id_number_key;
CREATE UNIQUE INDEX conclusion_notices_yearly_number ON conclusion_notices (ward_id, substr(issued_on, 1, 4), number);

-- +goose Down
DROP INDEX conclusion_notices_yearly_number;
ALTER TABLE conclusion_notices ADD CONSTRAINT conclusion_notices_ward_id_number_key UNIQUE (ward_id, number);
