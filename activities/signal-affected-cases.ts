import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { fromEpochDay, toEpochDay } from '../domain/calendar/iso-date.js';
import { moroccoLegalTime } from '../platform/legal-time.js';
import type { IsoDate, LocalizedName } from '../domain/calendar/types.js';
import { endOfLocalDayMs } from '../domain/calendar/zoned-time.js';
import type { PrismaClient } from '../platform/prisma.js';
import { calendarChangedSignal } from '../workflows/messages.js';
import type { WorkerActivityDeps } from './deps.js';

/** What the running cases are told when a holiday is confirmed, moved, added or removed. */
export interface CalendarChangeNotice {
  /** null: a national change, which concerns every entity */
  entityId: string | null;
  /** the days whose status changed, ascending */
  dates: IsoDate[];
  /** why, as the citizen will read it */
  reason: LocalizedName;
}

export interface SignalAffectedCasesInput extends CalendarChangeNotice {
  /** continue after this case id (the previous page's last); absent: from the first case */
  afterCaseId?: string;
}

export interface SignalledPage {
  signalled: number;
  /** selected cases whose workflow had already finished: nothing left to tell them */
  skippedFinished: number;
  /** where the next page starts; null: this was the last page */
  nextAfterCaseId: string | null;
}

/** Recorded with each heartbeat: every selected case up to `afterCaseId` has been told. */
interface PageProgress {
  afterCaseId: string | null;
  signalled: number;
  skippedFinished: number;
}

/** Cases per activity call: bounds one attempt's work, and the workflow's history grows by one activity per page. */
const PAGE_SIZE = 500;
/** Signals in flight at once: enough to notify thousands of cases in seconds without flooding the Temporal frontend. */
const SIGNAL_CONCURRENCY = 16;

/**
 * The running cases a change may concern, in id order after `afterCaseId`: cases of the entity
 * (every entity for a national change) submitted before the end of the last changed day, whose
 * due date is on or after the first changed day, or whose clock is paused (the due date is yet to
 * be computed). A case that closes meanwhile is still selected and then skipped when signalled.
 */
async function affectedCases(prisma: PrismaClient, change: CalendarChangeNotice, afterCaseId: string | null, take: number) {
  const first = change.dates[0]!;
  const last = change.dates[change.dates.length - 1]!;
  const firstDayStarts = new Date(endOfLocalDayMs(fromEpochDay(toEpochDay(first) - 1), moroccoLegalTime()) + 1);
  const lastDayEnds = new Date(endOfLocalDayMs(last, moroccoLegalTime()));
  return prisma.case.findMany({
    where: {
      closedAt: null,
      ...(change.entityId === null ? {} : { entityId: change.entityId }),
      submittedAt: { lte: lastDayEnds },
      OR: [{ dueAt: { gte: firstDayStarts } }, { slaState: 'paused' }],
      ...(afterCaseId === null ? {} : { id: { gt: afterCaseId } }),
    },
    select: { id: true, workflowId: true },
    orderBy: { id: 'asc' },
    take,
  });
}

/**
 * Whether the calendar change made by PostgreSQL transaction `transaction` committed. The admin
 * API starts the propagation from inside that transaction, so this waits for it to end first:
 * the change bumped the calendar_revision row, and a share lock on that row is granted only once
 * the transaction holding its update has committed or rolled back.
 */
export function makeCalendarChangeCommitted({ prisma }: WorkerActivityDeps) {
  return async function calendarChangeCommitted(input: { transaction: string }): Promise<boolean> {
    await prisma.$queryRaw`SELECT 1 FROM calendar_revision WHERE id = 1 FOR SHARE`;
    const [row] = await prisma.$queryRaw<{ status: string | null }[]>`SELECT pg_xact_status(${input.transaction}::xid8) AS status`;
    const status = row?.status ?? null;
    if (status === 'in progress') {
      // The share lock was granted before the change reached its revision update: the retry policy waits for it to end.
      throw ApplicationFailure.create({ type: 'CalendarChangeInProgress', message: `transaction ${input.transaction} is still running` });
    }
    // null: too old for PostgreSQL to remember its outcome, so long finished; telling the cases again is harmless.
    return status !== 'aborted';
  };
}

/**
 * Tells one page of the affected running cases to reload their calendar (calendarChangedSignal).
 * A batch of signals at a time, then a heartbeat naming the last case of the batch: every case up
 * to it has been told, so a retried attempt resumes from there (Context.info.heartbeatDetails)
 * instead of starting the page again. A case whose workflow has already finished counts as done;
 * any other failure fails the attempt, and the activity's retry policy tries again — no case is
 * left untold. A case signalled twice (attempt died before its heartbeat) reloads the same
 * calendar and records nothing new.
 */
export function makeSignalAffectedCases({ prisma, temporal, log }: Pick<WorkerActivityDeps, 'prisma' | 'temporal' | 'log'>) {
  return async function signalAffectedCases(input: SignalAffectedCasesInput): Promise<SignalledPage> {
    const context = Context.current();
    const resumed = context.info.heartbeatDetails as PageProgress | undefined;
    const progress: PageProgress = resumed ?? { afterCaseId: input.afterCaseId ?? null, signalled: 0, skippedFinished: 0 };
    if (input.dates.length === 0) return { signalled: 0, skippedFinished: 0, nextAfterCaseId: null };

    const take = PAGE_SIZE - progress.signalled - progress.skippedFinished;
    const cases = await affectedCases(prisma, input, progress.afterCaseId, take);
    const change = { dates: input.dates, reason: input.reason };

    const tell = async ({ id, workflowId }: { id: string; workflowId: string }): Promise<'signalled' | 'finished'> => {
      try {
        await temporal.workflow.getHandle(workflowId).signal(calendarChangedSignal, change);
        return 'signalled';
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return 'finished';
        log.warn({ caseId: id, err: (err as Error).message }, 'a case could not be told of a calendar change yet; the attempt will be retried');
        throw err;
      }
    };
    for (let i = 0; i < cases.length; i += SIGNAL_CONCURRENCY) {
      const batch = cases.slice(i, i + SIGNAL_CONCURRENCY);
      for (const outcome of await Promise.all(batch.map(tell))) {
        if (outcome === 'signalled') progress.signalled++;
        else progress.skippedFinished++;
      }
      progress.afterCaseId = batch[batch.length - 1]!.id;
      context.heartbeat(progress);
    }
    const full = cases.length === take;
    return { signalled: progress.signalled, skippedFinished: progress.skippedFinished, nextAfterCaseId: full ? progress.afterCaseId : null };
  };
}
