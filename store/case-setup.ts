import type { BusinessCalendar } from '../domain/calendar/types.js';
import { toLocalDate } from '../domain/calendar/working-days.js';
import type { SlaPolicy } from '../domain/sla/policy.js';
import { clockPolicies } from '../domain/sla/service-clocks.js';
import { moroccoLegalTime } from '../platform/legal-time.js';
import type { PrismaClient } from '../platform/prisma.js';
import type { Service } from '../prisma/generated/client.js';
import { loadBusinessCalendar } from './calendar-source.js';

/** What a case needs to keep its clocks: read by the API at submission and by the worker for older cases. */
export interface CaseSetup {
  /** the policy of each named clock of the case, from its service */
  policies: Record<string, SlaPolicy>;
  calendar: BusinessCalendar;
  /** the calendar revision read before the calendar: a later one means the calendar may have changed since */
  calendarRevision: number;
  /** the service's settings of the case type, defaults filled in */
  settings: Record<string, unknown>;
}

/** The service is unknown here, or its catalogue entry cannot be used: retrying cannot fix either. */
export class UnusableService extends Error {
  constructor(
    readonly kind: 'UnknownService' | 'InvalidServicePolicy',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The years a case's deadline can reach: the longest legal budget (60 days) plus one extension
 * and months of waiting for the citizen stay well within the year of submission and the next two.
 */
function calendarYears(startedAt: string): number[] {
  const year = Number(toLocalDate(startedAt, moroccoLegalTime()).slice(0, 4));
  return [year, year + 1, year + 2];
}

/**
 * The calendar a case counts on: only days from its start on matter to it, and whatever crosses
 * into the workflow is written to its history (and re-sent on every recompute), so the rest is left out.
 */
export async function caseCalendar(prisma: PrismaClient, entityId: string, startedAt: string): Promise<BusinessCalendar> {
  const calendar = await loadBusinessCalendar(prisma, { entityId, years: calendarYears(startedAt) });
  const startDate = toLocalDate(startedAt, moroccoLegalTime());
  return { ...calendar, holidays: calendar.holidays.filter((h) => h.date >= startDate) };
}

export async function readCalendarRevision(prisma: PrismaClient): Promise<number> {
  return (await prisma.calendarRevision.findUnique({ where: { id: 1 } }))?.revision ?? 0;
}

/**
 * Calendars already read, by entity, first day and calendar revision: a holiday change bumps the
 * revision, so an entry never outlives the data it was read from. Kept small: the first day changes daily.
 */
const calendars = new Map<string, BusinessCalendar>();
const CALENDARS_KEPT = 500;

async function calendarAtRevision(prisma: PrismaClient, entityId: string, startedAt: string, revision: number): Promise<BusinessCalendar> {
  const key = `${entityId}|${toLocalDate(startedAt, moroccoLegalTime())}|${revision}`;
  const known = calendars.get(key);
  if (known) return known;
  const calendar = await caseCalendar(prisma, entityId, startedAt);
  if (calendars.size >= CALENDARS_KEPT) calendars.clear();
  calendars.set(key, calendar);
  return calendar;
}

/** The service columns a case setup is read from. */
type ServiceRow = Pick<Service, 'id' | 'entityId' | 'clocks' | 'settings'>;

/** What a submission reads first: its service, the entity's code and the calendar revision. */
export interface SubmissionService extends ServiceRow {
  caseType: string;
  active: boolean;
  entityCode: string;
  calendarRevision: number;
}

/** The service of a submission with its entity's code and the calendar revision, in one statement; null when there is no such service. */
export async function readSubmissionService(prisma: PrismaClient, serviceId: string): Promise<SubmissionService | null> {
  const [row] = await prisma.$queryRaw<SubmissionService[]>`
    SELECT s.id, s.entity_id AS "entityId", s.case_type AS "caseType", s.active, s.clocks, s.settings, e.code AS "entityCode",
      COALESCE((SELECT revision FROM calendar_revision WHERE id = 1), 0) AS "calendarRevision"
    FROM service s JOIN entity e ON e.id = s.entity_id
    WHERE s.id = ${serviceId}::uuid`;
  return row ?? null;
}

/**
 * The policies of the named clocks and the calendar of a case of this service at this entity,
 * started at `startedAt`. A caller that has just read the service row and the calendar revision
 * (readSubmissionService) passes them: the statements fewer.
 */
export async function readCaseSetup(
  prisma: PrismaClient,
  input: { serviceId: string; entityId: string; startedAt: string; clocks: readonly string[]; settings?: (stored: unknown) => object; service?: ServiceRow; calendarRevision?: number },
): Promise<CaseSetup> {
  const service = input.service?.id === input.serviceId ? input.service : await prisma.service.findUnique({ where: { id: input.serviceId } });
  if (!service || service.entityId !== input.entityId) throw new UnusableService('UnknownService', `service ${input.serviceId} not found`);
  let policies: Record<string, SlaPolicy>;
  try {
    policies = clockPolicies(service.clocks, input.clocks);
  } catch (err) {
    throw new UnusableService('InvalidServicePolicy', (err as Error).message);
  }
  const calendarRevision = input.calendarRevision ?? (await readCalendarRevision(prisma));
  const calendar = await calendarAtRevision(prisma, input.entityId, input.startedAt, calendarRevision);
  return { policies, calendar, calendarRevision, settings: { ...input.settings?.(service.settings) } };
}
