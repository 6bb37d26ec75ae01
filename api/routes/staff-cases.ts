import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses, Uuid } from '../schemas/common.js';
import { ActionBody, ActionName, ActionResult, CaseIdParams, emptyBodyAsObject } from '../schemas/case.js';
import { actorLabel } from '../../domain/cases/actor.js';
import { NotFound, NotPermitted } from '../errors.js';
import { staffActor, type StaffPrincipal } from '../plugins/auth.js';
import { attentionOf, loadCase, serviceNames, staffCaseView } from '../cases/case-read.js';
import { stepResult, takeCaseStep } from '../cases/case-workflows.js';
import { caseNotices } from '../cases/case-notices.js';
import { CaseNotices } from '../schemas/notice.js';
import type { AppDeps } from '../app.js';

const QueueQuery = Type.Object(
  {
    status: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    service: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,60}$', description: 'service code' })),
    assignee: Type.Optional(Type.Union([Type.Literal('me'), Type.Literal('none'), Uuid], { description: '"me", "none" or a user id' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    attention: Type.Optional(Type.Boolean({ description: 'true: only the cases flagged for attention' })),
  },
  { additionalProperties: false },
);

function entityOf(user: StaffPrincipal): string {
  if (!user.entityId) throw new NotPermitted('platform administrators do not handle cases');
  return user.entityId;
}

/** What handlers, supervisors and managers do with the cases of their entity. */
export const staffCaseRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const readers = app.requireStaff(['handler', 'supervisor', 'manager']);
  const actors = app.requireStaff(['handler', 'supervisor']);

  async function caseOfMyEntity(caseId: string, user: StaffPrincipal) {
    const found = await loadCase(deps.prisma, { id: caseId });
    if (!found || found.entityId !== entityOf(user)) throw new NotFound('no such case in your entity');
    return found;
  }

  app.get(
    '/api/v1/queue',
    {
      preHandler: readers,
      schema: { tags: ['staff'], summary: 'Work queue of your entity, oldest due first', querystring: QueueQuery, security: [{ bearer: [] }] },
    },
    async (request) => {
      const user = request.user;
      const { status, service, assignee, limit, attention } = request.query;
      const rows = await deps.prisma.case.findMany({
        where: {
          entityId: entityOf(user),
          ...(status ? { status } : { closedAt: null }),
          ...(service ? { service: { code: service } } : {}),
          ...(assignee === 'me' ? { assigneeId: user.sub } : assignee === 'none' ? { assigneeId: null } : assignee ? { assigneeId: assignee } : {}),
          ...(attention ? { attentionReason: { not: null } } : {}),
        },
        orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { submittedAt: 'asc' }],
        take: limit ?? 50,
        include: { service: { select: { code: true, name: true, nameAr: true, nameEn: true } } },
      });
      return {
        items: rows.map((row) => ({
          caseId: row.id,
          trackingCode: row.trackingCode,
          caseType: row.caseType,
          service: { code: row.service.code, name: row.service.name, names: serviceNames(row.service) },
          status: row.status,
          assigneeId: row.assigneeId,
          slaState: row.slaState,
          dueAt: row.dueAt?.toISOString() ?? null,
          submittedAt: row.submittedAt.toISOString(),
          attention: attentionOf(row),
        })),
      };
    },
  );

  app.get(
    '/api/v1/cases/by-id/:caseId',
    { preHandler: readers, schema: { tags: ['staff'], summary: 'A case with the applicant and its timeline', params: CaseIdParams, security: [{ bearer: [] }] } },
    async (request) => staffCaseView(await caseOfMyEntity(request.params.caseId, request.user), { userId: request.user.sub, role: request.user.role }),
  );

  app.get(
    '/api/v1/cases/by-id/:caseId/notices',
    {
      preHandler: readers,
      schema: {
        tags: ['staff'],
        summary: 'The notices of a case, each with its deliveries (channel, state, attempts, last error; addresses masked)',
        params: CaseIdParams,
        response: { 200: CaseNotices, ...errorResponses },
        security: [{ bearer: [] }],
      },
    },
    async (request) => caseNotices(deps.prisma, await caseOfMyEntity(request.params.caseId, request.user)),
  );

  app.post(
    '/api/v1/cases/:caseId/actions/:action',
    {
      preHandler: actors,
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['staff'],
        summary: 'Take a handler step: claim, request_info, approve, reject, mark_ready, deliver, close, extend_deadline (with reason)',
        params: Type.Intersect([CaseIdParams, Type.Object({ action: ActionName })]),
        body: ActionBody,
        response: { 200: ActionResult, ...errorResponses },
        security: [{ bearer: [] }],
      },
    },
    async (request) => {
      const found = await caseOfMyEntity(request.params.caseId, request.user);
      const view = await takeCaseStep(deps.temporal, found, request.params.action, staffActor(request.user), request.body);
      request.log.info({ caseId: found.id, actor: actorLabel(staffActor(request.user)), action: request.params.action }, 'staff step taken');
      app.metrics.caseSteps.inc({ case_type: found.caseType, action: request.params.action, actor: request.user.role });
      return stepResult(view, 'staff');
    },
  );
};
