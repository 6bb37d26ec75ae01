import { Prisma } from '../../prisma/generated/client.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { limiter } from './limiter.js';

/** What the statistics read through: one transaction of the client. */
export type StatsDb = Prisma.TransactionClient;

/**
 * Statistics reads of the whole process, every request together, at most this many at a time: the
 * pool holds 10 connections (pg's default) and the recording path must always find one free.
 */
const STATS_CONNECTIONS = 3;
const inTurn = limiter(STATS_CONNECTIONS);

/**
 * Memory for a statistics read's sorts: the appointments' median wait sorts a year's bookings (79,662
 * on a million cases), the backlog its open cases; PostgreSQL's default 4 MB spilled such sorts to
 * disk. At most STATS_CONNECTIONS reads at once hold it.
 */
export const STATS_WORK_MEM = '64MB';

/**
 * One statistics read in a transaction of its own with PostgreSQL's JIT compilation off and
 * STATS_WORK_MEM for its sorts. These plans aggregate hundreds of thousands of rows once: compiling
 * them cost 1–1.8 s a plan on half a million cases, more than running them. Set for the
 * transaction only (the recording path keeps the server's defaults), and only where the server
 * knows the parameters, so a server without them reads as before. Repeatable read: a figure read in
 * two passes (the processing times' percentiles) sees the same cases in both.
 */
export async function statisticsRead<T>(prisma: PrismaClient, read: (db: StatsDb) => Promise<T>): Promise<T> {
  return inTurn(() =>
    prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT set_config(name, CASE name WHEN 'jit' THEN 'off' ELSE ${STATS_WORK_MEM} END, true) FROM pg_settings WHERE name IN ('jit', 'work_mem')`;
        return read(tx);
      },
      // Prisma's defaults (2 s to get a connection, 5 s in all) would cut a long read on a loaded server short.
      { maxWait: 30_000, timeout: 120_000, isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
    ),
  );
}
