-- +goose Up
-- Each version of an issued program is a document of its own (Decree 30,
-- art. 15(1) and 18(3)): version 0 is the program as issued, version N the
-- N-th amendment, issued as a CTr "điều chỉnh, bổ sung" (or a QĐ, ward
-- setting) with its own number from the ward's sequence and its own date.
-- doc_type is the type abbreviation ("CTr", "QĐ"), doc_seq the number in the
-- sequence of doc_symbol for the year of doc_issued_on, doc_number the
-- printed "NN/CTr-UBND"; the register reads these columns.
ALTER TABLE program_versions ADD COLUMN doc_type TEXT NOT NULL DEFAULT '';
ALTER TABLE program_versions ADD COLUMN doc_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE program_versions ADD COLUMN doc_symbol TEXT NOT NULL DEFAULT '';
ALTER TABLE program_versions ADD COLUMN doc_number TEXT NOT NULL DEFAULT '';
ALTER TABLE program_versions ADD COLUMN doc_issued_on TEXT NOT NULL DEFAULT '';
-- The issued versions take their program's number and date.
UPDATE program_versions SET doc_type = 'CTr', doc_symbol = 'CTr-UBND',
    doc_number = (SELECT p.number FROM programs p WHERE p.id = program_versions.program_id),
    doc_issued_on = (SELECT p.issued_on FROM programs p WHERE p.id = program_versions.program_id),
    doc_seq = COALESCE((SELECT CAST(substr(p.number, 1, instr(p.number, '/') - 1) AS INTEGER) FROM programs p
               WHERE p.id = program_versions.program_id AND instr(p.number, '/') > 1), 0)
WHERE no = 0 AND EXISTS (SELECT 1 FROM programs p WHERE p.id = program_versions.program_id AND p.number <> '');

-- +goose Down
ALTER TABLE program_versions DROP COLUMN doc_issued_on;
ALTER TABLE program_versions DROP COLUMN doc_number;
ALTER TABLE program_versions DROP COLUMN doc_symbol;
ALTER TABLE program_versions DROP COLUMN doc_seq;
ALTER TABLE program_versions DROP COLUMN doc_type;
