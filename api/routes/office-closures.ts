import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorLabel } from '../../domain/cases/actor.js';
import { cancelAppointmentsOfClosedDays } from '../appointments/office-closure.js';
import { calendarDate } from '../calendar/calendar-dates.js';
import { InvalidInput, NotFound } from '../errors.js';
import { fromEpochDay, toEpochDay } from '../../domain/calendar/iso-date.js';
import { moroccanToday } from '../../store/slot-publication.js';
import { staffActor } from '../plugins/auth.js';
import { CalendarDate } from '../schemas/calendar.js';
import { errorResponses, SingleLineText, Uuid } from '../schemas/common.js';
import type { AppDeps } from '../app.js';

const ClosureBody = Type.Object(
  { date: CalendarDate, reason: SingleLineText({ minLength: 3, maxLength: 200, description: 'why, as citizens will read it' }) },
  { additionalProperties: false },
);

const ClosureAnswer = Type.Object({
  officeId: Uuid,
  date: Type.String(),
  slotsClosed: Type.Integer({ description: 'slots of that day taken off the agenda' }),
  appointmentsCancelled: Type.Integer({ description: 'appointments cancelled, each citizen told why and offered the first free slots' }),
});

/** An administrator closes an office for a day: its appointments are cancelled and their citizens told. */
export const officeClosureRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/api/v1/admin/offices/:officeId/closures',
    {
      preHandler: app.requireStaff(['admin']),
      schema: {
        tags: ['admin'],
        summary: 'Close an office for a day: every appointment on it is cancelled, each citizen told why and offered the first free slots',
        params: Type.Object({ officeId: Uuid }),
        body: ClosureBody,
        response: { 200: ClosureAnswer, ...errorResponses },
        security: [{ bearer: [] }],
      },
    },
    async (request) => {
      const date = calendarDate(request.body.date, 'body.date');
      const today = moroccanToday();
      if (date < today || date > fromEpochDay(toEpochDay(today) + 366)) {
        throw new InvalidInput(`body.date must be between today (${today}) and a year ahead`, { field: 'body.date' });
      }
      const office = await deps.prisma.office.findUnique({ where: { id: request.params.officeId } });
      if (!office) throw new NotFound('no such office');
      const result = await cancelAppointmentsOfClosedDays(
        { ...deps, log: request.log },
        { officeIds: [office.id], dates: [date], reason: request.body.reason, actor: actorLabel(staffActor(request.user)), recordClosure: true },
      );
      return { officeId: office.id, date, ...result };
    },
  );
};
