import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import type { CaseType } from '../../domain/cases/case-type.js';
import { Prisma } from '../../prisma/generated/client.js';
import type { AppDeps } from '../app.js';
import { adminServiceView, serviceColumns, validClocks } from '../catalogue/service-record.js';
import { AlreadyExists, ChangeConflicts, InvalidInput, NotFound } from '../errors.js';
import { staffActor } from '../plugins/auth.js';
import { errorResponses } from '../schemas/common.js';
import { AdminServiceView, ServiceBody, ServiceChangeAnswer, ServiceIdParams } from '../schemas/service.js';
import { actorLabel } from '../../domain/cases/actor.js';

const APPLIES_TO_NEW_CASES = 'saved: it applies to requests submitted from now on; running cases keep the rules they started with';

/** The catalogue, as administrators keep it: every service of every entity, active or not. */
export const adminServiceRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const admins = app.requireStaff(['admin']);
  const withEntity = { entity: { select: { code: true } } } as const;

  async function entityIdOf(code: string): Promise<string> {
    const entity = await deps.prisma.entity.findUnique({ where: { code }, select: { id: true } });
    if (!entity) throw new InvalidInput(`no entity has the code '${code}'`, { field: 'body.entityCode' });
    return entity.id;
  }

  function duplicateCode(err: unknown, body: Static<typeof ServiceBody>): never {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw new AlreadyExists(`the entity ${body.entityCode} already has a service with the code ${body.code}`, { field: 'body.code' });
    }
    throw err;
  }

  app.get(
    '/api/v1/admin/services',
    {
      preHandler: admins,
      schema: { tags: ['admin'], summary: 'Every service of the catalogue, active or not, with its clocks', response: { 200: Type.Object({ items: Type.Array(AdminServiceView) }), ...errorResponses } },
    },
    async () => {
      const rows = await deps.prisma.service.findMany({ include: withEntity, orderBy: [{ entity: { code: 'asc' } }, { code: 'asc' }] });
      return { items: rows.map(adminServiceView) };
    },
  );

  app.post(
    '/api/v1/admin/services',
    {
      preHandler: admins,
      schema: { tags: ['admin'], summary: 'Add a service to the catalogue', body: ServiceBody, response: { 201: ServiceChangeAnswer, ...errorResponses } },
    },
    async (request, reply) => {
      const body = request.body;
      const clocks = validClocks(body.caseType as CaseType, body.clocks);
      const entityId = await entityIdOf(body.entityCode);
      const row = await deps.prisma.service
        .create({ data: { ...serviceColumns(body, clocks), entityId }, include: withEntity })
        .catch((err: unknown) => duplicateCode(err, body));
      request.log.info({ serviceId: row.id, actor: actorLabel(staffActor(request.user)) }, 'service added');
      return reply.status(201).send({ service: adminServiceView(row), appliesTo: 'new_cases' as const, message: APPLIES_TO_NEW_CASES });
    },
  );

  app.put(
    '/api/v1/admin/services/:id',
    {
      preHandler: admins,
      schema: {
        tags: ['admin'],
        summary: 'Replace a service: names, descriptions, clocks, required documents, open or closed; new cases only',
        params: ServiceIdParams,
        body: ServiceBody,
        response: { 200: ServiceChangeAnswer, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      const current = await deps.prisma.service.findUnique({ where: { id: request.params.id }, include: { _count: { select: { cases: true } }, ...withEntity } });
      if (!current) throw new NotFound('no service has this id');
      const clocks = validClocks(body.caseType as CaseType, body.clocks);
      const entityId = await entityIdOf(body.entityCode);
      // Its cases were filed with that entity as that type: a new service is what a different one needs.
      if (current._count.cases > 0 && (entityId !== current.entityId || body.caseType !== current.caseType)) {
        throw new ChangeConflicts('this service has cases: its entity and case type can no longer change (add a new service instead)', {
          field: entityId !== current.entityId ? 'body.entityCode' : 'body.caseType',
        });
      }
      const row = await deps.prisma.service
        .update({ where: { id: current.id }, data: { ...serviceColumns(body, clocks), entityId }, include: withEntity })
        .catch((err: unknown) => duplicateCode(err, body));
      request.log.info({ serviceId: row.id, actor: actorLabel(staffActor(request.user)) }, 'service changed');
      return { service: adminServiceView(row), appliesTo: 'new_cases' as const, message: APPLIES_TO_NEW_CASES };
    },
  );
};
