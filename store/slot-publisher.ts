import type { PrismaClient } from '../platform/prisma.js';
import { publicationCounts, publishSlots, type PublicationResult } from './slot-publication.js';

/*
 * The rolling publication: every office that publishes slots keeps its horizon filled as days
 * pass, and follows calendar changes (a holiday confirmed, Ramadan hours set) within hours. Each
 * API instance runs it; publications of one office take turns under a lock and find each other's
 * work done, so any number of instances may.
 */

export const SLOT_PUBLICATION_INTERVAL_MS = 6 * 60 * 60 * 1000;

interface PublisherLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Publishes the default horizon of every office with templates, exceptions or slots still to come; one office failing does not stop the others. */
export async function publishAllOffices(prisma: PrismaClient, log: PublisherLog, now: Date = new Date()): Promise<PublicationResult[]> {
  const offices = await prisma.office.findMany({
    where: { OR: [{ slotTemplates: { some: {} } }, { slotExceptions: { some: {} } }, { slots: { some: { startsAt: { gt: now }, open: true } } }] },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const results: PublicationResult[] = [];
  for (const office of offices) {
    try {
      const result = await publishSlots(prisma, { officeId: office.id, now });
      results.push(result);
      if (result.created || result.updated || result.closed.length || result.removed) log.info(publicationCounts(result), 'slots published');
    } catch (err) {
      log.error({ err, officeId: office.id }, 'slot publication failed');
    }
  }
  return results;
}

export interface SlotPublisher {
  stop(): Promise<void>;
}

/** Publishes at once, then every `intervalMs`; stop() waits for a run in progress. */
export function startSlotPublisher(deps: { prisma: PrismaClient; log: PublisherLog; intervalMs?: number }): SlotPublisher {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = running.then(() => publishAllOffices(deps.prisma, deps.log)).catch((err: unknown) => deps.log.error({ err }, 'slot publication failed'));
  };
  run();
  const timer = setInterval(run, deps.intervalMs ?? SLOT_PUBLICATION_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
