import { isIsoDate } from '../../domain/calendar/iso-date.js';
import { defaultRange, MAX_PERIODS, periodCount, type GroupBy } from '../../domain/stats/periods.js';
import type { StatsFilters } from '../../domain/stats/tables.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { moroccanToday } from '../../store/slot-publication.js';
import type { StatsScope } from '../../store/stats/scope.js';
import type { StatsQuery } from '../../store/stats/statistics.js';
import { InvalidInput, OtherEntity } from '../errors.js';
import type { StaffPrincipal } from '../plugins/auth.js';

/** The query parameters as the schema let them through: shapes checked, meanings not yet. */
export interface ScopeParams {
  entity?: string | undefined;
  serviceId?: string | undefined;
  caseType?: string | undefined;
  officeId?: string | undefined;
}

export interface PeriodParams extends ScopeParams {
  from?: string | undefined;
  to?: string | undefined;
  groupBy?: GroupBy | undefined;
}

/** Far enough back for any archive, near enough that a typo (0202, 9999) is caught rather than counted. */
const FIRST_DATE = '2000-01-01';
const LAST_DATE = '2099-12-31';

function localDate(name: 'from' | 'to', value: string): string {
  if (!isIsoDate(value) || value < FIRST_DATE || value > LAST_DATE) {
    throw new InvalidInput(`querystring.${name} must be a date YYYY-MM-DD between ${FIRST_DATE} and ${LAST_DATE}, got "${value}"`, { field: `querystring.${name}` });
  }
  return value;
}

/**
 * The entity whose figures the reader gets: managers and supervisors only their own (the default),
 * administrators any one, or all when they name none. Filters naming another entity's service or
 * office are refused the same way: they would tell its figures.
 */
export async function resolveScope(prisma: PrismaClient, user: StaffPrincipal, params: ScopeParams): Promise<{ scope: StatsScope; entityCode: string | null }> {
  let entity: { id: string; code: string } | null = null;
  if (params.entity !== undefined) {
    entity = await prisma.entity.findUnique({ where: { code: params.entity }, select: { id: true, code: true } });
    if (!entity) throw new InvalidInput(`querystring.entity: no entity has the code "${params.entity}"`, { field: 'querystring.entity' });
  }
  if (user.role !== 'admin') {
    if (!user.entityId) throw new OtherEntity('this account belongs to no entity, so it has no statistics to read');
    if (entity && entity.id !== user.entityId) throw new OtherEntity(`you may read the statistics of your own entity only, not of ${entity.code}`);
    entity = entity ?? (await prisma.entity.findUniqueOrThrow({ where: { id: user.entityId }, select: { id: true, code: true } }));
  }
  const owned = async (name: 'serviceId' | 'officeId', found: { entityId: string } | null) => {
    if (!found) throw new InvalidInput(`querystring.${name}: no ${name === 'serviceId' ? 'service' : 'office'} has this id`, { field: `querystring.${name}` });
    if (entity && found.entityId !== entity.id) {
      if (user.role !== 'admin') throw new OtherEntity(`this ${name === 'serviceId' ? 'service' : 'office'} belongs to another entity than yours`);
      throw new InvalidInput(`querystring.${name} is not one of the entity ${entity.code}`, { field: `querystring.${name}` });
    }
  };
  if (params.serviceId !== undefined) await owned('serviceId', await prisma.service.findUnique({ where: { id: params.serviceId }, select: { entityId: true } }));
  if (params.officeId !== undefined) await owned('officeId', await prisma.office.findUnique({ where: { id: params.officeId }, select: { entityId: true } }));
  return {
    scope: { entityId: entity?.id ?? null, serviceId: params.serviceId ?? null, caseType: params.caseType ?? null, officeId: params.officeId ?? null },
    entityCode: entity?.code ?? null,
  };
}

/** The period checked (real dates, in order, not too many periods), then the scope. */
export async function resolveStatsQuery(prisma: PrismaClient, user: StaffPrincipal, params: PeriodParams, minSample: number): Promise<StatsQuery> {
  const today = moroccanToday();
  const asked = params.from === undefined ? undefined : localDate('from', params.from);
  // Without dates: the twelve months up to today; with one of them, twelve months ending with `to`, or up to today from `from`.
  const to = params.to === undefined ? (asked !== undefined && asked > today ? asked : today) : localDate('to', params.to);
  const from = asked ?? defaultRange(to).from;
  if (from > to) throw new InvalidInput(`querystring.from (${from}) is after querystring.to (${to})`, { field: 'querystring.from' });
  const groupBy = params.groupBy ?? 'month';
  const periods = periodCount(from, to, groupBy);
  if (periods > MAX_PERIODS) {
    throw new InvalidInput(`querystring.groupBy: from ${from} to ${to} by ${groupBy} makes ${periods} periods, at most ${MAX_PERIODS}; shorten the range or group by a longer period`, {
      field: 'querystring.groupBy',
    });
  }
  const { scope, entityCode } = await resolveScope(prisma, user, params);
  const filters: StatsFilters = { from, to, groupBy, entity: entityCode, serviceId: scope.serviceId, caseType: scope.caseType, officeId: scope.officeId };
  return { filters, scope, minSample, today };
}

/** `khidma-<table>-<entity|all>-<from>-<to>-<groupBy>[-<caseType>][-<serviceId>][-<officeId>].csv` */
export function csvFileName(table: string, filters: StatsFilters): string {
  const parts = [table, filters.entity ?? 'all', filters.from, filters.to, filters.groupBy, filters.caseType, filters.serviceId, filters.officeId];
  return `khidma-${parts.filter((p): p is string => p !== null).join('-')}.csv`;
}
