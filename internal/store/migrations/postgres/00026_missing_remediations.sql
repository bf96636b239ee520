-- +goose Up
-- Reports recorded missing stay so for good; the homes list the latest of
-- them, which without this meant reading every one since the ward began.
CREATE INDEX remediations_missing ON remediations (ward_id, due_date) WHERE state = 'missing';

-- +goose Down
DROP INDEX remediations_missing;
