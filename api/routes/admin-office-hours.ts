import { staffActor } from '../plugins/auth.js';
import { actorLabel } from '../../domain/cases/actor.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../app.js';
import { supportedYear } from '../calendar/calendar-dates.js';
import { entityScope } from '../calendar/entity-scope.js';
import { removeRegularHours, setRamadan, setRegularHours } from '../calendar/office-hours-admin.js';
import { announcedRamadanDay, ramadanOfYear, requestedHours } from '../calendar/office-hours-request.js';
import { EntityQuery, RamadanResponse, RamadanYearParams, RegularHoursResponse, SetOfficeHoursBody, SetRamadanBody } from '../schemas/calendar.js';
import { errorResponses } from '../schemas/common.js';

/*
 * Administrators set the hours of a working day (national, or one entity's own) and each Ramadan's
 * hours and announced dates. Deadlines count whole days, so no running case needs telling.
 */
export const adminOfficeHoursRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const admins = app.requireStaff(['admin']);

  app.put(
    '/api/v1/admin/calendar/ramadan/:year',
    {
      preHandler: admins,
      schema: {
        tags: ['admin'],
        summary: "Set the office hours of the Ramadan beginning in :year and, once announced, its first and last day",
        params: RamadanYearParams,
        body: SetRamadanBody,
        response: { 200: RamadanResponse, ...errorResponses },
        security: [{ bearer: [] }],
      },
    },
    async (request) => {
      const year = supportedYear(request.params.year, 'params.year');
      const hours = requestedHours(request.body);
      const period = ramadanOfYear(year, request.body.hijriYear);
      const start = announcedRamadanDay(request.body.start, period.from, 'body.start');
      const end = announcedRamadanDay(request.body.end, period.to, 'body.end');
      const actor = actorLabel(staffActor(request.user));
      const { before, after } = await setRamadan(deps.prisma, { period, hours, start, end }, actor);
      request.log.info({ actor, kind: 'ramadan', year, hijriYear: period.hijriYear, before, after }, 'office hours changed');
      return { year, ...after };
    },
  );

  app.put(
    '/api/v1/admin/calendar/office-hours',
    {
      preHandler: admins,
      schema: {
        tags: ['admin'],
        summary: 'Set the office hours of a working day outside Ramadan, nationally or for one entity',
        body: SetOfficeHoursBody,
        response: { 200: RegularHoursResponse, ...errorResponses },
        security: [{ bearer: [] }],
      },
    },
    async (request) => {
      const hours = requestedHours(request.body);
      const scope = await entityScope(deps.prisma, request.body.entity);
      const actor = actorLabel(staffActor(request.user));
      const { before, after } = await setRegularHours(deps.prisma, scope, hours, actor);
      request.log.info({ actor, kind: 'regular', entity: scope.entityCode, before, after }, 'office hours changed');
      return { entity: scope.entityCode, hours: [...after] };
    },
  );

  app.delete(
    '/api/v1/admin/calendar/office-hours',
    {
      preHandler: admins,
      schema: {
        tags: ['admin'],
        summary: 'Withdraw the regular office hours set for an entity (it keeps the national hours again) or nationally (back to 08:30–16:30)',
        querystring: EntityQuery,
        response: { 200: RegularHoursResponse, ...errorResponses },
        security: [{ bearer: [] }],
      },
    },
    async (request) => {
      const scope = await entityScope(deps.prisma, request.query.entity);
      const actor = actorLabel(staffActor(request.user));
      const { before, after } = await removeRegularHours(deps.prisma, scope);
      request.log.info({ actor, kind: 'regular', entity: scope.entityCode, before, after }, 'office hours withdrawn');
      return { entity: scope.entityCode, hours: [...after] };
    },
  );
};
