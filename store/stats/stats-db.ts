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
 * What a statistics read's transaction sets, where the server knows the setting (so a server without
 * one reads as before), for the transaction only (the recording path keeps the server's defaults):
 * - jit off: these plans aggregate many rows once; compiling them cost 1–1.8 s a plan on half a
 *   million cases, more than running them;
 * - work_mem 64 MB: the appointments' median wait sorts a year's bookings (79,662 on a million
 *   cases), the backlog its open cases; the default 4 MB spilled such sorts to disk (at most
 *   STATS_CONNECTIONS reads at once hold it);
 * - random_page_cost 1.1 (the default 4 prices a disk that seeks): a year of one rollup figure is
 *   scattered over the rollup's pages, and at 4 the planner read the whole table rather than them
 *   (68 against 22 ms on a million cases).
 */
export const STATS_SETTINGS: Readonly<Record<string, string>> = { jit: 'off', work_mem: '64MB', random_page_cost: '1.1' };

/** Applies STATS_SETTINGS (as JSON, parameter $1) to the current transaction. */
export const APPLY_STATS_SETTINGS = 'SELECT set_config(s.key, s.value, true) FROM jsonb_each_text($1::jsonb) s JOIN pg_settings p ON p.name = s.key';

/**
 * One statistics read in a transaction of its own with STATS_SETTINGS. Repeatable read: a figure
 * read in two passes (the processing times' percentiles) sees the same cases in both.
 */
export async function statisticsRead<T>(prisma: PrismaClient, read: (db: StatsDb) => Promise<T>): Promise<T> {
  return inTurn(() =>
    prisma.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe(APPLY_STATS_SETTINGS, JSON.stringify(STATS_SETTINGS));
        return read(tx);
      },
      // Prisma's defaults (2 s to get a connection, 5 s in all) would cut a long read on a loaded server short.
      { maxWait: 30_000, timeout: 120_000, isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
    ),
  );
}
