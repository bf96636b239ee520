-- +goose Up
-- Wards apart in the database itself (issue 13).
--
-- ward_stamps: each ward's own change stamp. A write bound to one ward
-- raises that ward's number only, so a change in one ward no longer
-- throws away what every other ward's pages keep (see stamp.go). A write
-- bound to no ward (the province, the command line, jobs across wards)
-- still raises change_stamp, which every ward's stamp includes.
CREATE TABLE ward_stamps (
    ward_id BIGINT PRIMARY KEY REFERENCES wards (id),
    n       BIGINT NOT NULL
);

-- Row-level security: the second wall behind the store's own ward
-- filters. A request of a ward's user runs with app.ward_id set to its
-- ward (SET LOCAL in a write, a session setting around a read, see
-- DB.run); every table then shows and accepts only that ward's rows, so
-- a query that forgot its ward filter returns nothing of another ward.
-- Unset, or '*', is the province's and the tools' view across wards
-- (migrations, the command line, jobs that pick the wards to work on).
-- FORCE: the application's role owns the tables, and an owner is
-- otherwise exempt. A superuser is exempt whatever this says: deploy with
-- an ordinary role (docs/deploy.md); the server warns when it is not.
--
-- Left without a policy, because no ward can be named before they are
-- read or because they hold no ward's data: sessions and login_failures
-- (read by a secret token or a login before anyone is signed in),
-- job_runs, change_stamp, ward_stamps and goose's table (the
-- deployment's), blobs and blob_chunks (addressed by the SHA-256 of their
-- content: whoever can name one already has it; every row naming one is
-- under a policy).
-- +goose StatementBegin
CREATE FUNCTION dh_ward_visible(w BIGINT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT COALESCE(current_setting('app.ward_id', true), '') IN ('', '*')
        OR w::text = current_setting('app.ward_id', true)
$$;
-- +goose StatementEnd
ALTER TABLE wards ENABLE ROW LEVEL SECURITY;
ALTER TABLE wards FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON wards USING (dh_ward_visible(id));
ALTER TABLE accountability_decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE accountability_decisions FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON accountability_decisions USING (dh_ward_visible(ward_id));
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON audit_log USING (dh_ward_visible(ward_id));
ALTER TABLE calendar_confirmations ENABLE ROW LEVEL SECURITY;
ALTER TABLE calendar_confirmations FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON calendar_confirmations USING (dh_ward_visible(ward_id));
ALTER TABLE calendar_overrides ENABLE ROW LEVEL SECURITY;
ALTER TABLE calendar_overrides FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON calendar_overrides USING (dh_ward_visible(ward_id));
ALTER TABLE conclusion_notices ENABLE ROW LEVEL SECURITY;
ALTER TABLE conclusion_notices FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON conclusion_notices USING (dh_ward_visible(ward_id));
ALTER TABLE consolidated_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE consolidated_reports FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON consolidated_reports USING (dh_ward_visible(ward_id));
ALTER TABLE display_links ENABLE ROW LEVEL SECURITY;
ALTER TABLE display_links FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON display_links USING (dh_ward_visible(ward_id));
ALTER TABLE doc_sequences ENABLE ROW LEVEL SECURITY;
ALTER TABLE doc_sequences FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON doc_sequences USING (dh_ward_visible(ward_id));
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON documents USING (dh_ward_visible(ward_id));
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON events USING (dh_ward_visible(ward_id));
ALTER TABLE feed_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE feed_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON feed_tokens USING (dh_ward_visible(ward_id));
ALTER TABLE general_scores ENABLE ROW LEVEL SECURITY;
ALTER TABLE general_scores FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON general_scores USING (dh_ward_visible(ward_id));
ALTER TABLE incoming_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE incoming_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON incoming_documents USING (dh_ward_visible(ward_id));
ALTER TABLE leaders ENABLE ROW LEVEL SECURITY;
ALTER TABLE leaders FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON leaders USING (dh_ward_visible(ward_id));
ALTER TABLE mail_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON mail_settings USING (dh_ward_visible(ward_id));
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON notifications USING (dh_ward_visible(ward_id));
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON outbox USING (dh_ward_visible(ward_id));
ALTER TABLE people ENABLE ROW LEVEL SECURITY;
ALTER TABLE people FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON people USING (dh_ward_visible(ward_id));
ALTER TABLE portfolios ENABLE ROW LEVEL SECURITY;
ALTER TABLE portfolios FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON portfolios USING (dh_ward_visible(ward_id));
ALTER TABLE program_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE program_items FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON program_items USING (dh_ward_visible(ward_id));
ALTER TABLE programs ENABLE ROW LEVEL SECURITY;
ALTER TABLE programs FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON programs USING (dh_ward_visible(ward_id));
ALTER TABLE remediations ENABLE ROW LEVEL SECURITY;
ALTER TABLE remediations FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON remediations USING (dh_ward_visible(ward_id));
ALTER TABLE rooms ENABLE ROW LEVEL SECURITY;
ALTER TABLE rooms FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON rooms USING (dh_ward_visible(ward_id));
ALTER TABLE schedules ENABLE ROW LEVEL SECURITY;
ALTER TABLE schedules FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON schedules USING (dh_ward_visible(ward_id));
ALTER TABLE sweep_marks ENABLE ROW LEVEL SECURITY;
ALTER TABLE sweep_marks FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON sweep_marks USING (dh_ward_visible(ward_id));
ALTER TABLE units ENABLE ROW LEVEL SECURITY;
ALTER TABLE units FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON units USING (dh_ward_visible(ward_id));
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON users USING (dh_ward_visible(ward_id));

-- Rows without a ward of their own belong to their parent's ward: the
-- parent's policy applies inside EXISTS.
ALTER TABLE amendments ENABLE ROW LEVEL SECURITY;
ALTER TABLE amendments FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON amendments USING (EXISTS (SELECT 1 FROM programs WHERE programs.id = amendments.program_id));
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON api_tokens USING (EXISTS (SELECT 1 FROM users WHERE users.id = api_tokens.user_id));
ALTER TABLE conclusion_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE conclusion_items FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON conclusion_items USING (EXISTS (SELECT 1 FROM conclusion_notices WHERE conclusion_notices.id = conclusion_items.notice_id));
ALTER TABLE document_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_history FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON document_history USING (EXISTS (SELECT 1 FROM documents WHERE documents.id = document_history.document_id));
ALTER TABLE document_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_items FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON document_items USING (EXISTS (SELECT 1 FROM documents WHERE documents.id = document_items.document_id));
ALTER TABLE document_recipients ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_recipients FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON document_recipients USING (EXISTS (SELECT 1 FROM documents WHERE documents.id = document_recipients.document_id));
ALTER TABLE event_attendees ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_attendees FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON event_attendees USING (EXISTS (SELECT 1 FROM events WHERE events.id = event_attendees.event_id));
ALTER TABLE event_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON event_changes USING (EXISTS (SELECT 1 FROM events WHERE events.id = event_changes.event_id));
ALTER TABLE event_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE event_files FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON event_files USING (EXISTS (SELECT 1 FROM events WHERE events.id = event_files.event_id));
ALTER TABLE extension_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE extension_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON extension_requests USING (EXISTS (SELECT 1 FROM program_items WHERE program_items.id = extension_requests.item_id));
ALTER TABLE incoming_coordinating_units ENABLE ROW LEVEL SECURITY;
ALTER TABLE incoming_coordinating_units FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON incoming_coordinating_units USING (EXISTS (SELECT 1 FROM incoming_documents WHERE incoming_documents.id = incoming_coordinating_units.incoming_id));
ALTER TABLE incoming_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE incoming_history FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON incoming_history USING (EXISTS (SELECT 1 FROM incoming_documents WHERE incoming_documents.id = incoming_history.incoming_id));
ALTER TABLE incoming_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE incoming_items FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON incoming_items USING (EXISTS (SELECT 1 FROM incoming_documents WHERE incoming_documents.id = incoming_items.incoming_id));
ALTER TABLE item_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE item_events FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON item_events USING (EXISTS (SELECT 1 FROM program_items WHERE program_items.id = item_events.item_id));
ALTER TABLE item_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE item_files FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON item_files USING (EXISTS (SELECT 1 FROM program_items WHERE program_items.id = item_files.item_id));
ALTER TABLE item_predecessors ENABLE ROW LEVEL SECURITY;
ALTER TABLE item_predecessors FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON item_predecessors USING (EXISTS (SELECT 1 FROM program_items WHERE program_items.id = item_predecessors.item_id));
ALTER TABLE item_units ENABLE ROW LEVEL SECURITY;
ALTER TABLE item_units FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON item_units USING (EXISTS (SELECT 1 FROM program_items WHERE program_items.id = item_units.item_id));
ALTER TABLE notification_prefs ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_prefs FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON notification_prefs USING (EXISTS (SELECT 1 FROM users WHERE users.id = notification_prefs.user_id));
ALTER TABLE portfolio_units ENABLE ROW LEVEL SECURITY;
ALTER TABLE portfolio_units FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON portfolio_units USING (EXISTS (SELECT 1 FROM portfolios WHERE portfolios.id = portfolio_units.portfolio_id));
ALTER TABLE program_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE program_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON program_versions USING (EXISTS (SELECT 1 FROM programs WHERE programs.id = program_versions.program_id));
ALTER TABLE remediation_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE remediation_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON remediation_entries USING (EXISTS (SELECT 1 FROM remediations WHERE remediations.id = remediation_entries.remediation_id));
ALTER TABLE remediation_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE remediation_files FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON remediation_files USING (EXISTS (SELECT 1 FROM remediations WHERE remediations.id = remediation_files.remediation_id));
ALTER TABLE remediation_filings ENABLE ROW LEVEL SECURITY;
ALTER TABLE remediation_filings FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON remediation_filings USING (EXISTS (SELECT 1 FROM remediations WHERE remediations.id = remediation_filings.remediation_id));
ALTER TABLE saved_searches ENABLE ROW LEVEL SECURITY;
ALTER TABLE saved_searches FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON saved_searches USING (EXISTS (SELECT 1 FROM users WHERE users.id = saved_searches.user_id));
ALTER TABLE substitutes ENABLE ROW LEVEL SECURITY;
ALTER TABLE substitutes FORCE ROW LEVEL SECURITY;
CREATE POLICY ward_wall ON substitutes USING (EXISTS (SELECT 1 FROM events WHERE events.id = substitutes.event_id));

-- +goose Down
DROP POLICY ward_wall ON substitutes;
ALTER TABLE substitutes NO FORCE ROW LEVEL SECURITY;
ALTER TABLE substitutes DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON saved_searches;
ALTER TABLE saved_searches NO FORCE ROW LEVEL SECURITY;
ALTER TABLE saved_searches DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON remediation_filings;
ALTER TABLE remediation_filings NO FORCE ROW LEVEL SECURITY;
ALTER TABLE remediation_filings DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON remediation_files;
ALTER TABLE remediation_files NO FORCE ROW LEVEL SECURITY;
ALTER TABLE remediation_files DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON remediation_entries;
ALTER TABLE remediation_entries NO FORCE ROW LEVEL SECURITY;
ALTER TABLE remediation_entries DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON program_versions;
ALTER TABLE program_versions NO FORCE ROW LEVEL SECURITY;
ALTER TABLE program_versions DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON portfolio_units;
ALTER TABLE portfolio_units NO FORCE ROW LEVEL SECURITY;
ALTER TABLE portfolio_units DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON notification_prefs;
ALTER TABLE notification_prefs NO FORCE ROW LEVEL SECURITY;
ALTER TABLE notification_prefs DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON item_units;
ALTER TABLE item_units NO FORCE ROW LEVEL SECURITY;
ALTER TABLE item_units DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON item_predecessors;
ALTER TABLE item_predecessors NO FORCE ROW LEVEL SECURITY;
ALTER TABLE item_predecessors DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON item_files;
ALTER TABLE item_files NO FORCE ROW LEVEL SECURITY;
ALTER TABLE item_files DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON item_events;
ALTER TABLE item_events NO FORCE ROW LEVEL SECURITY;
ALTER TABLE item_events DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON incoming_items;
ALTER TABLE incoming_items NO FORCE ROW LEVEL SECURITY;
ALTER TABLE incoming_items DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON incoming_history;
ALTER TABLE incoming_history NO FORCE ROW LEVEL SECURITY;
ALTER TABLE incoming_history DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON incoming_coordinating_units;
ALTER TABLE incoming_coordinating_units NO FORCE ROW LEVEL SECURITY;
ALTER TABLE incoming_coordinating_units DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON extension_requests;
ALTER TABLE extension_requests NO FORCE ROW LEVEL SECURITY;
ALTER TABLE extension_requests DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON event_files;
ALTER TABLE event_files NO FORCE ROW LEVEL SECURITY;
ALTER TABLE event_files DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON event_changes;
ALTER TABLE event_changes NO FORCE ROW LEVEL SECURITY;
ALTER TABLE event_changes DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON event_attendees;
ALTER TABLE event_attendees NO FORCE ROW LEVEL SECURITY;
ALTER TABLE event_attendees DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON document_recipients;
ALTER TABLE document_recipients NO FORCE ROW LEVEL SECURITY;
ALTER TABLE document_recipients DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON document_items;
ALTER TABLE document_items NO FORCE ROW LEVEL SECURITY;
ALTER TABLE document_items DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON document_history;
ALTER TABLE document_history NO FORCE ROW LEVEL SECURITY;
ALTER TABLE document_history DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON conclusion_items;
ALTER TABLE conclusion_items NO FORCE ROW LEVEL SECURITY;
ALTER TABLE conclusion_items DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON api_tokens;
ALTER TABLE api_tokens NO FORCE ROW LEVEL SECURITY;
ALTER TABLE api_tokens DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON amendments;
ALTER TABLE amendments NO FORCE ROW LEVEL SECURITY;
ALTER TABLE amendments DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON users;
ALTER TABLE users NO FORCE ROW LEVEL SECURITY;
ALTER TABLE users DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON units;
ALTER TABLE units NO FORCE ROW LEVEL SECURITY;
ALTER TABLE units DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON sweep_marks;
ALTER TABLE sweep_marks NO FORCE ROW LEVEL SECURITY;
ALTER TABLE sweep_marks DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON schedules;
ALTER TABLE schedules NO FORCE ROW LEVEL SECURITY;
ALTER TABLE schedules DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON rooms;
ALTER TABLE rooms NO FORCE ROW LEVEL SECURITY;
ALTER TABLE rooms DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON remediations;
ALTER TABLE remediations NO FORCE ROW LEVEL SECURITY;
ALTER TABLE remediations DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON programs;
ALTER TABLE programs NO FORCE ROW LEVEL SECURITY;
ALTER TABLE programs DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON program_items;
ALTER TABLE program_items NO FORCE ROW LEVEL SECURITY;
ALTER TABLE program_items DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON portfolios;
ALTER TABLE portfolios NO FORCE ROW LEVEL SECURITY;
ALTER TABLE portfolios DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON people;
ALTER TABLE people NO FORCE ROW LEVEL SECURITY;
ALTER TABLE people DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON outbox;
ALTER TABLE outbox NO FORCE ROW LEVEL SECURITY;
ALTER TABLE outbox DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON notifications;
ALTER TABLE notifications NO FORCE ROW LEVEL SECURITY;
ALTER TABLE notifications DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON mail_settings;
ALTER TABLE mail_settings NO FORCE ROW LEVEL SECURITY;
ALTER TABLE mail_settings DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON leaders;
ALTER TABLE leaders NO FORCE ROW LEVEL SECURITY;
ALTER TABLE leaders DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON incoming_documents;
ALTER TABLE incoming_documents NO FORCE ROW LEVEL SECURITY;
ALTER TABLE incoming_documents DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON general_scores;
ALTER TABLE general_scores NO FORCE ROW LEVEL SECURITY;
ALTER TABLE general_scores DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON feed_tokens;
ALTER TABLE feed_tokens NO FORCE ROW LEVEL SECURITY;
ALTER TABLE feed_tokens DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON events;
ALTER TABLE events NO FORCE ROW LEVEL SECURITY;
ALTER TABLE events DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON documents;
ALTER TABLE documents NO FORCE ROW LEVEL SECURITY;
ALTER TABLE documents DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON doc_sequences;
ALTER TABLE doc_sequences NO FORCE ROW LEVEL SECURITY;
ALTER TABLE doc_sequences DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON display_links;
ALTER TABLE display_links NO FORCE ROW LEVEL SECURITY;
ALTER TABLE display_links DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON consolidated_reports;
ALTER TABLE consolidated_reports NO FORCE ROW LEVEL SECURITY;
ALTER TABLE consolidated_reports DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON conclusion_notices;
ALTER TABLE conclusion_notices NO FORCE ROW LEVEL SECURITY;
ALTER TABLE conclusion_notices DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON calendar_overrides;
ALTER TABLE calendar_overrides NO FORCE ROW LEVEL SECURITY;
ALTER TABLE calendar_overrides DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON calendar_confirmations;
ALTER TABLE calendar_confirmations NO FORCE ROW LEVEL SECURITY;
ALTER TABLE calendar_confirmations DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON audit_log;
ALTER TABLE audit_log NO FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_log DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON accountability_decisions;
ALTER TABLE accountability_decisions NO FORCE ROW LEVEL SECURITY;
ALTER TABLE accountability_decisions DISABLE ROW LEVEL SECURITY;
DROP POLICY ward_wall ON wards;
ALTER TABLE wards NO FORCE ROW LEVEL SECURITY;
ALTER TABLE wards DISABLE ROW LEVEL SECURITY;
DROP FUNCTION dh_ward_visible(BIGINT);
DROP TABLE ward_stamps;
