import { addDays, localDayStartMs, periodsOf } from '../../domain/stats/periods.js';
import {
  booksAppointments,
  caseTypesOfService,
  countsComplaints,
  periodDates,
  type PublicEntity,
  type PublicFigures,
  type PublicPeriod,
  type PublicService,
  type PublicStatsItem,
} from '../../domain/stats/public.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';
import type { PrismaClient } from '../../platform/prisma.js';
import type { StatsScope } from './scope.js';
import { readStatsTable, type StatsQuery } from './statistics.js';
import { complaintsByMonth } from './volume.js';

/** Who the public figures are of: an entity as a whole, or one of its services. */
export interface PublicScope {
  entityId: string;
  entity: PublicEntity;
  service: PublicService | null;
}

/**
 * One entity's or service's public figures, read through the managers' statistics (same tables,
 * same definitions, same suppression) and narrowed to what is published.
 */
async function figuresOf(prisma: PrismaClient, target: PublicScope, period: PublicPeriod, minSample: number, today: string): Promise<PublicFigures> {
  const dates = periodDates(period);
  const scope: StatsScope = { entityId: target.entityId, serviceId: target.service?.id ?? null, caseType: null, officeId: null };
  const query: StatsQuery = {
    filters: { ...dates, groupBy: 'month', entity: target.entity.code, serviceId: scope.serviceId, caseType: null, officeId: null },
    scope,
    minSample,
    today,
  };
  // An entity may hold every kind of case; a service only its own type and the one it opens.
  const caseTypes = target.service ? caseTypesOfService(target.service.caseType) : null;
  const volume = await readStatsTable(prisma, query, 'volume');
  const compliance = await readStatsTable(prisma, query, 'compliance');
  const processing = await readStatsTable(prisma, query, 'processing_times');
  const appointments = !caseTypes || booksAppointments(caseTypes) ? (await readStatsTable(prisma, query, 'appointments'))[0]! : null;
  let complaints: PublicFigures['complaints'] = null;
  if (!caseTypes || countsComplaints(caseTypes)) {
    // The managers' monthly complaints, over the public period's months rather than the twelve before `to`.
    const months = periodsOf(dates.from, dates.to, 'month');
    const zone = moroccoLegalTime();
    const bounds = [...months.map((m) => localDayStartMs(m.start, zone)), localDayStartMs(addDays(dates.to, 1), zone)];
    const counts = await complaintsByMonth(prisma, scope, bounds);
    complaints = months.map((m, i) => ({ month: m.label, submitted: counts[i]! }));
  }
  return {
    volume: volume.map((v) => ({ month: v.period, submitted: v.submitted, finished: v.finished })),
    deadlines: compliance.map((c) => ({ caseType: c.caseType, clock: c.clock, finished: c.finished, withinLegalShare: c.withinLegalShare })),
    processingTimes: processing.map((p) => ({ caseType: p.caseType, finished: p.finished, medianWorkingDays: p.p50WorkingDays })),
    appointments: appointments && { booked: appointments.booked, concluded: appointments.attended + appointments.noShow, noShowRate: appointments.noShowRate },
    complaints,
  };
}

const namesOf = (row: { name: string; nameAr: string | null; nameEn?: string }) => ({ fr: row.name, ar: row.nameAr || row.name, en: row.nameEn || row.name });

/**
 * The public statistics: without an entity, every entity as a whole, side by side; with one, the
 * entity as a whole then each of its services; with a service, that service alone.
 * Returns null when the entity or service named does not exist.
 */
export async function readPublicStatistics(
  prisma: PrismaClient,
  filters: { entityCode: string | null; serviceId: string | null },
  period: PublicPeriod,
  minSample: number,
  today: string,
): Promise<PublicStatsItem[]> {
  const entities = await prisma.entity.findMany({
    where: filters.entityCode ? { code: filters.entityCode } : {},
    select: { id: true, code: true, name: true, nameAr: true },
    orderBy: { code: 'asc' },
  });
  const targets: PublicScope[] = [];
  for (const e of entities) {
    const entity = { code: e.code, names: namesOf(e) };
    if (filters.serviceId === null) targets.push({ entityId: e.id, entity, service: null });
    if (filters.entityCode === null && filters.serviceId === null) continue;
    const services = await prisma.service.findMany({
      where: { entityId: e.id, ...(filters.serviceId ? { id: filters.serviceId } : {}) },
      select: { id: true, code: true, caseType: true, name: true, nameAr: true, nameEn: true },
      orderBy: { code: 'asc' },
    });
    for (const s of services) targets.push({ entityId: e.id, entity, service: { id: s.id, code: s.code, caseType: s.caseType, names: namesOf(s) } });
  }
  // One scope after the other, as the managers' statistics do: a public request must not take the whole pool.
  const items: PublicStatsItem[] = [];
  for (const target of targets) items.push({ entity: target.entity, service: target.service, figures: await figuresOf(prisma, target, period, minSample, today) });
  return items;
}
