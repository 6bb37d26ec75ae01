import { MOROCCO_TIME_ZONE } from '../../domain/calendar/national-calendar.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { loadOfficeHours } from '../../store/office-hours-source.js';
import type { AppDeps } from '../app.js';
import { entityScope } from '../calendar/entity-scope.js';
import { officeHoursRange } from '../calendar/office-hours-request.js';
import { OfficeHoursQuery, OfficeHoursResponse } from '../schemas/calendar.js';
import { errorResponses } from '../schemas/common.js';


/** When offices are open: regular and Ramadan hours, weekends and holidays, national or as an entity keeps them. */
export const officeHoursRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/api/v1/calendar/office-hours',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Office hours of a day (date) or of up to 62 days (from, to), with why: regular, Ramadan, weekend or holiday',
        querystring: OfficeHoursQuery,
        response: { 200: OfficeHoursResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { from, to } = officeHoursRange(request.query);
      const scope = await entityScope(deps.prisma, request.query.entity);
      const days = await loadOfficeHours(deps.prisma, { entityId: scope.entityId, from, to });
      return { entity: scope.entityCode, timeZone: MOROCCO_TIME_ZONE, from, to, days };
    },
  );
};
