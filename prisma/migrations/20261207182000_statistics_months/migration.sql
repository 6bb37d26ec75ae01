-- Month rows for the processing-time and handler counts (issue 9): a year of them was ~50,000 day
-- rows to read (27–45 ms of the dashboard's 12-month page). A month row counts the UTC month but its
-- last hour, whose day row alone counts it: a Moroccan local month starts at 23:00 UTC (UTC+1) or
-- 00:00 UTC (UTC+0), so a period of local days is whole month rows and whole day slots around and
-- between them (store/stats/rollup.ts). Their figure is the day rows' with '@month' after it.

-- The month row counting instant t: its UTC month's start, or null in the month's last hour.
CREATE FUNCTION statistics_month_slot(t TIMESTAMPTZ) RETURNS TIMESTAMPTZ LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN date_trunc('month', (t + interval '1 hour') AT TIME ZONE 'UTC') = date_trunc('month', t AT TIME ZONE 'UTC')
              THEN date_trunc('month', t AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' END
$$;

-- A count added to (sign 1) or taken from (-1) both the day row and, outside a month's last hour, the month row.
CREATE FUNCTION statistics_add_day_and_month(p_figure TEXT, p_at TIMESTAMPTZ, c "case", p_detail TEXT, p_n INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM statistics_add(p_figure, p_at, c, p_detail, p_n, 0, 0, 0);
  IF statistics_month_slot(p_at) IS NOT NULL THEN
    INSERT INTO statistics_rollup (figure, slot, entity_id, service_id, case_type, office_id, detail, n)
    VALUES (p_figure || '@month', statistics_month_slot(p_at), c.entity_id, c.service_id, c.case_type, c.office_id, p_detail, p_n)
    ON CONFLICT (figure, slot, entity_id, service_id, case_type, office_id, detail) DO UPDATE SET n = statistics_rollup.n + EXCLUDED.n;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION statistics_case_durations(c "case", sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF c.closed_at IS NULL THEN RETURN; END IF;
  IF c.working_days_to_close IS NOT NULL THEN
    PERFORM statistics_add_day_and_month('closed_working_days', c.closed_at, c, c.working_days_to_close::text, sign);
  END IF;
  IF c.assignee_id IS NOT NULL THEN
    PERFORM statistics_add_day_and_month('handler_closed', c.closed_at, c, c.assignee_id::text || ' ' || coalesce(c.working_days_to_close::text, ''), sign);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION statistics_case_closed(c "case", sign INTEGER) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF c.closed_at IS NOT NULL THEN
    PERFORM statistics_add('closed', c.closed_at, c, coalesce(c.outcome, ''), sign, 0, 0, 0);
    PERFORM statistics_add_day_and_month('closed_calendar_days', c.closed_at, c, statistics_calendar_day(c.submitted_at, c.closed_at)::text, sign);
  END IF;
  PERFORM statistics_case_durations(c, sign);
END $$;

INSERT INTO statistics_rollup (figure, slot, entity_id, service_id, case_type, office_id, detail, n)
SELECT figure || '@month', statistics_month_slot(slot), entity_id, service_id, case_type, office_id, detail, sum(n)
FROM statistics_rollup
WHERE figure IN ('closed_calendar_days', 'closed_working_days', 'handler_closed') AND statistics_month_slot(slot) IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6, 7
HAVING sum(n) <> 0;

ANALYZE statistics_rollup;
