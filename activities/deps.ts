import type { Logger } from 'pino';
import type { PrismaClient } from '../scripts/runtime/prisma.js';

export interface ActivityDeps {
  prisma: PrismaClient;
  log: Logger;
}
