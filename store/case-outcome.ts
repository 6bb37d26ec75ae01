import { Prisma } from '../prisma/generated/client.js';
import { CASE_DEFINITIONS } from '../domain/cases/machines.js';

type Tx = Prisma.TransactionClient;

/** (case type, status) → outcome, for every terminal status every definition declares. */
const OUTCOME_OF = Object.entries(CASE_DEFINITIONS).flatMap(([caseType, definition]) =>
  Object.entries(definition.statuses).flatMap(([status, labels]) => (labels.outcome ? [{ caseType, status, outcome: labels.outcome }] : [])),
);

/**
 * Sets the case's outcome from its status by its type's definition (null while it runs), in the
 * transaction that wrote the status: statistics count finished cases by how they ended.
 */
export async function recordOutcome(tx: Tx, caseId: string): Promise<void> {
  const cases = OUTCOME_OF.map((o) => Prisma.sql`WHEN case_type = ${o.caseType} AND status = ${o.status} THEN ${o.outcome}`);
  await tx.$executeRaw`UPDATE "case" SET outcome = CASE ${Prisma.join(cases, ' ')} ELSE NULL END WHERE id = ${caseId}::uuid`;
}
