import type { Prisma, Tender } from '../../prisma/generated/client.js';
import type { IsoDate } from '../../domain/calendar/types.js';
import { localDateOfMs, localTimeToMs } from '../../domain/calendar/zoned-time.js';
import { foldForSearch } from '../../domain/search-fold.js';
import { statusDeadlineWindow, type TenderDocument, type TenderLot, type TenderStatus } from '../../domain/tenders/tender.js';
import { tenderSearchText, type TenderRecord } from '../../domain/tenders/tender-record.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { dbDateOf } from '../calendar-source.js';
import { likeLiteral } from '../like-pattern.js';

export const TENDER_SORTS = ['-publishedOn', 'publishedOn', 'deadline', '-deadline', 'estimate', '-estimate', 'reference'] as const;
export type TenderSort = (typeof TENDER_SORTS)[number];

export interface TenderQuery {
  q?: string | undefined;
  buyer?: string | undefined;
  category?: string | undefined;
  procedure?: string | undefined;
  statuses?: TenderStatus[] | undefined;
  deadlineFrom?: IsoDate | undefined;
  deadlineTo?: IsoDate | undefined;
  limit: number;
  offset: number;
  sort: TenderSort;
}

function statusCondition(status: TenderStatus, nowMs: number, closingSoonDays: number): Prisma.TenderWhereInput {
  if (status === 'cancelled') return { cancelledOn: { not: null } };
  if (status === 'awarded') return { cancelledOn: null, awardedOn: { not: null } };
  const window = statusDeadlineWindow(status, nowMs, closingSoonDays);
  return {
    cancelledOn: null,
    awardedOn: null,
    deadlineAt: { ...(window.after !== undefined ? { gt: new Date(window.after) } : {}), ...(window.atOrBefore !== undefined ? { lte: new Date(window.atOrBefore) } : {}) },
  };
}

const ORDER: Record<TenderSort, Prisma.TenderOrderByWithRelationInput[]> = {
  '-publishedOn': [{ publishedOn: 'desc' }, { createdAt: 'desc' }, { reference: 'asc' }],
  publishedOn: [{ publishedOn: 'asc' }, { createdAt: 'asc' }, { reference: 'asc' }],
  deadline: [{ deadlineAt: 'asc' }, { reference: 'asc' }],
  '-deadline': [{ deadlineAt: 'desc' }, { reference: 'asc' }],
  estimate: [{ estimateCentimes: { sort: 'asc', nulls: 'last' } }, { reference: 'asc' }],
  '-estimate': [{ estimateCentimes: { sort: 'desc', nulls: 'last' } }, { reference: 'asc' }],
  reference: [{ reference: 'asc' }],
};

/** Only calls whose publication day has come (in Morocco) are public. */
function published(nowMs: number): Prisma.TenderWhereInput {
  return { publishedOn: { lte: dbDateOf(localDateOfMs(nowMs, moroccoLegalTime())) } };
}

/** The public calls matching a query at `nowMs`, in the order asked, and how many match in all. */
export async function listTenders(prisma: PrismaClient, query: TenderQuery, nowMs: number, closingSoonDays: number): Promise<{ rows: Tender[]; total: number }> {
  const words = query.q ? foldForSearch(query.q).split(' ').filter(Boolean) : [];
  const zone = moroccoLegalTime();
  const deadline: Prisma.DateTimeFilter = {};
  // A deadline range is of Moroccan days: from the start of the first to the end of the last.
  if (query.deadlineFrom) deadline.gte = new Date(localTimeToMs(query.deadlineFrom, 0, zone));
  if (query.deadlineTo) deadline.lt = new Date(localTimeToMs(query.deadlineTo, 24 * 60, zone));
  const where: Prisma.TenderWhereInput = {
    AND: [
      published(nowMs),
      ...(query.buyer ? [{ buyerCode: query.buyer }] : []),
      ...(query.category ? [{ category: query.category }] : []),
      ...(query.procedure ? [{ procedure: query.procedure }] : []),
      ...(query.statuses?.length ? [{ OR: query.statuses.map((s) => statusCondition(s, nowMs, closingSoonDays)) }] : []),
      ...(query.deadlineFrom || query.deadlineTo ? [{ deadlineAt: deadline }] : []),
      // Prisma's `contains` is LIKE '%text%' without escaping the text: the trigram index serves it.
      ...words.map((word) => ({ searchText: { contains: likeLiteral(word) } })),
    ],
  };
  const [rows, total] = await Promise.all([
    prisma.tender.findMany({ where, orderBy: ORDER[query.sort], take: query.limit, skip: query.offset }),
    prisma.tender.count({ where }),
  ]);
  return { rows, total };
}

const DAY_MS = 86_400_000;

/**
 * The first instant after `nowMs` at which a public answer about calls may read differently with
 * no write to them: a deadline (closed), the start of a "closing soon" window, or the next
 * Moroccan midnight (calls published that day become public).
 */
export async function nextTenderChange(prisma: PrismaClient, nowMs: number, closingSoonDays: number): Promise<number> {
  const soonMs = closingSoonDays * DAY_MS;
  const pending = { cancelledOn: null, awardedOn: null };
  const [deadline, soon] = await Promise.all([
    prisma.tender.aggregate({ _min: { deadlineAt: true }, where: { ...pending, deadlineAt: { gt: new Date(nowMs) } } }),
    prisma.tender.aggregate({ _min: { deadlineAt: true }, where: { ...pending, deadlineAt: { gt: new Date(nowMs + soonMs) } } }),
  ]);
  const zone = moroccoLegalTime();
  const midnight = localTimeToMs(localDateOfMs(nowMs, zone), 24 * 60, zone);
  return Math.min(midnight, deadline._min.deadlineAt?.getTime() ?? Infinity, (soon._min.deadlineAt?.getTime() ?? Infinity) - soonMs);
}

/** The buyers of the public calls, each with the names of its latest call. */
export function publicBuyers(prisma: PrismaClient, nowMs: number) {
  return prisma.tender.findMany({
    where: published(nowMs),
    distinct: ['buyerCode'],
    select: { buyerCode: true, buyerName: true, buyerNameAr: true },
    orderBy: [{ buyerCode: 'asc' }, { updatedAt: 'desc' }],
  });
}

/** A public call by its reference (a call not yet published is not public). */
export function findTender(prisma: PrismaClient, reference: string, nowMs: number): Promise<Tender | null> {
  return prisma.tender.findFirst({ where: { reference, ...published(nowMs) } });
}

/** The newest public calls, for the feed. */
export function newestTenders(prisma: PrismaClient, nowMs: number, count: number): Promise<Tender[]> {
  return prisma.tender.findMany({ where: published(nowMs), orderBy: ORDER['-publishedOn'], take: count });
}

const centimes = (value: bigint | null) => (value === null ? null : Number(value));
const isoDate = (value: Date) => value.toISOString().slice(0, 10) as IsoDate;

/** A stored row as the domain reads it. */
export function tenderRecordOf(row: Tender): TenderRecord {
  return {
    reference: row.reference,
    objectFr: row.objectFr,
    objectAr: row.objectAr,
    buyerCode: row.buyerCode,
    buyerName: row.buyerName,
    buyerNameAr: row.buyerNameAr,
    category: row.category as TenderRecord['category'],
    procedure: row.procedure as TenderRecord['procedure'],
    publishedOn: isoDate(row.publishedOn),
    deadlineAt: row.deadlineAt.getTime(),
    openingAt: row.openingAt.getTime(),
    openingPlace: row.openingPlace,
    estimateCentimes: centimes(row.estimateCentimes),
    guaranteeCentimes: centimes(row.guaranteeCentimes),
    // jsonb keeps no key order: each item is rebuilt in one order, so records compare by their JSON.
    lots: (row.lots as unknown as TenderLot[]).map((lot) => ({
      number: lot.number,
      objectFr: lot.objectFr,
      objectAr: lot.objectAr,
      estimateCentimes: lot.estimateCentimes,
      guaranteeCentimes: lot.guaranteeCentimes,
    })),
    documents: (row.documents as unknown as TenderDocument[]).map((doc) => ({ fileName: doc.fileName, sizeBytes: doc.sizeBytes, url: doc.url })),
    cancelledOn: row.cancelledOn ? isoDate(row.cancelledOn) : null,
    cancellationReason: row.cancellationReason,
    award:
      row.awardee !== null && row.awardCentimes !== null && row.awardedOn !== null
        ? { awardee: row.awardee, amountCentimes: Number(row.awardCentimes), awardedOn: isoDate(row.awardedOn) }
        : null,
  };
}

/** The columns of a record, the folded search text included. */
export function tenderColumns(record: TenderRecord): Omit<Prisma.TenderCreateInput, 'files'> {
  const big = (value: number | null) => (value === null ? null : BigInt(value));
  return {
    reference: record.reference,
    objectFr: record.objectFr,
    objectAr: record.objectAr,
    buyerCode: record.buyerCode,
    buyerName: record.buyerName,
    buyerNameAr: record.buyerNameAr,
    category: record.category,
    procedure: record.procedure,
    publishedOn: dbDateOf(record.publishedOn),
    deadlineAt: new Date(record.deadlineAt),
    openingAt: new Date(record.openingAt),
    openingPlace: record.openingPlace,
    estimateCentimes: big(record.estimateCentimes),
    guaranteeCentimes: big(record.guaranteeCentimes),
    lots: record.lots as unknown as Prisma.InputJsonValue,
    documents: record.documents as unknown as Prisma.InputJsonValue,
    cancelledOn: record.cancelledOn ? dbDateOf(record.cancelledOn) : null,
    cancellationReason: record.cancellationReason,
    awardee: record.award?.awardee ?? null,
    awardCentimes: big(record.award?.amountCentimes ?? null),
    awardedOn: record.award ? dbDateOf(record.award.awardedOn) : null,
    searchText: tenderSearchText(record),
  };
}
