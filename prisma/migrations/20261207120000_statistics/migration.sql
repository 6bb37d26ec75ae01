-- What the statistics read without recomputing a calendar per case: working days from submission
-- to close (written when a case ends), an appointment's first free slot at booking, and the due
-- instant of a clock's internal target where its service sets one.
ALTER TABLE "case" ADD COLUMN "working_days_to_close" INTEGER;
ALTER TABLE "case" ADD COLUMN "first_free_slot_at" TIMESTAMPTZ(3);
ALTER TABLE "case_clock" ADD COLUMN "target_due_at" TIMESTAMPTZ(3);
