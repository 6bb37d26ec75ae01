import { defaultPublicPeriod, FIRST_PUBLIC_MONTH, lastFullMonth, MAX_PUBLIC_MONTHS, monthCount, type PublicPeriod } from '../../domain/stats/public.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { InvalidInput } from '../errors.js';

export interface PublicStatsParams {
  entity?: string | undefined;
  serviceId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface PublicStatsRequest {
  period: PublicPeriod;
  entityCode: string | null;
  serviceId: string | null;
}

function month(name: 'from' | 'to', value: string, last: string): string {
  const [y, m] = [Number(value.slice(0, 4)), Number(value.slice(5, 7))];
  if (!/^[0-9]{4}-[0-9]{2}$/.test(value) || m < 1 || m > 12 || value < FIRST_PUBLIC_MONTH || y > 2099) {
    throw new InvalidInput(`querystring.${name} must be a month YYYY-MM from ${FIRST_PUBLIC_MONTH} on, got "${value}"`, { field: `querystring.${name}` });
  }
  if (value > last) {
    throw new InvalidInput(`querystring.${name} (${value}) is not over yet: figures are published for finished months, the last being ${last}`, { field: `querystring.${name}`, lastMonth: last });
  }
  return value;
}

/**
 * The months asked for (finished ones only: a running month's figures would change under a cache),
 * and the entity and service, which must exist; a service alone names its entity.
 */
export async function resolvePublicStatsRequest(prisma: PrismaClient, params: PublicStatsParams, today: string): Promise<PublicStatsRequest> {
  const last = lastFullMonth(today);
  const to = params.to === undefined ? defaultPublicPeriod(today).to : month('to', params.to, last);
  const twelve = monthBefore(to, 11);
  const from = params.from === undefined ? (twelve < FIRST_PUBLIC_MONTH ? FIRST_PUBLIC_MONTH : twelve) : month('from', params.from, last);
  if (from > to) throw new InvalidInput(`querystring.from (${from}) is after querystring.to (${to})`, { field: 'querystring.from' });
  if (monthCount(from, to) > MAX_PUBLIC_MONTHS) {
    throw new InvalidInput(`querystring.from: from ${from} to ${to} makes ${monthCount(from, to)} months, at most ${MAX_PUBLIC_MONTHS}`, { field: 'querystring.from' });
  }
  let entityCode: string | null = null;
  if (params.entity !== undefined) {
    const entity = await prisma.entity.findUnique({ where: { code: params.entity }, select: { code: true } });
    if (!entity) throw new InvalidInput(`querystring.entity: no entity has the code "${params.entity}"`, { field: 'querystring.entity' });
    entityCode = entity.code;
  }
  if (params.serviceId !== undefined) {
    const service = await prisma.service.findUnique({ where: { id: params.serviceId }, select: { entity: { select: { code: true } } } });
    if (!service) throw new InvalidInput('querystring.serviceId: no service has this id', { field: 'querystring.serviceId' });
    if (entityCode !== null && service.entity.code !== entityCode) throw new InvalidInput(`querystring.serviceId is not a service of the entity ${entityCode}`, { field: 'querystring.serviceId' });
    entityCode = service.entity.code;
  }
  return { period: { from, to }, entityCode, serviceId: params.serviceId ?? null };
}

function monthBefore(value: string, months: number): string {
  const index = Number(value.slice(0, 4)) * 12 + Number(value.slice(5, 7)) - 1 - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
