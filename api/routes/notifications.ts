import { actorLabel } from '../../domain/cases/actor.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AUDIENCES_OF_ROLE } from '../../domain/cases/notices.js';
import { NotFound, NotPermitted } from '../errors.js';
import { staffActor, type StaffPrincipal } from '../plugins/auth.js';
import { errorResponses } from '../schemas/common.js';
import type { AppDeps } from '../app.js';

const NotificationsQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: 'only those nobody marked read' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

/**
 * What the people of an entity are told: SLA warnings and breaches for handlers, escalations for
 * the head of service and the manager. A handler sees those of their cases and of unassigned ones.
 */
export const notificationRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const readers = app.requireStaff(['handler', 'supervisor', 'manager']);

  function visibleTo(user: StaffPrincipal) {
    if (!user.entityId) throw new NotPermitted('platform administrators receive no case notifications');
    return {
      entityId: user.entityId,
      audience: { in: [...AUDIENCES_OF_ROLE[user.role]] },
      ...(user.role === 'handler' ? { case: { OR: [{ assigneeId: user.sub }, { assigneeId: null }] } } : {}),
    };
  }

  app.get(
    '/api/v1/notifications',
    { preHandler: readers, schema: { tags: ['staff'], summary: 'Your notifications, newest first', querystring: NotificationsQuery, security: [{ bearer: [] }] } },
    async (request) => {
      const rows = await deps.prisma.notification.findMany({
        where: { ...visibleTo(request.user), ...(request.query.unread ? { readAt: null } : {}) },
        orderBy: { id: 'desc' },
        take: request.query.limit ?? 50,
        include: { case: { select: { trackingCode: true } } },
      });
      return {
        items: rows.map((n) => ({
          id: n.id.toString(),
          caseId: n.caseId,
          trackingCode: n.case.trackingCode,
          audience: n.audience,
          kind: n.kind,
          message: n.message,
          createdAt: n.createdAt.toISOString(),
          readAt: n.readAt?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/v1/notifications/:id/read',
    {
      preHandler: readers,
      schema: {
        tags: ['staff'],
        summary: 'Mark a notification read',
        params: Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }) }),
        response: { 204: Type.Null(), ...errorResponses },
        security: [{ bearer: [] }],
      },
    },
    async (request, reply) => {
      const updated = await deps.prisma.notification.updateMany({
        where: { id: BigInt(request.params.id), readAt: null, ...visibleTo(request.user) },
        data: { readAt: new Date(), readBy: actorLabel(staffActor(request.user)) },
      });
      if (updated.count === 0) {
        const visible = await deps.prisma.notification.count({ where: { id: BigInt(request.params.id), ...visibleTo(request.user) } });
        if (visible === 0) throw new NotFound('no such notification for you');
      }
      request.log.info({ actor: actorLabel(staffActor(request.user)), notificationId: request.params.id }, 'notification read');
      return reply.status(204).send(null);
    },
  );
};
