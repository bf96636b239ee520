-- +goose Up
-- The walls of 00031 at (almost) the cost of no walls (issue 13; measured in
-- docs/perf-province.md, "With the walls between wards").
--
-- 00031's policy, dh_ward_visible(ward_id), is computed on every row (two
-- current_setting calls and a text cast), and the planner, which cannot
-- tell that it repeats the query's own ward_id = $1, multiplies the two
-- selectivities: the unit search sorted the unit's 1,368 items (288
-- buffers) instead of reading 51 in index order (15 buffers). The same
-- wall, written so that the planner can see through it:
--
--     ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL
--
-- * A (SELECT f()) is an InitPlan: computed once per statement, a
--   parameter afterwards; per row the policy is one bigint comparison.
--   Plans stay valid for any ward (a cached plan reads the setting again
--   on every execution).
-- * dh_all_wards() is TRUE unbound and NULL bound, and is tested with IS
--   NOT NULL rather than used as a boolean: the planner takes an unknown
--   boolean to be true half of the time, which still halved the unit
--   search's estimate and kept the sort; it takes IS NOT NULL of an unknown
--   value to be true 99.5 % of the time, so the policy leaves the estimates
--   (and the plans) as they are without it.
-- * What is visible and writable is exactly 00031's for every value of
--   app.ward_id: unset, '' or '*' every ward; a ward id as the server
--   writes it (decimal, no sign, no leading zero) that ward only; anything
--   else nothing. WITH CHECK is the same expression (a policy without one
--   checks new rows with USING).
-- * Both cases are one policy rather than two permissive ones, because
--   PostgreSQL ORs permissive policies in an order of its own, and on a
--   child table the unbound test must come first (below).
--
-- Child tables (no ward_id of their own): unbound, every row, without
-- looking at the parent (00031 read the parent also unbound: to count
-- 18,700 predecessors it hashed all 545,000 items of a province, 28,700
-- buffers and 0.3 s, where 147 buffers do now); bound, a parent
-- in the bound ward. The explicit parent.ward_id = (SELECT
-- dh_bound_ward()) lets the planner, when a statement reads many child
-- rows, hash the bound ward's parent ids once through a ward index instead
-- of probing the parent for each row; for a few rows it still probes the
-- parent's primary key.
--
-- Functions marked PARALLEL SAFE: a parallel worker gets the leader's
-- settings, app.ward_id included. LEAKPROOF is not needed (and only a
-- superuser could grant it): the functions see no row.
-- +goose StatementBegin
CREATE FUNCTION dh_bound_ward() RETURNS BIGINT LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN current_setting('app.ward_id', true) ~ '^[1-9][0-9]{0,17}$'
        THEN current_setting('app.ward_id', true)::bigint END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION dh_all_wards() RETURNS BOOLEAN LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN COALESCE(current_setting('app.ward_id', true), '') IN ('', '*') THEN TRUE END
$$;
-- +goose StatementEnd

-- Tables with a ward of their own (wards: its id).
ALTER POLICY ward_wall ON wards USING (id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON accountability_decisions USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON audit_log USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON calendar_confirmations USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON calendar_overrides USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON conclusion_notices USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON consolidated_reports USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON display_links USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON doc_sequences USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON documents USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON events USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON feed_tokens USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON general_scores USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON incoming_documents USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON leaders USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON mail_settings USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON notifications USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON outbox USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON people USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON portfolios USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON program_items USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON programs USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON remediations USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON rooms USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON schedules USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON sweep_marks USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON units USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON users USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);
ALTER POLICY ward_wall ON ward_month_stats USING (ward_id = (SELECT dh_bound_ward()) OR (SELECT dh_all_wards()) IS NOT NULL);

-- Child tables, through their parent.
ALTER POLICY ward_wall ON amendments USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM programs WHERE programs.id = amendments.program_id AND programs.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON api_tokens USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM users WHERE users.id = api_tokens.user_id AND users.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON conclusion_items USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM conclusion_notices WHERE conclusion_notices.id = conclusion_items.notice_id AND conclusion_notices.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON document_history USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM documents WHERE documents.id = document_history.document_id AND documents.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON document_items USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM documents WHERE documents.id = document_items.document_id AND documents.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON document_recipients USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM documents WHERE documents.id = document_recipients.document_id AND documents.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON event_attendees USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM events WHERE events.id = event_attendees.event_id AND events.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON event_changes USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM events WHERE events.id = event_changes.event_id AND events.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON event_files USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM events WHERE events.id = event_files.event_id AND events.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON extension_requests USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM program_items WHERE program_items.id = extension_requests.item_id AND program_items.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON incoming_coordinating_units USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM incoming_documents WHERE incoming_documents.id = incoming_coordinating_units.incoming_id AND incoming_documents.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON incoming_history USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM incoming_documents WHERE incoming_documents.id = incoming_history.incoming_id AND incoming_documents.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON incoming_items USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM incoming_documents WHERE incoming_documents.id = incoming_items.incoming_id AND incoming_documents.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON item_events USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM program_items WHERE program_items.id = item_events.item_id AND program_items.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON item_files USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM program_items WHERE program_items.id = item_files.item_id AND program_items.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON item_predecessors USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM program_items WHERE program_items.id = item_predecessors.item_id AND program_items.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON item_units USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM program_items WHERE program_items.id = item_units.item_id AND program_items.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON notification_prefs USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM users WHERE users.id = notification_prefs.user_id AND users.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON portfolio_units USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM portfolios WHERE portfolios.id = portfolio_units.portfolio_id AND portfolios.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON program_versions USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM programs WHERE programs.id = program_versions.program_id AND programs.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON remediation_entries USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM remediations WHERE remediations.id = remediation_entries.remediation_id AND remediations.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON remediation_files USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM remediations WHERE remediations.id = remediation_files.remediation_id AND remediations.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON remediation_filings USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM remediations WHERE remediations.id = remediation_filings.remediation_id AND remediations.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON saved_searches USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM users WHERE users.id = saved_searches.user_id AND users.ward_id = (SELECT dh_bound_ward())));
ALTER POLICY ward_wall ON substitutes USING ((SELECT dh_all_wards()) IS NOT NULL
    OR EXISTS (SELECT 1 FROM events WHERE events.id = substitutes.event_id AND events.ward_id = (SELECT dh_bound_ward())));

-- +goose Down
-- 00031's policies (and 00032's for ward_month_stats).
ALTER POLICY ward_wall ON wards USING (dh_ward_visible(id));
ALTER POLICY ward_wall ON accountability_decisions USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON audit_log USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON calendar_confirmations USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON calendar_overrides USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON conclusion_notices USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON consolidated_reports USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON display_links USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON doc_sequences USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON documents USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON events USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON feed_tokens USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON general_scores USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON incoming_documents USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON leaders USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON mail_settings USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON notifications USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON outbox USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON people USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON portfolios USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON program_items USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON programs USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON remediations USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON rooms USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON schedules USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON sweep_marks USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON units USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON users USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON ward_month_stats USING (dh_ward_visible(ward_id));
ALTER POLICY ward_wall ON amendments USING (EXISTS (SELECT 1 FROM programs WHERE programs.id = amendments.program_id));
ALTER POLICY ward_wall ON api_tokens USING (EXISTS (SELECT 1 FROM users WHERE users.id = api_tokens.user_id));
ALTER POLICY ward_wall ON conclusion_items USING (EXISTS (SELECT 1 FROM conclusion_notices WHERE conclusion_notices.id = conclusion_items.notice_id));
ALTER POLICY ward_wall ON document_history USING (EXISTS (SELECT 1 FROM documents WHERE documents.id = document_history.document_id));
ALTER POLICY ward_wall ON document_items USING (EXISTS (SELECT 1 FROM documents WHERE documents.id = document_items.document_id));
ALTER POLICY ward_wall ON document_recipients USING (EXISTS (SELECT 1 FROM documents WHERE documents.id = document_recipients.document_id));
ALTER POLICY ward_wall ON event_attendees USING (EXISTS (SELECT 1 FROM events WHERE events.id = event_attendees.event_id));
ALTER POLICY ward_wall ON event_changes USING (EXISTS (SELECT 1 FROM events WHERE events.id = event_changes.event_id));
ALTER POLICY ward_wall ON event_files USING (EXISTS (SELECT 1 FROM events WHERE events.id = event_files.event_id));
ALTER POLICY ward_wall ON extension_requests USING (EXISTS (SELECT 1 FROM program_items WHERE program_items.id = extension_requests.item_id));
ALTER POLICY ward_wall ON incoming_coordinating_units USING (EXISTS (SELECT 1 FROM incoming_documents WHERE incoming_documents.id = incoming_coordinating_units.incoming_id));
ALTER POLICY ward_wall ON incoming_history USING (EXISTS (SELECT 1 FROM incoming_documents WHERE incoming_documents.id = incoming_history.incoming_id));
ALTER POLICY ward_wall ON incoming_items USING (EXISTS (SELECT 1 FROM incoming_documents WHERE incoming_documents.id = incoming_items.incoming_id));
ALTER POLICY ward_wall ON item_events USING (EXISTS (SELECT 1 FROM program_items WHERE program_items.id = item_events.item_id));
ALTER POLICY ward_wall ON item_files USING (EXISTS (SELECT 1 FROM program_items WHERE program_items.id = item_files.item_id));
ALTER POLICY ward_wall ON item_predecessors USING (EXISTS (SELECT 1 FROM program_items WHERE program_items.id = item_predecessors.item_id));
ALTER POLICY ward_wall ON item_units USING (EXISTS (SELECT 1 FROM program_items WHERE program_items.id = item_units.item_id));
ALTER POLICY ward_wall ON notification_prefs USING (EXISTS (SELECT 1 FROM users WHERE users.id = notification_prefs.user_id));
ALTER POLICY ward_wall ON portfolio_units USING (EXISTS (SELECT 1 FROM portfolios WHERE portfolios.id = portfolio_units.portfolio_id));
ALTER POLICY ward_wall ON program_versions USING (EXISTS (SELECT 1 FROM programs WHERE programs.id = program_versions.program_id));
ALTER POLICY ward_wall ON remediation_entries USING (EXISTS (SELECT 1 FROM remediations WHERE remediations.id = remediation_entries.remediation_id));
ALTER POLICY ward_wall ON remediation_files USING (EXISTS (SELECT 1 FROM remediations WHERE remediations.id = remediation_files.remediation_id));
ALTER POLICY ward_wall ON remediation_filings USING (EXISTS (SELECT 1 FROM remediations WHERE remediations.id = remediation_filings.remediation_id));
ALTER POLICY ward_wall ON saved_searches USING (EXISTS (SELECT 1 FROM users WHERE users.id = saved_searches.user_id));
ALTER POLICY ward_wall ON substitutes USING (EXISTS (SELECT 1 FROM events WHERE events.id = substitutes.event_id));
DROP FUNCTION dh_all_wards();
DROP FUNCTION dh_bound_ward();
