-- The backlog and the live counters probed every open case's running clocks for a breach or a last
-- warning (19,668 probes on a million cases, 40–150 ms); they now join the open cases to the few
-- running clocks that are breached or warned (1,173 there), read from this index alone.
CREATE INDEX "case_clock_flagged_idx" ON "case_clock" ("case_id") INCLUDE ("clock", "state", "breached_at", "last_warning_at")
  WHERE "stopped_at" IS NULL AND ("breached_at" IS NOT NULL OR "last_warning_at" IS NOT NULL);
DROP INDEX "case_clock_running_idx";

-- Every recording that moves a figure updates a rollup row in place: room on its page keeps the
-- update there (HOT), without a new entry in the rollup's index for each.
ALTER TABLE "statistics_rollup" SET (fillfactor = 80);
