import { ActivityFailure, ApplicationFailure, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../../activities/index.js';
import type { RecordOutcome } from '../../activities/record-case-event.js';
import type { DurableCaseState } from '../../activities/reconcile-read-model.js';
import { RECORD_REJECTED, type CaseEventRecord } from '../../domain/cases/case-event.js';
import { notices } from '../../domain/cases/notices.js';
import { WORKFLOW_PATCHES } from '../versions.js';

const RETRY = { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' } as const;

/** Only for histories written before WORKFLOW_PATCHES.durableRecording: a local activity commits before its task is durable. */
const legacy = proxyLocalActivities<CaseActivities>({ startToCloseTimeout: '30 seconds', retry: RETRY });

/**
 * Scheduled by a completed workflow task, so they run once the step is durable in Temporal. A
 * recording is one short transaction: a short timeout lets a crashed worker's attempt be taken
 * up again quickly, and a repeated attempt changes nothing.
 */
const durable = proxyActivities<CaseActivities>({ startToCloseTimeout: '10 seconds', retry: RETRY });

function rejectedByDatabase(err: unknown): boolean {
  return err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === RECORD_REJECTED;
}

/**
 * Writes a case's events to the read model, never ahead of the workflow. An event the database
 * can never accept does not wedge the case: it is flagged for staff and the case runs on.
 */
export function createRecorder(trackingCode: string) {
  let wroteAheadOfHistory = false;
  return {
    /** null when the database refused the event for good (the case is then flagged for attention) */
    async record(event: CaseEventRecord): Promise<RecordOutcome | null> {
      if (!patched(WORKFLOW_PATCHES.durableRecording)) {
        wroteAheadOfHistory = true;
        return legacy.recordCaseEvent(event);
      }
      try {
        return await durable.recordCaseEvent(event);
      } catch (err) {
        if (!rejectedByDatabase(err)) throw err;
        await durable.flagCaseForAttention({
          caseId: event.caseId,
          entityId: event.entityId,
          seq: event.seq,
          reason: `the ${event.type} event could not be recorded: ${(err as ActivityFailure).cause?.message ?? 'refused'}`,
          at: event.occurredAt,
          notices: notices.needsAttention(trackingCode),
        });
        return null;
      }
    },

    /**
     * Whether this workflow recorded with the earlier version and now runs on this one: it may have
     * left events in the read model that its history does not hold. Synchronous, so that a replay
     * of an older history issues nothing and awaits nothing here.
     */
    mustReconcile(): boolean {
      return wroteAheadOfHistory && patched(WORKFLOW_PATCHES.durableRecording);
    },

    /** Takes those events back, once. */
    async reconcile(state: DurableCaseState): Promise<void> {
      wroteAheadOfHistory = false;
      await durable.reconcileReadModel(state);
    },
  };
}
