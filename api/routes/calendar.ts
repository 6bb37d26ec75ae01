import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listHolidays } from '../../store/calendar-source.js';
import type { AppDeps } from '../app.js';
import { calendarDate, supportedYear } from '../calendar/calendar-dates.js';
import { dueDateFrom, type DayBudget } from '../calendar/due-date.js';
import { entityScope } from '../calendar/entity-scope.js';
import { InvalidInput } from '../errors.js';
import { DueDateQuery, DueDateResponse, HolidaysQuery, HolidaysResponse } from '../schemas/calendar.js';
import { errorResponses } from '../schemas/common.js';

function budgetOf(query: { workingDays?: number | undefined; calendarDays?: number | undefined }): DayBudget {
  const { workingDays, calendarDays } = query;
  if ((workingDays === undefined) === (calendarDays === undefined)) {
    throw new InvalidInput('give exactly one of workingDays and calendarDays', { field: 'querystring.workingDays' });
  }
  return workingDays !== undefined ? { unit: 'working_days', amount: workingDays } : { unit: 'calendar_days', amount: calendarDays! };
}

/** The public business calendar: days off, and the due date a request started on a given day would get. */
export const calendarRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/api/v1/calendar/holidays',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Public holidays of a year, national or as an entity observes them; lunar ones stay provisional until confirmed',
        querystring: HolidaysQuery,
        response: { 200: HolidaysResponse, ...errorResponses },
      },
    },
    async (request) => {
      const year = supportedYear(request.query.year, 'querystring.year');
      const scope = await entityScope(deps.prisma, request.query.entity);
      return { year, entity: scope.entityCode, holidays: await listHolidays(deps.prisma, { year, entityId: scope.entityId }) };
    },
  );

  app.get(
    '/api/v1/calendar/due-date',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Due date of a budget of working or calendar days counted after a start date (the start date itself is not counted)',
        querystring: DueDateQuery,
        response: { 200: DueDateResponse, ...errorResponses },
      },
    },
    async (request) => {
      const from = calendarDate(request.query.from, 'querystring.from');
      const budget = budgetOf(request.query);
      const scope = await entityScope(deps.prisma, request.query.entity);
      const due = await dueDateFrom(deps.prisma, { from, budget, entityId: scope.entityId });
      return { from, entity: scope.entityCode, ...due };
    },
  );
};
