-- "At risk" (issue 9's live counters and backlog) stored on the clock: when the clock's last
-- warning (the final fraction of its service's warnAt) was raised, written by the recording
-- transaction of that sla_warning event. Reading it from every open case's events cost most of the
-- backlog and live reads on a million cases.
ALTER TABLE "case_clock" ADD COLUMN "last_warning_at" TIMESTAMPTZ(3);

-- Clocks warned before this migration, from their events. A warning event names its clock, or none
-- for its case type's main clock (the case types of this version).
UPDATE "case_clock" cc SET "last_warning_at" = w.at
FROM (
  SELECT e.case_id, coalesce(e.payload->>'clock', m.clock) AS clock, min(e.occurred_at) AS at
  FROM "case_event" e
    JOIN "case" c ON c.id = e.case_id
    JOIN "service" s ON s.id = c.service_id
    JOIN (VALUES ('document_request', 'decision'), ('information_request', 'answer'), ('information_complaint', 'complaint_answer'),
                 ('complaint', 'answer'), ('appointment', 'confirmation'), ('legal_consultation', 'answer')) AS m(case_type, clock) ON m.case_type = c.case_type
  WHERE e.type = 'sla_warning'
    AND (e.payload->>'fraction')::float8 >= (s.clocks->coalesce(e.payload->>'clock', m.clock)->'warnAt'->>-1)::float8
  GROUP BY 1, 2
) w
WHERE cc.case_id = w.case_id AND cc.clock = w.clock;

-- Running clocks (a small share of all), with what "breached now" and "at risk" read, for the open cases' probes.
CREATE INDEX "case_clock_running_idx" ON "case_clock" ("case_id") INCLUDE ("clock", "state", "breached_at", "last_warning_at") WHERE "stopped_at" IS NULL;
