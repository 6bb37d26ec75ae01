import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { BaseLogger } from 'pino';
import { toEpochDay, fromEpochDay } from '../../domain/calendar/iso-date.js';
import type { IsoDate, LocalizedName } from '../../domain/calendar/types.js';
import { endOfLocalDayMs } from '../../domain/calendar/zoned-time.js';
import type { PrismaClient } from '../../scripts/runtime/prisma.js';
import { calendarChangedSignal } from '../../workflows/messages.js';

const MOROCCO = 'Africa/Casablanca';
/** Signals in flight at once: enough to notify thousands of cases in seconds without flooding the Temporal frontend. */
const SIGNAL_CONCURRENCY = 16;
const PAGE_SIZE = 500;

export interface PropagationDeps {
  prisma: PrismaClient;
  temporal: Client;
  log: Pick<BaseLogger, 'info' | 'warn'>;
}

export interface CalendarChangeNotice {
  /** null: a national change, which concerns every entity */
  entityId: string | null;
  /** the days whose status changed, ascending */
  dates: IsoDate[];
  reason: LocalizedName;
}

export interface PropagationResult {
  signalled: number;
  /** cases Temporal could not be asked to recompute (unreachable, …); each is logged */
  failed: number;
}

/*
 * Runs `work` over `items` with at most `limit` calls pending. Hand-written: five lines, and no
 * pooling package is among our dependencies.
 */
async function forEachConcurrently<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Tells every running case the change may concern to reload its calendar and recompute: cases of
 * the entity (every entity for a national change) started before the last changed day, whose due
 * date is on or after the first changed day, or whose clock is paused (its due date is yet to be
 * computed). A case that finished meanwhile is skipped.
 */
export async function propagateCalendarChange(deps: PropagationDeps, change: CalendarChangeNotice): Promise<PropagationResult> {
  const result: PropagationResult = { signalled: 0, failed: 0 };
  if (change.dates.length === 0) return result;
  const first = change.dates[0]!;
  const last = change.dates[change.dates.length - 1]!;
  const firstDayStarts = new Date(endOfLocalDayMs(fromEpochDay(toEpochDay(first) - 1), MOROCCO) + 1);
  const lastDayEnds = new Date(endOfLocalDayMs(last, MOROCCO));
  const signal = { dates: change.dates, reason: change.reason };

  let after: string | undefined;
  for (;;) {
    const page = await deps.prisma.case.findMany({
      where: {
        closedAt: null,
        ...(change.entityId === null ? {} : { entityId: change.entityId }),
        submittedAt: { lte: lastDayEnds },
        OR: [{ dueAt: { gte: firstDayStarts } }, { slaState: 'paused' }],
        ...(after === undefined ? {} : { id: { gt: after } }),
      },
      select: { id: true, workflowId: true },
      orderBy: { id: 'asc' },
      take: PAGE_SIZE,
    });
    await forEachConcurrently(page, SIGNAL_CONCURRENCY, async ({ id, workflowId }) => {
      try {
        await deps.temporal.workflow.getHandle(workflowId).signal(calendarChangedSignal, signal);
        result.signalled++;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return;
        result.failed++;
        deps.log.warn({ caseId: id, err: (err as Error).message }, 'a case could not be told of a calendar change');
      }
    });
    if (page.length < PAGE_SIZE) break;
    after = page[page.length - 1]!.id;
  }
  deps.log.info({ entityId: change.entityId, dates: change.dates, ...result }, 'calendar change propagated');
  return result;
}
