import { log, proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../activities/index.js';
import type { CalendarChangeNotice, SignalledPage } from '../activities/signal-affected-cases.js';

export interface CalendarPropagationInput extends CalendarChangeNotice {
  /**
   * The PostgreSQL transaction (pg_current_xact_id) that made the change, which starts this
   * workflow before it commits; null when the request changed nothing and the calendar already
   * is what the cases are told.
   */
  changeTransaction: string | null;
}

export interface CalendarPropagationResult {
  signalled: number;
  skippedFinished: number;
}

// No maximumAttempts: a case must never be left untold, so a failing signal is retried until the engine takes it.
const RETRY = { initialInterval: '200 milliseconds', maximumInterval: '1 minute' };

const { calendarChangeCommitted } = proxyActivities<CaseActivities>({ startToCloseTimeout: '1 minute', retry: RETRY });

const { signalAffectedCases } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 minutes',
  // A worker that dies mid-page is noticed within this, and the retry resumes from the last heartbeat.
  heartbeatTimeout: '30 seconds',
  retry: RETRY,
});

/**
 * Tells every running case a holiday change may concern to reload its calendar and recompute its
 * due date, page after page, once the change has committed. Durable: it outlives the API request
 * that started it, and a worker crash only delays it.
 */
export async function calendarPropagation(input: CalendarPropagationInput): Promise<CalendarPropagationResult> {
  const total: CalendarPropagationResult = { signalled: 0, skippedFinished: 0 };
  if (input.changeTransaction !== null && !(await calendarChangeCommitted({ transaction: input.changeTransaction }))) {
    log.info('the calendar change was rolled back: no case to tell');
    return total;
  }
  const notice: CalendarChangeNotice = { entityId: input.entityId, dates: input.dates, reason: input.reason };
  let afterCaseId: string | null = null;
  do {
    const page: SignalledPage = await signalAffectedCases({ ...notice, ...(afterCaseId === null ? {} : { afterCaseId }) });
    total.signalled += page.signalled;
    total.skippedFinished += page.skippedFinished;
    afterCaseId = page.nextAfterCaseId;
  } while (afterCaseId !== null);
  log.info('calendar change propagated', { entityId: input.entityId, dates: input.dates, ...total });
  return total;
}
