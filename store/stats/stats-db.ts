import type { Prisma } from '../../prisma/generated/client.js';
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
 * One statistics read in a transaction of its own with PostgreSQL's JIT compilation off. These
 * plans aggregate hundreds of thousands of rows once: compiling them cost 1–1.8 s a plan on half a
 * million cases, more than running them. Set for the transaction only (the recording path keeps the
 * server's default), and only where the server knows the parameter, so a server without it (PGlite
 * has it) reads as before.
 */
export async function withoutJit<T>(prisma: PrismaClient, read: (db: StatsDb) => Promise<T>): Promise<T> {
  return inTurn(() =>
    prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT set_config(name, 'off', true) FROM pg_settings WHERE name = 'jit'`;
        return read(tx);
      },
      // Prisma's defaults (2 s to get a connection, 5 s in all) would cut a long read on a loaded server short.
      { maxWait: 30_000, timeout: 120_000 },
    ),
  );
}
