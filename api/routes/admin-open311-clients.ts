import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorLabel } from '../../domain/cases/actor.js';
import type { AppDeps } from '../app.js';
import { staffActor } from '../plugins/auth.js';
import { issueClientKey, listClients, revokeClient } from '../open311/api-keys.js';
import { errorResponses, Uuid } from '../schemas/common.js';
import { IssuedOpen311Client, Open311ClientBody, Open311ClientView } from '../schemas/open311.js';

/** The applications allowed to submit complaints through Open311, as administrators keep them. */
export const adminOpen311ClientRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const admins = app.requireStaff(['admin']);
  const tags = ['admin'];

  app.post(
    '/api/v1/admin/open311-clients',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Issue an api_key to an Open311 client; the key is in this answer only (its hash is kept)',
        body: Open311ClientBody,
        response: { 201: IssuedOpen311Client, ...errorResponses },
      },
    },
    async (request, reply) => {
      const issued = await issueClientKey(deps.prisma, request.body.name, request.user.sub);
      request.log.info({ open311ClientId: issued.client.id, actor: actorLabel(staffActor(request.user)) }, 'Open311 api_key issued');
      return reply.status(201).header('cache-control', 'no-store').send(issued);
    },
  );

  app.get(
    '/api/v1/admin/open311-clients',
    {
      preHandler: admins,
      schema: { tags, summary: 'Every Open311 client, revoked or not (never their keys)', response: { 200: Type.Object({ items: Type.Array(Open311ClientView) }), ...errorResponses } },
    },
    async () => ({ items: await listClients(deps.prisma) }),
  );

  app.delete(
    '/api/v1/admin/open311-clients/:id',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Revoke an Open311 client’s api_key: it is refused from now on (the client stays listed, revoked)',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ client: Open311ClientView }), ...errorResponses },
      },
    },
    async (request) => {
      const client = await revokeClient(deps.prisma, request.params.id, request.user.sub);
      request.log.info({ open311ClientId: client.id, actor: actorLabel(staffActor(request.user)) }, 'Open311 api_key revoked');
      return { client };
    },
  );
};
