import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SLOT_CASE_TYPES } from '../../domain/appointments/slot-publication.js';
import { actorLabel } from '../../domain/cases/actor.js';
import { appointmentSettings } from '../../domain/appointments/appointment-settings.js';
import { dbDateOf } from '../../store/calendar-source.js';
import { moroccanToday, publicationCounts, type PublicationResult } from '../../store/slot-publication.js';
import type { LocalizedName } from '../../domain/calendar/types.js';
import type { FastifyBaseLogger } from 'fastify';
import { cancelAppointmentsOnSlots } from '../appointments/office-closure.js';
import type { AppDeps } from '../app.js';
import { addException, addTemplate, removeException, removeTemplate, replaceTemplate } from '../appointments/slot-rule-admin.js';
import { exceptionView, publicationSummary, templateView } from '../appointments/slot-rule-views.js';
import { NotFound } from '../errors.js';
import { staffActor } from '../plugins/auth.js';
import { errorResponses } from '../schemas/common.js';
import {
  OfficeIdParams,
  RuleIdParams,
  SlotExceptionBody,
  SlotExceptionChange,
  SlotExceptionsAnswer,
  SlotRuleRemoved,
  SlotTemplateBody,
  SlotTemplateChange,
  SlotTemplatesAnswer,
} from '../schemas/slots.js';

/*
 * Administrators keep each office's appointment slots: weekly templates per service (and advisor)
 * and exceptions (closures, extra openings). Every change republishes the office's horizon.
 */
/** Why an appointment is cancelled when its slot leaves the agenda with a change of hours. */
const HOURS_CHANGED: LocalizedName = {
  fr: 'les horaires de ce service ont changé',
  ar: 'تغيرت مواقيت هذه الخدمة',
  en: 'the hours of this service changed',
};

export const adminSlotRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  /** A change that took booked slots off the agenda cancels their appointments, each citizen told why. */
  const cancelOnClosed = (publication: PublicationResult, reason: LocalizedName | string, actor: string, log: FastifyBaseLogger) =>
    cancelAppointmentsOnSlots({ ...deps, log }, { slotIds: publication.closed.map((c) => c.slotId), reason, actor });

  const admins = app.requireStaff(['admin']);
  const security = [{ bearer: [] }];

  async function officeSummary(officeId: string) {
    const office = await deps.prisma.office.findUnique({ where: { id: officeId }, include: { entity: { select: { code: true } } } });
    if (!office) throw new NotFound('no office has this id');
    return { entityId: office.entityId, office: { id: office.id, code: office.code, name: office.name, address: office.address, entityCode: office.entity.code } };
  }

  app.get(
    '/api/v1/admin/offices/:officeId/slot-templates',
    {
      preHandler: admins,
      schema: {
        tags: ['admin'],
        summary: "An office's weekly slot templates, with the entity's appointment services and the advisors who may hold slots",
        params: OfficeIdParams,
        response: { 200: SlotTemplatesAnswer, ...errorResponses },
        security,
      },
    },
    async (request) => {
      const { entityId, office } = await officeSummary(request.params.officeId);
      const [services, advisors, templates] = await Promise.all([
        deps.prisma.service.findMany({ where: { entityId, caseType: { in: [...SLOT_CASE_TYPES] } }, orderBy: { code: 'asc' } }),
        deps.prisma.staffUser.findMany({ where: { entityId, active: true, role: { in: ['handler', 'supervisor'] } }, orderBy: { displayName: 'asc' } }),
        deps.prisma.slotTemplate.findMany({ where: { officeId: office.id }, orderBy: [{ serviceId: 'asc' }, { weekday: 'asc' }, { startTime: 'asc' }] }),
      ]);
      return {
        office,
        services: services.map((s) => ({
          id: s.id,
          code: s.code,
          caseType: s.caseType,
          names: { fr: s.name, ar: s.nameAr || s.name, en: s.nameEn || s.name },
          byAdvisor: appointmentSettings(s.settings).byAdvisor,
        })),
        advisors: advisors.map((a) => ({ id: a.id, displayName: a.displayName, advisorDomains: Array.isArray(a.advisorDomains) ? a.advisorDomains.map(String) : [] })),
        items: templates.map(templateView),
      };
    },
  );

  app.post(
    '/api/v1/admin/offices/:officeId/slot-templates',
    {
      preHandler: admins,
      schema: {
        tags: ['admin'],
        summary: 'Add a weekly template: slots of one service (and advisor) on one weekday; the office’s eight weeks are republished',
        params: OfficeIdParams,
        body: SlotTemplateBody,
        response: { 201: SlotTemplateChange, ...errorResponses },
        security,
      },
    },
    async (request, reply) => {
      const actor = actorLabel(staffActor(request.user));
      const { row, publication } = await addTemplate(deps.prisma, request.params.officeId, request.body, actor);
      request.log.info({ actor, templateId: row.id, ...publicationCounts(publication) }, 'slot template added');
      const appointmentsCancelled = await cancelOnClosed(publication, HOURS_CHANGED, actor, request.log);
      return reply.status(201).send({ template: templateView(row), publication: publicationSummary(publication), appointmentsCancelled });
    },
  );

  app.put(
    '/api/v1/admin/slot-templates/:id',
    {
      preHandler: admins,
      schema: {
        tags: ['admin'],
        summary: 'Replace a weekly template; slots no longer produced close (and are listed) if seats were taken',
        params: RuleIdParams,
        body: SlotTemplateBody,
        response: { 200: SlotTemplateChange, ...errorResponses },
        security,
      },
    },
    async (request) => {
      const actor = actorLabel(staffActor(request.user));
      const { row, publication } = await replaceTemplate(deps.prisma, request.params.id, request.body, actor);
      request.log.info({ actor, templateId: row.id, ...publicationCounts(publication) }, 'slot template changed');
      const appointmentsCancelled = await cancelOnClosed(publication, HOURS_CHANGED, actor, request.log);
      return { template: templateView(row), publication: publicationSummary(publication), appointmentsCancelled };
    },
  );

  app.delete(
    '/api/v1/admin/slot-templates/:id',
    {
      preHandler: admins,
      schema: {
        tags: ['admin'],
        summary: 'Remove a weekly template; its slots with seats taken close (and are listed), the others go',
        params: RuleIdParams,
        response: { 200: SlotRuleRemoved, ...errorResponses },
        security,
      },
    },
    async (request) => {
      const actor = actorLabel(staffActor(request.user));
      const { row, publication } = await removeTemplate(deps.prisma, request.params.id);
      request.log.info({ actor, templateId: row.id, ...publicationCounts(publication) }, 'slot template removed');
      const appointmentsCancelled = await cancelOnClosed(publication, HOURS_CHANGED, actor, request.log);
      return { removed: row.id, publication: publicationSummary(publication), appointmentsCancelled };
    },
  );

  app.get(
    '/api/v1/admin/offices/:officeId/slot-exceptions',
    {
      preHandler: admins,
      schema: {
        tags: ['admin'],
        summary: "An office's closures and extra openings from today on",
        params: OfficeIdParams,
        response: { 200: SlotExceptionsAnswer, ...errorResponses },
        security,
      },
    },
    async (request) => {
      const { office } = await officeSummary(request.params.officeId);
      const rows = await deps.prisma.slotException.findMany({
        where: { officeId: office.id, date: { gte: dbDateOf(moroccanToday()) } },
        orderBy: [{ date: 'asc' }, { startTime: 'asc' }],
      });
      return { office, items: rows.map(exceptionView) };
    },
  );

  app.post(
    '/api/v1/admin/offices/:officeId/slot-exceptions',
    {
      preHandler: admins,
      schema: {
        tags: ['admin'],
        summary: 'Close a day or a time range (every service or one, every advisor or one), or open extra slots of a service; the office’s eight weeks are republished',
        params: OfficeIdParams,
        body: SlotExceptionBody,
        response: { 201: SlotExceptionChange, ...errorResponses },
        security,
      },
    },
    async (request, reply) => {
      const actor = actorLabel(staffActor(request.user));
      const { row, publication } = await addException(deps.prisma, request.params.officeId, request.body, actor);
      request.log.info({ actor, exceptionId: row.id, kind: row.kind, ...publicationCounts(publication) }, 'slot exception added');
      const appointmentsCancelled = await cancelOnClosed(publication, row.reason || HOURS_CHANGED, actor, request.log);
      return reply.status(201).send({ exception: exceptionView(row), publication: publicationSummary(publication), appointmentsCancelled });
    },
  );

  app.delete(
    '/api/v1/admin/slot-exceptions/:id',
    {
      preHandler: admins,
      schema: {
        tags: ['admin'],
        summary: 'Remove a closure or an opening; the office’s eight weeks are republished',
        params: RuleIdParams,
        response: { 200: SlotRuleRemoved, ...errorResponses },
        security,
      },
    },
    async (request) => {
      const actor = actorLabel(staffActor(request.user));
      const { row, publication } = await removeException(deps.prisma, request.params.id);
      request.log.info({ actor, exceptionId: row.id, ...publicationCounts(publication) }, 'slot exception removed');
      const appointmentsCancelled = await cancelOnClosed(publication, HOURS_CHANGED, actor, request.log);
      return { removed: row.id, publication: publicationSummary(publication), appointmentsCancelled };
    },
  );
};
