-- Read-model columns the statistics read (issue 9). Each is written by the flow that knows it:
-- the recording transaction when a case reaches a terminal status, the booking transaction, and
-- the recording of a clock's start. Rows older than this migration keep null.

-- Working days of the entity's calendar from submission to close, counted as SLA budgets are counted.
ALTER TABLE "case" ADD COLUMN "working_days_to_close" INTEGER;

-- Appointments: the start of the earliest slot with a free seat for that office and service when the seat was booked.
ALTER TABLE "case" ADD COLUMN "first_free_slot_at" TIMESTAMPTZ(3);

-- When the service's internal target (shorter than the legal budget) for this clock falls due; null without one.
ALTER TABLE "case_clock" ADD COLUMN "target_due_at" TIMESTAMPTZ(3);
