import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger } from 'fastify';
import { listHolidays } from '../../activities/calendar-source.js';
import type { IsoDate } from '../../domain/calendar/types.js';
import type { AppDeps } from '../app.js';
import { calendarDate, FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, yearOf } from '../calendar/calendar-dates.js';
import { entityScope, type EntityScope } from '../calendar/entity-scope.js';
import { removeHoliday, setHoliday, type CalendarChangeResult } from '../calendar/holiday-admin.js';
import { holidayDecision } from '../calendar/holiday-request.js';
import { propagateCalendarChange } from '../calendar/propagate.js';
import { CalendarChangeResponse, EntityQuery, HolidayDateParams, SetHolidayBody } from '../schemas/calendar.js';
import { errorResponses } from '../schemas/common.js';

/** Administrators confirm, move, add and cancel days off; running cases are told and recompute their due dates. */
export const adminCalendarRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const admins = app.requireStaff(['admin']);

  /** Tells the running cases, logs the change with its actor, and answers with the resulting holidays. */
  async function afterChange(scope: EntityScope, requestedDates: IsoDate[], result: CalendarChangeResult, actor: string, log: FastifyBaseLogger) {
    const notified = await propagateCalendarChange(
      { prisma: deps.prisma, temporal: deps.temporal, log },
      { entityId: scope.entityId, dates: result.changedDates, reason: result.change.reason },
    );
    log.info(
      {
        actor,
        entity: scope.entityCode,
        key: result.key,
        change: result.change.kind,
        changedDates: result.changedDates,
        casesNotified: notified.signalled,
        casesNotReached: notified.failed,
      },
      'holiday calendar changed',
    );
    const years = [...new Set([...requestedDates, ...result.changedDates].map(yearOf))]
      .filter((y) => y >= FIRST_SUPPORTED_YEAR && y <= LAST_SUPPORTED_YEAR)
      .sort((a, b) => a - b);
    const holidays = (await Promise.all(years.map((year) => listHolidays(deps.prisma, { year, entityId: scope.entityId })))).flat();
    return {
      entity: scope.entityCode,
      key: result.key,
      change: result.change.kind,
      changedDates: result.changedDates,
      reason: result.change.reason,
      casesNotified: notified.signalled,
      casesNotReached: notified.failed,
      years,
      holidays,
    };
  }

  app.put(
    '/api/v1/admin/calendar/holidays/:date',
    {
      preHandler: admins,
      schema: {
        tags: ['admin'],
        summary: 'Confirm, move or add a day off (national, or for one entity) starting on :date',
        params: HolidayDateParams,
        body: SetHolidayBody,
        response: { 200: CalendarChangeResponse, ...errorResponses },
        security: [{ bearer: [] }],
      },
    },
    async (request) => {
      const date = calendarDate(request.params.date, 'params.date');
      const { name, kind, status, days, key, entity } = request.body;
      const decision = holidayDecision({ date, name, kind, status, days, key });
      const scope = await entityScope(deps.prisma, entity);
      const actor = `staff:${request.user.username}`;
      const result = await setHoliday(deps.prisma, scope, decision, actor);
      return afterChange(scope, decision.dates, result, actor, request.log);
    },
  );

  app.delete(
    '/api/v1/admin/calendar/holidays/:date',
    {
      preHandler: admins,
      schema: {
        tags: ['admin'],
        summary: 'Make :date a working day again: withdraw the decision for that day, or cancel the holiday computed for it',
        params: HolidayDateParams,
        querystring: EntityQuery,
        response: { 200: CalendarChangeResponse, ...errorResponses },
        security: [{ bearer: [] }],
      },
    },
    async (request) => {
      const date = calendarDate(request.params.date, 'params.date');
      const scope = await entityScope(deps.prisma, request.query.entity);
      const actor = `staff:${request.user.username}`;
      const result = await removeHoliday(deps.prisma, scope, date, actor);
      return afterChange(scope, [date], result, actor, request.log);
    },
  );
};
