import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { Prisma } from '../prisma/generated/client.js';
import { DependencyUnavailable } from './errors.js';

/**
 * Prisma's codes for a database that cannot be reached or did not answer in time (P2028: a
 * transaction that could not start, or ran out of time, e.g. behind another's lock; rolled back).
 */
const PRISMA_OUTAGE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2037']);
/** What the pg driver adapter says of a lost or refused connection. */
const ADAPTER_OUTAGE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'DatabaseAccessDenied']);
/** Node's and PostgreSQL's own words for the same (SQLSTATE 08: connection exception; 57P0x: server shutting down). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

function causes(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

export function isDatabaseOutage(err: unknown): boolean {
  return causes(err).some((e) => {
    if (e instanceof Prisma.PrismaClientInitializationError) return true;
    if (e instanceof Prisma.PrismaClientKnownRequestError) {
      const kind = (e.meta as { driverAdapterError?: { cause?: { kind?: unknown } } } | undefined)?.driverAdapterError?.cause?.kind;
      return PRISMA_OUTAGE_CODES.has(e.code) || ADAPTER_OUTAGE_KINDS.has(String(kind));
    }
    if (!(e instanceof Error)) return false;
    const code = String((e as { code?: unknown }).code ?? '');
    return SOCKET_CODES.has(code) || code.startsWith('08') || code.startsWith('57P0') || /^Connection terminated/.test(e.message);
  });
}

export function isTemporalOutage(err: unknown): boolean {
  return causes(err).some(
    (e) =>
      e instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
      (isGrpcServiceError(e) && [GRPC_UNAVAILABLE, GRPC_DEADLINE_EXCEEDED, GRPC_CANCELLED].includes(e.code ?? -1)),
  );
}

/**
 * The honest answer when Temporal or PostgreSQL did not answer: a change may have been applied
 * (the engine may have taken it before the answer was lost), and retrying is safe.
 */
export function dependencyUnavailable(method: string, which: 'the database' | 'the case engine'): DependencyUnavailable {
  if (method === 'GET' || method === 'HEAD') return new DependencyUnavailable(`${which} is unreachable right now; nothing was changed, try again shortly`);
  return new DependencyUnavailable(
    `${which} did not answer in time: the request may have been applied. It is safe to retry — a submission with the same Idempotency-Key returns the same case, and a step already taken is refused rather than taken twice`,
  );
}
