import { recordOutcome } from '../store/case-outcome.js';
import type { CaseProjection } from '../domain/cases/case-event.js';
import type { ActivityDeps } from './deps.js';
import { CASE_RECORDING_LOCK, OUTBOX_ORDER_LOCK, projectionColumns, retractEventsFrom } from '../store/case-events.js';

export interface DurableCaseState {
  caseId: string;
  /** the last seq the workflow has durably recorded */
  lastSeq: number;
  projection: CaseProjection;
}

/**
 * A workflow that recorded with an earlier version (inside its workflow task) and now runs again
 * brings the read model back to what it durably holds: events past its last seq never happened.
 */
export function makeReconcileReadModel({ prisma, log }: ActivityDeps) {
  return async function reconcileReadModel(state: DurableCaseState): Promise<{ retracted: number }> {
    const retracted = await prisma.$transaction(async (tx) => {
      // The locks in the order recordings take them (the case's, then the outbox's): never a cycle.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CASE_RECORDING_LOCK}, hashtext(${state.caseId}))`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OUTBOX_ORDER_LOCK})`;
      const count = await retractEventsFrom(tx, state.caseId, state.lastSeq + 1, 'never made durable by the workflow');
      if (count === 0) return 0;
      await tx.case.update({ where: { id: state.caseId }, data: { ...projectionColumns(state.projection), lastSeq: state.lastSeq } });
      await recordOutcome(tx, state.caseId);
      return count;
    });
    if (retracted > 0) log.warn({ caseId: state.caseId, lastSeq: state.lastSeq, retracted }, 'read model reconciled with its workflow');
    return { retracted };
  };
}
