import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger } from 'fastify';
import { Type } from 'typebox';
import { listHolidays } from '../../store/calendar-source.js';
import type { IsoDate } from '../../domain/calendar/types.js';
import { actorLabel } from '../../domain/cases/actor.js';
import type { AppDeps } from '../app.js';
import { calendarDate, FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR, yearOf } from '../calendar/calendar-dates.js';
import { entityScope, type EntityScope } from '../calendar/entity-scope.js';
import { removeHoliday, setHoliday } from '../calendar/holiday-admin.js';
import { holidayDecision } from '../calendar/holiday-request.js';
import { awaitPropagation, changeCalendar, type PropagatedChange } from '../calendar/propagate.js';
import { staffActor } from '../plugins/auth.js';
import { CalendarChangeResponse, EntityQuery, HolidayDateParams, SetHolidayBody } from '../schemas/calendar.js';
import { errorResponses } from '../schemas/common.js';
import { cancelAppointmentsOfClosedDays } from '../appointments/office-closure.js';

/** How long an administrator's request waits for the running cases to be told before answering "running". */
const PROPAGATION_WAIT_MS = 3_000;

const CalendarChangeAnswer = Type.Object({
  ...Type.Omit(CalendarChangeResponse, ['casesNotified', 'casesNotReached']).properties,
  casesNotified: Type.Union([Type.Integer(), Type.Null()], {
    description: 'running cases told to recompute their due date; null while the propagation is still running',
  }),
  propagation: Type.Object({
    workflowId: Type.String({ description: 'the Temporal workflow telling the running cases; it retries until each one is told' }),
    status: Type.Enum(['completed', 'running', 'failed'], { description: 'running: not finished when this answer was sent; it goes on' }),
    skippedFinished: Type.Union([Type.Integer(), Type.Null()], { description: 'concerned cases that had finished meanwhile; null until completed' }),
  }),
  appointmentsCancelled: Type.Integer({ description: 'appointments on the days now off, cancelled, each citizen told why and offered the first free slots' }),
});

/**
 * Administrators confirm, move, add and cancel days off; running cases are told (durably: see
 * api/calendar/propagate.ts) and recompute their due dates.
 */
export const adminCalendarRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const admins = app.requireStaff(['admin']);

  /** Waits a moment for the running cases to be told, logs the change with its actor, and answers with the resulting holidays. */
  async function afterChange(
    scope: EntityScope,
    requestedDates: IsoDate[],
    { result, propagation }: PropagatedChange,
    actor: string,
    log: FastifyBaseLogger,
  ) {
    const told = await awaitPropagation(deps.temporal, propagation, PROPAGATION_WAIT_MS, log);
    log.info(
      {
        actor,
        entity: scope.entityCode,
        key: result.key,
        change: result.change.kind,
        changedDates: result.changedDates,
        propagation: told.workflowId,
        propagationStatus: told.status,
        casesNotified: told.signalled,
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
      casesNotified: told.signalled,
      propagation: { workflowId: told.workflowId, status: told.status, skippedFinished: told.skippedFinished },
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
        response: { 200: CalendarChangeAnswer, ...errorResponses },
        security: [{ bearer: [] }],
      },
    },
    async (request) => {
      const date = calendarDate(request.params.date, 'params.date');
      const { name, kind, status, days, key, entity } = request.body;
      const decision = holidayDecision({ date, name, kind, status, days, key });
      const scope = await entityScope(deps.prisma, entity);
      const actor = actorLabel(staffActor(request.user));
      const changed = await changeCalendar(deps, { entityId: scope.entityId, requestedDates: decision.dates }, (tx) =>
        setHoliday(tx, scope, decision, actor),
      );
      // No appointment is kept on a day off: the offices concerned close on those days.
      const offices = await deps.prisma.office.findMany({ where: scope.entityId ? { entityId: scope.entityId } : {}, select: { id: true } });
      const { appointmentsCancelled } = await cancelAppointmentsOfClosedDays(
        { ...deps, log: request.log },
        { officeIds: offices.map((o) => o.id), dates: decision.dates, reason: decision.names, actor, recordClosure: false },
      );
      return { ...(await afterChange(scope, decision.dates, changed, actor, request.log)), appointmentsCancelled };
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
        response: { 200: CalendarChangeAnswer, ...errorResponses },
        security: [{ bearer: [] }],
      },
    },
    async (request) => {
      const date = calendarDate(request.params.date, 'params.date');
      const scope = await entityScope(deps.prisma, request.query.entity);
      const actor = actorLabel(staffActor(request.user));
      const changed = await changeCalendar(deps, { entityId: scope.entityId, requestedDates: [date] }, (tx) => removeHoliday(tx, scope, date, actor));
      return { ...(await afterChange(scope, [date], changed, actor, request.log)), appointmentsCancelled: 0 };
    },
  );
};
