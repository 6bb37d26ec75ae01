import { randomUUID } from 'node:crypto';
import { isGrpcDeadlineError, isGrpcServiceError, ServiceError, WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { FastifyBaseLogger } from 'fastify';
import type { IsoDate } from '../../domain/calendar/types.js';
import { CASE_TASK_QUEUE } from '../../domain/cases/case-type.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { PrismaClient } from '../../platform/prisma.js';
import type { CalendarPropagationInput, calendarPropagation } from '../../workflows/calendar-propagation.js';
import { DependencyUnavailable } from '../errors.js';
import type { CalendarChangeResult } from './holiday-admin.js';

/*
 * Running cases learn of a holiday change from the `calendarPropagation` workflow
 * (workflows/calendar-propagation.ts), which signals them page by page and retries until each is
 * told. The API starts it INSIDE the change's transaction, just before the commit:
 *  - started after the commit, a change would stay untold whenever the engine was unreachable or
 *    the API died between the two, and only someone repeating the request could repair that;
 *  - started before, an unreachable engine rolls the change back (503: nothing changed, try again),
 *    and once the change is committed its propagation already exists in Temporal, whatever happens
 *    to this process;
 *  - the workflow first waits for that transaction to end (calendarChangeCommitted) and tells no one
 *    if it rolled back, so no case ever reloads a calendar the change is not yet, or never, part of.
 * The price: the transaction, and the calendar write lock with it, stays open for one round trip
 * to Temporal, bounded by START_DEADLINE_MS. Calendar changes are rare administrator actions.
 */

/** How long the propagation's start may take before the change is abandoned as "engine unreachable". */
const START_DEADLINE_MS = 5_000;
/** The change's transaction: waiting for the calendar lock, the change itself, and the start. */
const CHANGE_TRANSACTION_TIMEOUT_MS = 15_000;
const PROPAGATION_WORKFLOW = 'calendarPropagation';

export interface CalendarChangeRequest {
  entityId: string | null;
  /** the days the administrator decided about: re-told when the request changes nothing */
  requestedDates: IsoDate[];
}

export interface PropagatedChange {
  result: CalendarChangeResult;
  propagation: WorkflowHandle<typeof calendarPropagation>;
}

export interface PropagationReport {
  workflowId: string;
  /** running: not finished within the wait; it goes on without the request */
  status: 'completed' | 'running' | 'failed';
  /** cases told to recompute, once completed */
  signalled: number | null;
  /** selected cases that had finished meanwhile, once completed */
  skippedFinished: number | null;
}

async function currentTransaction(tx: Prisma.TransactionClient): Promise<string> {
  const [row] = await tx.$queryRaw<{ xid: string }[]>`SELECT pg_current_xact_id()::text AS xid`;
  return row!.xid;
}

/**
 * Makes a calendar change (`change` runs in the transaction) and starts its propagation before
 * the commit (see above). A request that changed nothing still propagates, for the days it named:
 * repeating a request whose answer was lost tells again every case it concerns, and a case that
 * already has that calendar records nothing.
 */
export async function changeCalendar(
  deps: { prisma: PrismaClient; temporal: Client; taskQueue?: string | undefined },
  request: CalendarChangeRequest,
  change: (tx: Prisma.TransactionClient) => Promise<CalendarChangeResult>,
): Promise<PropagatedChange> {
  return deps.prisma.$transaction(
    async (tx) => {
      const result = await change(tx);
      const changed = result.changedDates.length > 0;
      const input: CalendarPropagationInput = {
        entityId: request.entityId,
        dates: changed ? result.changedDates : [...request.requestedDates].sort(),
        reason: result.change.reason,
        changeTransaction: changed ? await currentTransaction(tx) : null,
      };
      const propagation = await startPropagation(deps, input);
      return { result, propagation };
    },
    { timeout: CHANGE_TRANSACTION_TIMEOUT_MS },
  );
}

async function startPropagation(deps: { temporal: Client; taskQueue?: string | undefined }, input: CalendarPropagationInput) {
  try {
    return await deps.temporal.withDeadline(Date.now() + START_DEADLINE_MS, () =>
      deps.temporal.workflow.start<typeof calendarPropagation>(PROPAGATION_WORKFLOW, {
        workflowId: `calendar-change-${randomUUID()}`,
        taskQueue: deps.taskQueue ?? CASE_TASK_QUEUE,
        args: [input],
      }),
    );
  } catch (err) {
    if (err instanceof ServiceError || isGrpcServiceError(err)) {
      throw new DependencyUnavailable(
        'the case engine is unreachable, so running cases could not be told of this change: the calendar was left unchanged; try again shortly',
      );
    }
    throw err;
  }
}

/**
 * Waits up to `waitMs` for the propagation to finish. A propagation that takes longer (or whose
 * result the engine cannot give now) carries on by itself: the answer then says it is running.
 */
export async function awaitPropagation(
  temporal: Client,
  handle: PropagatedChange['propagation'],
  waitMs: number,
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>,
): Promise<PropagationReport> {
  const pending = { workflowId: handle.workflowId, signalled: null, skippedFinished: null };
  try {
    const result = await temporal.withDeadline(Date.now() + waitMs, () => handle.result());
    return { workflowId: handle.workflowId, status: 'completed', ...result };
  } catch (err) {
    if (err instanceof WorkflowFailedError) {
      // Only an operator terminating or cancelling it gets here: its activities retry without limit.
      log.error({ workflowId: handle.workflowId, err: err.message }, 'calendar propagation did not complete');
      return { ...pending, status: 'failed' };
    }
    if (!isGrpcDeadlineError(err)) log.warn({ workflowId: handle.workflowId, err: (err as Error).message }, 'calendar propagation result unavailable');
    return { ...pending, status: 'running' };
  }
}
