-- The statistics' counts per slot of time (issue 9), kept by triggers in the transaction that
-- writes the rows they count (the recorder's, the volume generator's, a retraction's, a deletion's),
-- so that a year of figures is read from thousands of rows instead of a million cases.
--
-- A slot is a UTC day cut in two: its last hour (23:00–24:00 UTC) apart from the rest. A Moroccan
-- local day starts at 23:00 UTC (legal time UTC+1) or 00:00 UTC (UTC+0), so every period of the
-- statistics is a run of whole slots. store/stats/rollup.ts reads them, and refuses a period that
-- would not be one.
CREATE FUNCTION statistics_slot(t TIMESTAMPTZ) RETURNS TIMESTAMPTZ LANGUAGE sql IMMUTABLE AS $$
  SELECT (CASE WHEN extract(hour FROM t AT TIME ZONE 'UTC') = 23 THEN date_trunc('hour', t AT TIME ZONE 'UTC')
               ELSE date_trunc('day', t AT TIME ZONE 'UTC') END) AT TIME ZONE 'UTC'
$$;

-- figure: submitted (cases, at submitted_at), closed (cases, at closed_at; detail: the outcome),
-- clock_stopped (started clocks, at stopped_at; detail: the clock; with within_legal, with_target,
-- within_target), clock_breached (at breached_at; detail: the clock), escalated (events; detail: the
-- level), deadline_extended (events). The scope columns are the case's as it is now.
CREATE TABLE "statistics_rollup" (
    "id" BIGSERIAL NOT NULL,
    "figure" TEXT NOT NULL,
    "slot" TIMESTAMPTZ(3) NOT NULL,
    "entity_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,
    "case_type" TEXT NOT NULL,
    "office_id" UUID,
    "detail" TEXT NOT NULL DEFAULT '',
    "n" INTEGER NOT NULL DEFAULT 0,
    "within_legal" INTEGER NOT NULL DEFAULT 0,
    "with_target" INTEGER NOT NULL DEFAULT 0,
    "within_target" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "statistics_rollup_pkey" PRIMARY KEY ("id")
);
-- NULLS NOT DISTINCT is added by hand (Prisma cannot express it): one row for the cases without an office too.
CREATE UNIQUE INDEX "statistics_rollup_key" ON "statistics_rollup"("figure", "slot", "entity_id", "service_id", "case_type", "office_id", "detail") NULLS NOT DISTINCT;

CREATE FUNCTION statistics_add(p_figure TEXT, p_at TIMESTAMPTZ, c "case", p_detail TEXT, p_n INTEGER, p_within_legal INTEGER, p_with_target INTEGER, p_within_target INTEGER)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO statistics_rollup (figure, slot, entity_id, service_id, case_type, office_id, detail, n, within_legal, with_target, within_target)
  VALUES (p_figure, statistics_slot(p_at), c.entity_id, c.service_id, c.case_type, c.office_id, p_detail, p_n, p_within_legal, p_with_target, p_within_target)
  ON CONFLICT (figure, slot, entity_id, service_id, case_type, office_id, detail) DO UPDATE SET
    n = statistics_rollup.n + EXCLUDED.n, within_legal = statistics_rollup.within_legal + EXCLUDED.within_legal,
    with_target = statistics_rollup.with_target + EXCLUDED.with_target, within_target = statistics_rollup.within_target + EXCLUDED.within_target
$$;

-- What one row counts, added (sign 1) or taken back (-1), under the scope of its case c.
CREATE FUNCTION statistics_case(c "case", sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM statistics_add('submitted', c.submitted_at, c, '', sign, 0, 0, 0);
  IF c.closed_at IS NOT NULL THEN
    PERFORM statistics_add('closed', c.closed_at, c, coalesce(c.outcome, ''), sign, 0, 0, 0);
  END IF;
END $$;

CREATE FUNCTION statistics_clock(k case_clock, c "case", sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF k.stopped_at IS NOT NULL AND k.started_at IS NOT NULL THEN
    PERFORM statistics_add('clock_stopped', k.stopped_at, c, k.clock, sign,
      CASE WHEN k.breached_at IS NULL THEN sign ELSE 0 END,
      CASE WHEN k.target_due_at IS NOT NULL THEN sign ELSE 0 END,
      CASE WHEN k.stopped_at <= k.target_due_at THEN sign ELSE 0 END);
  END IF;
  IF k.breached_at IS NOT NULL THEN
    PERFORM statistics_add('clock_breached', k.breached_at, c, k.clock, sign, 0, 0, 0);
  END IF;
END $$;

CREATE FUNCTION statistics_event(e case_event, c "case", sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF e.type = 'escalated' THEN
    PERFORM statistics_add('escalated', e.occurred_at, c, coalesce(e.payload->>'level', ''), sign, 0, 0, 0);
  ELSIF e.type = 'deadline_extended' THEN
    PERFORM statistics_add('deadline_extended', e.occurred_at, c, '', sign, 0, 0, 0);
  END IF;
END $$;

CREATE FUNCTION statistics_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k case_clock;
  e case_event;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM statistics_case(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM statistics_case(NEW, 1); END IF;
  -- The clocks and events count under their case's scope: moved with it (a transfer), or taken back
  -- with it before the cascade deletes them (their own triggers no longer find the case then).
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' AND (OLD.entity_id, OLD.service_id, OLD.case_type, OLD.office_id) IS DISTINCT FROM (NEW.entity_id, NEW.service_id, NEW.case_type, NEW.office_id) THEN
    FOR k IN SELECT * FROM case_clock WHERE case_id = OLD.id LOOP
      PERFORM statistics_clock(k, OLD, -1);
      IF TG_OP = 'UPDATE' THEN PERFORM statistics_clock(k, NEW, 1); END IF;
    END LOOP;
    FOR e IN SELECT * FROM case_event WHERE case_id = OLD.id AND type IN ('escalated', 'deadline_extended') LOOP
      PERFORM statistics_event(e, OLD, -1);
      IF TG_OP = 'UPDATE' THEN PERFORM statistics_event(e, NEW, 1); END IF;
    END LOOP;
  END IF;
  -- Before a deletion, the row goes on being deleted; after an insert or an update nothing is read.
  RETURN OLD;
END $$;

CREATE FUNCTION statistics_clock_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c "case";
BEGIN
  SELECT * INTO c FROM "case" WHERE id = coalesce(NEW.case_id, OLD.case_id);
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM statistics_clock(OLD, c, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM statistics_clock(NEW, c, 1); END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION statistics_event_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c "case";
BEGIN
  SELECT * INTO c FROM "case" WHERE id = coalesce(NEW.case_id, OLD.case_id);
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF TG_OP = 'DELETE' THEN PERFORM statistics_event(OLD, c, -1); ELSE PERFORM statistics_event(NEW, c, 1); END IF;
  RETURN NULL;
END $$;

-- Only the changes that move a count fire: most recordings (a warning, a step, a due date) do not.
CREATE TRIGGER "statistics_case_inserted" AFTER INSERT ON "case" FOR EACH ROW EXECUTE FUNCTION statistics_case_changed();
CREATE TRIGGER "statistics_case_updated" AFTER UPDATE ON "case" FOR EACH ROW
  WHEN ((OLD.submitted_at, OLD.closed_at, OLD.outcome, OLD.entity_id, OLD.service_id, OLD.case_type, OLD.office_id)
    IS DISTINCT FROM (NEW.submitted_at, NEW.closed_at, NEW.outcome, NEW.entity_id, NEW.service_id, NEW.case_type, NEW.office_id))
  EXECUTE FUNCTION statistics_case_changed();
CREATE TRIGGER "statistics_case_deleted" BEFORE DELETE ON "case" FOR EACH ROW EXECUTE FUNCTION statistics_case_changed();
CREATE TRIGGER "statistics_clock_inserted" AFTER INSERT ON "case_clock" FOR EACH ROW
  WHEN (NEW.stopped_at IS NOT NULL OR NEW.breached_at IS NOT NULL) EXECUTE FUNCTION statistics_clock_changed();
CREATE TRIGGER "statistics_clock_updated" AFTER UPDATE ON "case_clock" FOR EACH ROW
  WHEN ((OLD.case_id, OLD.clock, OLD.started_at, OLD.stopped_at, OLD.breached_at, OLD.target_due_at)
    IS DISTINCT FROM (NEW.case_id, NEW.clock, NEW.started_at, NEW.stopped_at, NEW.breached_at, NEW.target_due_at))
  EXECUTE FUNCTION statistics_clock_changed();
CREATE TRIGGER "statistics_clock_deleted" AFTER DELETE ON "case_clock" FOR EACH ROW
  WHEN (OLD.stopped_at IS NOT NULL OR OLD.breached_at IS NOT NULL) EXECUTE FUNCTION statistics_clock_changed();
CREATE TRIGGER "statistics_event_inserted" AFTER INSERT ON "case_event" FOR EACH ROW
  WHEN (NEW.type IN ('escalated', 'deadline_extended')) EXECUTE FUNCTION statistics_event_changed();
CREATE TRIGGER "statistics_event_deleted" AFTER DELETE ON "case_event" FOR EACH ROW
  WHEN (OLD.type IN ('escalated', 'deadline_extended')) EXECUTE FUNCTION statistics_event_changed();

-- What is already recorded, counted once set-based.
INSERT INTO statistics_rollup (figure, slot, entity_id, service_id, case_type, office_id, detail, n, within_legal, with_target, within_target)
SELECT figure, statistics_slot(at), entity_id, service_id, case_type, office_id, detail, count(*), sum(within_legal), sum(with_target), sum(within_target)
FROM (
  SELECT 'submitted' AS figure, c.submitted_at AS at, c.entity_id, c.service_id, c.case_type, c.office_id, '' AS detail, 0 AS within_legal, 0 AS with_target, 0 AS within_target
  FROM "case" c
  UNION ALL
  SELECT 'closed', c.closed_at, c.entity_id, c.service_id, c.case_type, c.office_id, coalesce(c.outcome, ''), 0, 0, 0
  FROM "case" c WHERE c.closed_at IS NOT NULL
  UNION ALL
  SELECT 'clock_stopped', k.stopped_at, c.entity_id, c.service_id, c.case_type, c.office_id, k.clock,
    (k.breached_at IS NULL)::int, (k.target_due_at IS NOT NULL)::int, coalesce(k.stopped_at <= k.target_due_at, false)::int
  FROM case_clock k JOIN "case" c ON c.id = k.case_id WHERE k.stopped_at IS NOT NULL AND k.started_at IS NOT NULL
  UNION ALL
  SELECT 'clock_breached', k.breached_at, c.entity_id, c.service_id, c.case_type, c.office_id, k.clock, 0, 0, 0
  FROM case_clock k JOIN "case" c ON c.id = k.case_id WHERE k.breached_at IS NOT NULL
  UNION ALL
  SELECT e.type, e.occurred_at, c.entity_id, c.service_id, c.case_type, c.office_id, CASE WHEN e.type = 'escalated' THEN coalesce(e.payload->>'level', '') ELSE '' END, 0, 0, 0
  FROM case_event e JOIN "case" c ON c.id = e.case_id WHERE e.type IN ('escalated', 'deadline_extended')
) AS counted
GROUP BY 1, 2, 3, 4, 5, 6, 7;

-- The appointments' waits, which the rollup cannot hold (a median needs every wait).
CREATE INDEX "case_appointment_wait_idx" ON "case" ("submitted_at") INCLUDE ("entity_id", "service_id", "office_id", "first_free_slot_at")
  WHERE "case_type" = 'appointment' AND "first_free_slot_at" IS NOT NULL;

-- Indexes of 20261207130000_statistics_indexes that only the figures now read from the rollup used.
DROP INDEX "case_submitted_at_idx";
DROP INDEX "case_entity_id_submitted_at_idx";
DROP INDEX "case_clock_stopped_at_idx";
DROP INDEX "case_event_deadline_idx";
