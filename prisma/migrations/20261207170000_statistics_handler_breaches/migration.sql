-- The handlers' breaches in the rollup (figure handler_breached: clocks breached, at breached_at,
-- by the case's assignee as the detail): the handlers table counted them by reading every case of
-- each handler finishing in the period (333,620 index entries for one entity's year), 135 ms of its 250.

-- A breached clock's count for its case's assignee.
CREATE FUNCTION statistics_clock_handler(k case_clock, c "case", sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF k.breached_at IS NOT NULL AND c.assignee_id IS NOT NULL THEN
    PERFORM statistics_add('handler_breached', k.breached_at, c, c.assignee_id::text, sign, 0, 0, 0);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION statistics_clock(k case_clock, c "case", sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
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
  PERFORM statistics_clock_handler(k, c, sign);
END $$;

-- As before, and a reassignment moves the case's breaches to its new assignee (and nothing else).
CREATE OR REPLACE FUNCTION statistics_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k case_clock;
  e case_event;
  moved BOOLEAN := TG_OP = 'DELETE';
  reassigned BOOLEAN := false;
  counted BOOLEAN := TG_OP <> 'UPDATE';
BEGIN
  IF TG_OP = 'UPDATE' THEN
    moved := (OLD.entity_id, OLD.service_id, OLD.case_type, OLD.office_id) IS DISTINCT FROM (NEW.entity_id, NEW.service_id, NEW.case_type, NEW.office_id);
    reassigned := OLD.assignee_id IS DISTINCT FROM NEW.assignee_id;
    counted := moved OR (OLD.submitted_at, OLD.closed_at, OLD.outcome) IS DISTINCT FROM (NEW.submitted_at, NEW.closed_at, NEW.outcome);
  END IF;
  IF counted AND TG_OP <> 'INSERT' THEN PERFORM statistics_case(OLD, -1); END IF;
  IF counted AND TG_OP <> 'DELETE' THEN PERFORM statistics_case(NEW, 1); END IF;
  -- The clocks and events count under their case's scope: moved with it (a transfer), or taken back
  -- with it before the cascade deletes them (their own triggers no longer find the case then).
  IF moved THEN
    FOR k IN SELECT * FROM case_clock WHERE case_id = OLD.id LOOP
      PERFORM statistics_clock(k, OLD, -1);
      IF TG_OP = 'UPDATE' THEN PERFORM statistics_clock(k, NEW, 1); END IF;
    END LOOP;
    FOR e IN SELECT * FROM case_event WHERE case_id = OLD.id AND type IN ('escalated', 'deadline_extended') LOOP
      PERFORM statistics_event(e, OLD, -1);
      IF TG_OP = 'UPDATE' THEN PERFORM statistics_event(e, NEW, 1); END IF;
    END LOOP;
  ELSIF reassigned THEN
    FOR k IN SELECT * FROM case_clock WHERE case_id = OLD.id AND breached_at IS NOT NULL LOOP
      PERFORM statistics_clock_handler(k, OLD, -1);
      PERFORM statistics_clock_handler(k, NEW, 1);
    END LOOP;
  END IF;
  -- Before a deletion, the row goes on being deleted; after an insert or an update nothing is read.
  RETURN OLD;
END $$;

DROP TRIGGER "statistics_case_updated" ON "case";
CREATE TRIGGER "statistics_case_updated" AFTER UPDATE ON "case" FOR EACH ROW
  WHEN ((OLD.submitted_at, OLD.closed_at, OLD.outcome, OLD.entity_id, OLD.service_id, OLD.case_type, OLD.office_id, OLD.assignee_id)
    IS DISTINCT FROM (NEW.submitted_at, NEW.closed_at, NEW.outcome, NEW.entity_id, NEW.service_id, NEW.case_type, NEW.office_id, NEW.assignee_id))
  EXECUTE FUNCTION statistics_case_changed();

INSERT INTO statistics_rollup (figure, slot, entity_id, service_id, case_type, office_id, detail, n)
SELECT 'handler_breached', statistics_slot(k.breached_at), c.entity_id, c.service_id, c.case_type, c.office_id, c.assignee_id::text, count(*)
FROM case_clock k JOIN "case" c ON c.id = k.case_id
WHERE k.breached_at IS NOT NULL AND c.assignee_id IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7;

-- Only the handlers' breaches read it (each handler's cases with the scope's columns).
DROP INDEX "case_assignee_id_scope_idx";
