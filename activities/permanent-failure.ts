import { ApplicationFailure } from '@temporalio/common';
import { Prisma } from '../prisma/generated/client.js';
import { RECORD_REJECTED } from '../domain/cases/case-event.js';
import { SeatLost } from '../store/slot-seats.js';

/** Prisma's codes for a value or constraint the database refuses whatever the retry. */
const REFUSED_BY_PRISMA = new Set(['P2000', 'P2002', 'P2003', 'P2004', 'P2005', 'P2006', 'P2007', 'P2011', 'P2012', 'P2019', 'P2020', 'P2023']);

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation): the data is wrong, not the connection. */
function refusedByPostgres(err: Prisma.PrismaClientKnownRequestError): boolean {
  const cause = (err.meta as { driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined)?.driverAdapterError?.cause;
  const code = typeof cause?.originalCode === 'string' ? cause.originalCode : '';
  return code.startsWith('22') || code.startsWith('23');
}

/**
 * A write that can never succeed (invalid text, a broken constraint) becomes a non-retryable
 * failure, so the workflow deals with it at once instead of retrying every 10 s forever; anything
 * else (an outage, a timeout) is returned unchanged and retried.
 */
export function asPermanentFailure(err: unknown): unknown {
  if (err instanceof SeatLost) return ApplicationFailure.create({ type: RECORD_REJECTED, message: err.message, nonRetryable: true });
  const permanent =
    err instanceof Prisma.PrismaClientValidationError ||
    (err instanceof Prisma.PrismaClientKnownRequestError && (REFUSED_BY_PRISMA.has(err.code) || refusedByPostgres(err)));
  if (!permanent) return err;
  const reason = err instanceof Prisma.PrismaClientKnownRequestError ? `the database refused the data (${err.code})` : 'the data is malformed';
  return ApplicationFailure.create({ type: RECORD_REJECTED, message: reason, nonRetryable: true });
}
