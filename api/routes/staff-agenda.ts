import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import QRCode from 'qrcode';
import { actorLabel } from '../../domain/cases/actor.js';
import { CASE_DEFINITIONS } from '../../domain/cases/machines.js';
import { statusLabel } from '../../domain/cases/status-labels.js';
import { calendarDate } from '../calendar/calendar-dates.js';
import { serviceNames } from '../cases/case-read.js';
import { stepResult, takeCaseStep } from '../cases/case-workflows.js';
import { TRACKING_CODE_PATTERN } from '../cases/citizen-access.js';
import { NotFound, NotPermitted } from '../errors.js';
import { staffActor, type StaffPrincipal } from '../plugins/auth.js';
import { CalendarDate } from '../schemas/calendar.js';
import { ActionResult } from '../schemas/case.js';
import { errorResponses, LocalizedText, Uuid } from '../schemas/common.js';
import type { AppDeps } from '../app.js';

/** The case types that book seats: their cases are the agenda's. */
const BOOKING_TYPES = Object.entries(CASE_DEFINITIONS).flatMap(([type, d]) => (d.booking ? [type] : []));

const AgendaItem = Type.Object({
  caseId: Uuid,
  trackingCode: Type.String(),
  caseType: Type.String(),
  status: Type.String(),
  step: LocalizedText,
  service: Type.Object({ id: Uuid, code: Type.String(), names: LocalizedText }),
  localStart: Type.String(),
  localEnd: Type.String(),
  startsAt: Type.String({ format: 'date-time' }),
  modality: Type.String(),
  advisorId: Type.Union([Uuid, Type.Null()]),
  advisorName: Type.Union([Type.String(), Type.Null()]),
  applicantName: Type.String(),
  meetingUrl: Type.Union([Type.String(), Type.Null()]),
});

function entityOf(user: StaffPrincipal): string {
  if (!user.entityId) throw new NotPermitted('platform administrators do not receive citizens');
  return user.entityId;
}

/** An office's day of appointments for the staff who receive citizens there: check-in, completion, no-shows. */
export const staffAgendaRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const readers = app.requireStaff(['handler', 'supervisor', 'manager']);
  const actors = app.requireStaff(['handler', 'supervisor']);

  app.get(
    '/api/v1/staff/offices',
    {
      preHandler: readers,
      schema: {
        tags: ['staff'],
        summary: "The offices of the signed-in agent's entity: where its agenda can be read",
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), address: Type.String() })) }), ...errorResponses },
        security: [{ bearer: [] }],
      },
    },
    async (request) => {
      const items = await deps.prisma.office.findMany({
        where: { entityId: entityOf(request.user) },
        select: { id: true, code: true, name: true, address: true },
        orderBy: { code: 'asc' },
      });
      return { items };
    },
  );

  app.get(
    '/api/v1/staff/agenda',
    {
      preHandler: readers,
      schema: {
        tags: ['staff'],
        summary: 'The appointments of one office on one day, by start (and advisor): to check citizens in, complete, see no-shows',
        querystring: Type.Object({ officeId: Uuid, date: CalendarDate, advisorId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 200: Type.Object({ officeId: Uuid, date: Type.String(), items: Type.Array(AgendaItem) }), ...errorResponses },
        security: [{ bearer: [] }],
      },
    },
    async (request) => {
      const { officeId, advisorId } = request.query;
      const date = calendarDate(request.query.date, 'querystring.date');
      const office = await deps.prisma.office.findUnique({ where: { id: officeId } });
      if (!office || office.entityId !== entityOf(request.user)) throw new NotFound('no such office in your entity');
      const rows = await deps.prisma.case.findMany({
        where: {
          officeId,
          caseType: { in: BOOKING_TYPES },
          AND: [{ facts: { path: ['localDate'], equals: date } }, ...(advisorId ? [{ facts: { path: ['advisorId'], equals: advisorId } }] : [])],
        },
        include: { service: { select: { id: true, code: true, name: true, nameAr: true, nameEn: true } } },
      });
      // Advisors are named, so the agenda can be read and filtered by person.
      const advisorIds = [...new Set(rows.map((row) => (row.facts as Record<string, unknown>).advisorId).filter((id): id is string => typeof id === 'string'))];
      const advisors = new Map(
        (await deps.prisma.staffUser.findMany({ where: { id: { in: advisorIds } }, select: { id: true, displayName: true } })).map((a) => [a.id, a.displayName]),
      );
      const items = rows
        .map((row) => {
          const facts = row.facts as Record<string, unknown>;
          return {
            caseId: row.id,
            trackingCode: row.trackingCode,
            caseType: row.caseType,
            status: row.status,
            step: statusLabel(row.caseType, row.status, 'staff'),
            service: { id: row.service.id, code: row.service.code, names: serviceNames(row.service) },
            localStart: String(facts.localStart ?? ''),
            localEnd: String(facts.localEnd ?? ''),
            startsAt: String(facts.startsAt ?? ''),
            modality: String(facts.modality ?? ''),
            advisorId: typeof facts.advisorId === 'string' ? facts.advisorId : null,
            advisorName: typeof facts.advisorId === 'string' ? (advisors.get(facts.advisorId) ?? null) : null,
            applicantName: String((row.applicant as Record<string, unknown>).fullName ?? ''),
            meetingUrl: typeof facts.meetingUrl === 'string' ? facts.meetingUrl : null,
          };
        })
        .filter((item) => item.localStart !== '')
        .sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0));
      return { officeId, date, items };
    },
  );

  app.post(
    '/api/v1/staff/check-in',
    {
      preHandler: actors,
      schema: {
        tags: ['staff'],
        summary: 'Check a citizen in by the tracking code of their appointment (typed, or read from the QR code of the confirmation)',
        body: Type.Object({ code: Type.String({ pattern: TRACKING_CODE_PATTERN }) }, { additionalProperties: false }),
        response: { 200: ActionResult, ...errorResponses },
        security: [{ bearer: [] }],
      },
    },
    async (request) => {
      const row = await deps.prisma.case.findUnique({ where: { trackingCode: request.body.code } });
      if (!row || row.entityId !== entityOf(request.user) || !BOOKING_TYPES.includes(row.caseType)) throw new NotFound('no appointment with this code in your entity');
      const actor = staffActor(request.user);
      const view = await takeCaseStep(deps.temporal, row, 'check_in', actor, {});
      request.log.info({ caseId: row.id, actor: actorLabel(actor), action: 'check_in' }, 'citizen checked in');
      app.metrics.caseSteps.inc({ case_type: row.caseType, action: 'check_in', actor: request.user.role });
      return stepResult(view, 'staff');
    },
  );
};

/** The QR code of a confirmation: the appointment's tracking code, which the office's staff scan to check the citizen in. */
export function checkInQrSvg(trackingCode: string): Promise<string> {
  return QRCode.toString(trackingCode, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
