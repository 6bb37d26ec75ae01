import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SLOT_CASE_TYPES } from '../../domain/appointments/slot-publication.js';
import { toEpochDay } from '../../domain/calendar/iso-date.js';
import type { IsoDate } from '../../domain/calendar/types.js';
import { dbDateOf } from '../../store/calendar-source.js';
import { moroccanToday } from '../../store/slot-publication.js';
import { freeSlots } from '../../store/slot-query.js';
import type { AppDeps } from '../app.js';
import { addDays, calendarDate } from '../calendar/calendar-dates.js';
import { InvalidInput, NotFound } from '../errors.js';
import { errorResponses } from '../schemas/common.js';
import { OfficeIdParams, OfficesAnswer, OfficesQuery, SlotsAnswer, SlotsQuery } from '../schemas/slots.js';

/** The longest range of days one slot query may ask for: two months. */
export const MAX_SLOT_QUERY_DAYS = 62;
const DEFAULT_SLOT_QUERY_DAYS = 8;

/** The days a slot query asks for: from today and a week on unless told, at most MAX_SLOT_QUERY_DAYS. */
function slotRange(query: { from?: string | undefined; to?: string | undefined }, today: IsoDate): { from: IsoDate; to: IsoDate } {
  const from = query.from === undefined ? today : calendarDate(query.from, 'querystring.from');
  const to = query.to === undefined ? addDays(from, DEFAULT_SLOT_QUERY_DAYS - 1) : calendarDate(query.to, 'querystring.to');
  const days = toEpochDay(to) - toEpochDay(from) + 1;
  if (days < 1) throw new InvalidInput(`querystring.to (${to}) must not be before querystring.from (${from})`, { field: 'querystring.to' });
  if (days > MAX_SLOT_QUERY_DAYS) throw new InvalidInput(`at most ${MAX_SLOT_QUERY_DAYS} days per request, got ${days}`, { field: 'querystring.to' });
  return { from, to };
}

const names = (s: { name: string; nameAr: string | null; nameEn: string }) => ({ fr: s.name, ar: s.nameAr || s.name, en: s.nameEn || s.name });

/** Where citizens can take appointments, and when: offices, the services they publish slots for, and those slots with the seats left. */
export const officeRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/api/v1/offices',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Offices, each with the appointment and consultation services it publishes slots for',
        querystring: OfficesQuery,
        response: { 200: OfficesAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const today = dbDateOf(moroccanToday());
      const [offices, templates, openings] = await Promise.all([
        deps.prisma.office.findMany({ include: { entity: { select: { code: true } } }, orderBy: [{ entity: { code: 'asc' } }, { code: 'asc' }] }),
        deps.prisma.slotTemplate.findMany({ distinct: ['officeId', 'serviceId'], select: { officeId: true, serviceId: true } }),
        deps.prisma.slotException.findMany({
          where: { kind: 'opening', date: { gte: today } },
          distinct: ['officeId', 'serviceId'],
          select: { officeId: true, serviceId: true },
        }),
      ]);
      const services = await deps.prisma.service.findMany({
        where: { active: true, caseType: { in: [...SLOT_CASE_TYPES] }, id: { in: [...new Set([...templates, ...openings].map((p) => p.serviceId!))] } },
        orderBy: { code: 'asc' },
      });
      const published = new Set([...templates, ...openings].map((p) => `${p.officeId}|${p.serviceId}`));
      const items = offices.map((office) => ({
        id: office.id,
        code: office.code,
        name: office.name,
        address: office.address,
        entityCode: office.entity.code,
        services: services
          .filter((s) => published.has(`${office.id}|${s.id}`))
          .map((s) => ({ id: s.id, code: s.code, caseType: s.caseType, names: names(s) })),
      }));
      const { serviceId } = request.query;
      return { items: serviceId === undefined ? items : items.filter((o) => o.services.some((s) => s.id === serviceId)) };
    },
  );

  app.get(
    '/api/v1/offices/:officeId/slots',
    {
      schema: {
        tags: ['appointments'],
        summary: 'Open slots of a service at an office that have not started, with the seats left (bookings and live holds counted)',
        params: OfficeIdParams,
        querystring: SlotsQuery,
        response: { 200: SlotsAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const { officeId } = request.params;
      const { serviceId, advisorId } = request.query;
      const range = slotRange(request.query, moroccanToday());
      const office = await deps.prisma.office.findUnique({ where: { id: officeId }, select: { entityId: true } });
      if (!office) throw new NotFound('no office has this id');
      const service = await deps.prisma.service.findUnique({ where: { id: serviceId }, select: { entityId: true, caseType: true, active: true } });
      if (!service || !service.active || service.entityId !== office.entityId || !SLOT_CASE_TYPES.includes(service.caseType)) {
        throw new InvalidInput('querystring.serviceId must be a service taking appointments at this office', { field: 'querystring.serviceId' });
      }
      return { items: await freeSlots(deps.prisma, { officeId, serviceId, advisorId, ...range, includeFull: true }) };
    },
  );
};
