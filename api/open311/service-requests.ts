import { rulesOffsetMs, type ZoneRules } from '../../domain/calendar/zone-rules.js';
import { statusLabel } from '../../domain/cases/status-labels.js';
import { TRACKING_CODE_PATTERN } from '../../domain/cases/tracking-code.js';
import {
  OPEN311_CASE_TYPES,
  OPEN311_MAX_REQUESTS,
  OPEN311_WINDOW_DAYS,
  open311ServiceCode,
  parseOpen311ServiceCode,
  pick,
  w3cDateTime,
  type Open311Language,
  type Open311Request,
  type Open311Status,
} from '../../domain/open311/georeport.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { InvalidInput } from '../errors.js';
import type { Open311RequestsQuery } from '../schemas/open311.js';

const DAY_MS = 86_400_000;
const WINDOW_MS = OPEN311_WINDOW_DAYS * DAY_MS;
const trackingCode = new RegExp(TRACKING_CODE_PATTERN);

/** Only what the administration announces: no applicant, no details, no message, no staff. */
const PUBLIC_COLUMNS = {
  trackingCode: true,
  caseType: true,
  status: true,
  submittedAt: true,
  updatedAt: true,
  closedAt: true,
  dueAt: true,
  serviceId: true,
  entityId: true,
} as const;

type PublicRow = Prisma.CaseGetPayload<{ select: typeof PUBLIC_COLUMNS }>;
type PublicCase = PublicRow & {
  service: { code: string; name: string; nameAr: string | null; nameEn: string; entity: { code: string } };
  entity: { name: string; nameAr: string | null };
};

/**
 * The services and entities of a page of cases, read once each: a list holds up to 1000 cases of
 * a handful of services, and one join per case costs far more than two small reads.
 */
async function withCatalogue(prisma: PrismaClient, rows: PublicRow[]): Promise<PublicCase[]> {
  if (!rows.length) return [];
  const [services, entities] = await Promise.all([
    prisma.service.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.serviceId))] } },
      select: { id: true, code: true, name: true, nameAr: true, nameEn: true, entity: { select: { code: true } } },
    }),
    prisma.entity.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.entityId))] } }, select: { id: true, name: true, nameAr: true } }),
  ]);
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const entityById = new Map(entities.map((e) => [e.id, e]));
  return rows.map((row) => ({ ...row, service: serviceById.get(row.serviceId)!, entity: entityById.get(row.entityId)! }));
}

export function open311RequestOf(row: PublicCase, language: Open311Language, zone: ZoneRules): Open311Request {
  // Closed is what the read model holds as finished: the same test the status filter runs in SQL.
  const status: Open311Status = row.closedAt ? 'closed' : 'open';
  const updated = row.closedAt ?? row.updatedAt;
  return {
    service_request_id: row.trackingCode,
    status,
    status_notes: pick(statusLabel(row.caseType, row.status, 'citizen'), language),
    service_name: pick({ fr: row.service.name, ar: row.service.nameAr ?? '', en: row.service.nameEn }, language),
    service_code: open311ServiceCode(row.service.entity.code, row.service.code),
    description: null,
    // The entity handling it now: a transferred complaint keeps the service it was filed under.
    agency_responsible: pick({ fr: row.entity.name, ar: row.entity.nameAr ?? '', en: '' }, language),
    service_notice: null,
    requested_datetime: w3cDateTime(row.submittedAt, zone),
    updated_datetime: w3cDateTime(updated, zone),
    expected_datetime: status === 'open' && row.dueAt ? w3cDateTime(row.dueAt, zone) : null,
    address: null,
    address_id: null,
    zipcode: null,
    lat: null,
    long: null,
    media_url: null,
  };
}

/** One complaint by its tracking code; null for anything else, which Open311 never tells apart from nothing. */
export async function findOpen311Request(prisma: PrismaClient, code: string): Promise<PublicCase | null> {
  if (!trackingCode.test(code)) return null;
  const row = await prisma.case.findFirst({ where: { trackingCode: code, caseType: { in: [...OPEN311_CASE_TYPES] } }, select: PUBLIC_COLUMNS });
  return row ? ((await withCatalogue(prisma, [row]))[0] ?? null) : null;
}

/** A W3C date-time as an instant; a bare date is midnight in Morocco's legal time. */
function instantOf(text: string, field: string, zone: ZoneRules): Date {
  const [date = '', time] = text.split('T');
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const midnight = Date.UTC(year, month - 1, day);
  const calendar = new Date(midnight);
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || year < 1970 || year > 9999) {
    throw new InvalidInput(`${field}: ${date} is not a date of the calendar`, { field: `querystring.${field}` });
  }
  if (time === undefined) return new Date(midnight - rulesOffsetMs(zone, midnight));
  const at = Date.parse(text);
  const [hours = 0, minutes = 0, seconds = 0] = time.slice(0, 8).split(':').map((part) => Number.parseInt(part, 10));
  if (!Number.isFinite(at) || hours > 23 || minutes > 59 || seconds > 59) {
    throw new InvalidInput(`${field}: ${text} is not a valid date-time`, { field: `querystring.${field}` });
  }
  return new Date(at);
}

/**
 * The submission window a query asks for. The spec bounds a range given by both dates to 90 days,
 * and defaults to the last 90 days. start_date alone is "the earliest to include": everything since
 * (no end, so at most the 1000 newest, as any answer); end_date alone, the 90 days up to it.
 */
function windowOf(query: Open311RequestsQuery, zone: ZoneRules, now: Date): { from: Date; to?: Date } {
  const start = query.start_date ? instantOf(query.start_date, 'start_date', zone) : null;
  const end = query.end_date ? instantOf(query.end_date, 'end_date', zone) : null;
  if (start && !end) return { from: start };
  const to = end ?? now;
  const from = start ?? new Date(to.getTime() - WINDOW_MS);
  if (to < from) throw new InvalidInput('end_date is before start_date', { field: 'querystring.end_date' });
  if (to.getTime() - from.getTime() > WINDOW_MS) {
    throw new InvalidInput(`start_date and end_date may not span more than ${OPEN311_WINDOW_DAYS} days`, { field: 'querystring.end_date' });
  }
  return { from, to };
}

function listOf(text: string | undefined): string[] {
  return text ? [...new Set(text.split(','))] : [];
}

/** GET requests: the filters of the spec, newest first, at most 1000. */
export async function listOpen311Requests(prisma: PrismaClient, query: Open311RequestsQuery, zone: ZoneRules, now = new Date()): Promise<PublicCase[]> {
  const complaints = { caseType: { in: [...OPEN311_CASE_TYPES] } };
  const order = [{ submittedAt: 'desc' as const }, { trackingCode: 'asc' as const }];
  const ids = listOf(query.service_request_id);
  if (ids.length > OPEN311_MAX_REQUESTS) {
    throw new InvalidInput(`service_request_id: at most ${OPEN311_MAX_REQUESTS} ids at once`, { field: 'querystring.service_request_id' });
  }
  // The spec: a list of ids overrides every other argument.
  if (ids.length) return withCatalogue(prisma, await prisma.case.findMany({ where: { ...complaints, trackingCode: { in: ids } }, select: PUBLIC_COLUMNS, orderBy: order }));

  const { from, to } = windowOf(query, zone, now);
  const services = listOf(query.service_code).map((code) => parseOpen311ServiceCode(code));
  // A code no service can have matches nothing, as an unknown one does.
  const known = services.filter((s) => s !== null);
  if (services.length && !known.length) return [];
  const statuses = listOf(query.status) as Open311Status[];
  const where: Prisma.CaseWhereInput = {
    ...complaints,
    submittedAt: { gte: from, ...(to ? { lte: to } : {}) },
    ...(known.length ? { OR: known.map((s) => ({ service: { code: s.serviceCode, entity: { code: s.entityCode } } })) } : {}),
    ...(statuses.length === 1 ? { closedAt: statuses[0] === 'closed' ? { not: null } : null } : {}),
  };
  return withCatalogue(prisma, await prisma.case.findMany({ where, select: PUBLIC_COLUMNS, orderBy: order, take: OPEN311_MAX_REQUESTS }));
}
