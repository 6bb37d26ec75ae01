-- Indexes of the statistics (issue 9), chosen from the plans of the dashboard's queries on a million
-- generated cases (npm run bench:stats). A case row is wide (applicant, details, facts, the deadline's
-- explanation): each index carries the columns the statistics filter and count by, so that a period's
-- figures are read from the index alone (index-only scans) instead of the table's pages.

-- Submissions by period (volume, appointments booked and their wait, complaints by month), all entities or one.
CREATE INDEX "case_submitted_at_idx" ON "case" ("submitted_at") INCLUDE ("entity_id", "service_id", "case_type", "office_id", "first_free_slot_at");
CREATE INDEX "case_entity_id_submitted_at_idx" ON "case" ("entity_id", "submitted_at") INCLUDE ("service_id", "case_type", "office_id", "first_free_slot_at");

-- Cases finished by period (volume, processing times, outcomes, appointments, handlers): only finished cases.
CREATE INDEX "case_closed_at_idx" ON "case" ("closed_at") INCLUDE ("entity_id", "service_id", "case_type", "office_id", "outcome", "working_days_to_close", "submitted_at", "assignee_id") WHERE "closed_at" IS NOT NULL;
CREATE INDEX "case_entity_id_closed_at_idx" ON "case" ("entity_id", "closed_at") INCLUDE ("service_id", "case_type", "office_id", "outcome", "working_days_to_close", "submitted_at", "assignee_id") WHERE "closed_at" IS NOT NULL;

-- The backlog and the live counters: open cases only, a small share of all.
CREATE INDEX "case_open_idx" ON "case" ("entity_id", "submitted_at") INCLUDE ("service_id", "case_type", "office_id", "assignee_id") WHERE "closed_at" IS NULL;

-- Clocks stopped (compliance) and breached (breaches, handlers) by period.
CREATE INDEX "case_clock_stopped_at_idx" ON "case_clock" ("stopped_at") INCLUDE ("case_id", "clock", "started_at", "breached_at", "target_due_at") WHERE "stopped_at" IS NOT NULL;
CREATE INDEX "case_clock_breached_at_idx" ON "case_clock" ("breached_at") INCLUDE ("case_id", "clock", "stopped_at") WHERE "breached_at" IS NOT NULL;

-- Escalations and extensions by period: a few events among millions.
CREATE INDEX "case_event_deadline_idx" ON "case_event" ("type", "occurred_at") INCLUDE ("case_id") WHERE "type" IN ('escalated', 'deadline_extended');

-- Per handler (handlers table): a handler's cases with the scope's columns, so that the breaches of
-- their cases are joined from the index, not from thousands of wide rows per handler.
CREATE INDEX "case_assignee_id_scope_idx" ON "case" ("assignee_id") INCLUDE ("id", "entity_id", "service_id", "case_type", "office_id");
