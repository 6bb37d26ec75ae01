import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { PrismaClient } from '../platform/prisma.js';

export interface ActivityDeps {
  prisma: PrismaClient;
  log: Logger;
}

/** What the worker hands its activities: those that message other workflows need the Temporal client as well. */
export interface WorkerActivityDeps extends ActivityDeps {
  temporal: Client;
  /** where video appointments get their rooms */
  videoBaseUrl: string;
}
