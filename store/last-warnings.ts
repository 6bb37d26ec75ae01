import { CASE_DEFINITIONS } from '../domain/cases/machines.js';
import { Prisma } from '../prisma/generated/client.js';

/*
 * case_clock.last_warning_at: when the clock's last warning (the final fraction of its service's
 * `warnAt`) was raised, so that "at risk" is read from the running clocks alone instead of from
 * every open case's sla_warning events. A warning event names its clock, or none for its case
 * type's main clock.
 */

type Tx = Prisma.TransactionClient;

const MAIN_CLOCKS = Object.entries(CASE_DEFINITIONS).map(([caseType, definition]) => Prisma.sql`(${caseType}, ${definition.clocks[0]!.name})`);

/** The clock an sla_warning event `e` of case `c` is about. */
const warnedClock = Prisma.sql`coalesce(e.payload->>'clock', (SELECT m.clock FROM (VALUES ${Prisma.join(MAIN_CLOCKS)}) AS m(case_type, clock) WHERE m.case_type = c.case_type))`;

/**
 * Sets last_warning_at of the clocks of the cases `c` matching `where` from their sla_warning
 * events (the first that reached the service's last fraction), clearing it where none did:
 * after a retraction, and once over everything the volume generator wrote.
 */
export function lastWarningsFromEvents(where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    UPDATE case_clock cc SET last_warning_at = w.at
    FROM (
      SELECT k.case_id, k.clock, min(e.occurred_at) AS at
      FROM case_clock k JOIN "case" c ON c.id = k.case_id JOIN service s ON s.id = c.service_id
        LEFT JOIN case_event e ON e.case_id = c.id AND e.type = 'sla_warning' AND ${warnedClock} = k.clock
          AND (e.payload->>'fraction')::float8 >= (s.clocks->k.clock->'warnAt'->>-1)::float8
      WHERE ${where}
      GROUP BY 1, 2
    ) w
    WHERE cc.case_id = w.case_id AND cc.clock = w.clock AND cc.last_warning_at IS DISTINCT FROM w.at`;
}

/** In the recording transaction of an sla_warning event: marks its clock once the warning is the service's last. */
export async function recordLastWarning(tx: Tx, caseId: string, payload: Record<string, unknown>, occurredAt: string): Promise<void> {
  const fraction = Number(payload.fraction);
  if (!Number.isFinite(fraction)) return;
  const named = typeof payload.clock === 'string' ? payload.clock : null;
  await tx.$executeRaw`
    UPDATE case_clock cc SET last_warning_at = ${new Date(occurredAt)}
    FROM "case" c JOIN service s ON s.id = c.service_id
    WHERE c.id = ${caseId}::uuid AND cc.case_id = c.id AND cc.last_warning_at IS NULL
      AND cc.clock = coalesce(${named}::text, (SELECT m.clock FROM (VALUES ${Prisma.join(MAIN_CLOCKS)}) AS m(case_type, clock) WHERE m.case_type = c.case_type))
      AND ${fraction}::float8 >= (s.clocks->cc.clock->'warnAt'->>-1)::float8`;
}
