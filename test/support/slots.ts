import { randomUUID } from 'node:crypto';
import { moroccoLegalTime } from '../../platform/legal-time.js';
import { localDateTimeOfMs } from '../../domain/calendar/zoned-time.js';
import type { PrismaClient } from '../../platform/prisma.js';

/** The ministry's office of the seed: where the tests' appointments take place. */
export async function ministryOffice(prisma: PrismaClient): Promise<{ id: string; name: string; address: string }> {
  return prisma.office.findFirstOrThrow({ where: { code: 'MJ-RABAT' } });
}

/**
 * A slot starting `inMs` from now (seconds away, so timers can be watched), written as publication
 * would; local times are Morocco's.
 */
export async function createSlot(prisma: PrismaClient, input: { serviceId: string; officeId: string; inMs: number; seats: number; lengthMs?: number; advisorId?: string }): Promise<string> {
  const startsAt = new Date(Math.ceil((Date.now() + input.inMs) / 1000) * 1000);
  const endsAt = new Date(startsAt.getTime() + (input.lengthMs ?? 30 * 60_000));
  const zone = moroccoLegalTime();
  const local = (d: Date) => localDateTimeOfMs(d.getTime(), zone);
  const id = randomUUID();
  await prisma.slot.create({
    data: {
      id,
      officeId: input.officeId,
      serviceId: input.serviceId,
      advisorId: input.advisorId ?? null,
      localDate: new Date(`${local(startsAt).slice(0, 10)}T00:00:00Z`),
      localStart: local(startsAt).slice(11, 16),
      localEnd: local(endsAt).slice(11, 16),
      startsAt,
      endsAt,
      seats: input.seats,
    },
  });
  return id;
}
