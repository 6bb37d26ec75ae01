import { storedMainPolicy } from '../../domain/sla/service-clocks.js';
import { caseDefinition, clocksOf } from '../../domain/cases/machines.js';
import { appointmentSettings } from '../../domain/appointments/appointment-settings.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { budgetLabel } from '../../domain/sla/explanation.js';
import { validateSlaPolicy } from '../../domain/sla/policy.js';
import type { AppDeps } from '../app.js';

/**
 * The public catalogue: what can be asked of which entity, and within which legal time. A service
 * of a case type not registered yet (appointments are catalogued before their definition runs)
 * shows the first clock it stores.
 */
function mainPolicyOf(service: { caseType: string; clocks: unknown }): unknown {
  const stored = typeof service.clocks === 'object' && service.clocks !== null ? Object.keys(service.clocks) : [];
  return storedMainPolicy(service.clocks, clocksOf(service.caseType)?.[0] ?? stored[0] ?? 'decision');
}

export const serviceRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/api/v1/services',
    {
      schema: {
        tags: ['catalogue'],
        summary: 'Services open for requests, with their SLA policy',
        querystring: Type.Object(
          { entity: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,60}$', description: 'entity code' })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const rows = await deps.prisma.service.findMany({
        where: { active: true, ...(request.query.entity ? { entity: { code: request.query.entity } } : {}) },
        include: { entity: { select: { code: true, name: true } } },
        orderBy: [{ entity: { code: 'asc' } }, { code: 'asc' }],
      });
      // A service whose stored policy is unusable takes no requests (the submission refuses it):
      // it is left out here rather than failing the whole catalogue.
      const usable = rows.flatMap((s) => {
        try {
          return [{ s, policy: validateSlaPolicy(mainPolicyOf(s)) }];
        } catch {
          request.log.warn({ serviceId: s.id }, 'service with an unusable clock policy left out of the catalogue');
          return [];
        }
      });
      return {
        items: usable.map(({ s, policy }) => ({
          id: s.id,
          code: s.code,
          name: s.name,
          nameAr: s.nameAr,
          names: { fr: s.name, ar: s.nameAr || s.name, en: s.nameEn || s.name },
          description: s.description,
          descriptions: { fr: s.description, ar: s.descriptionAr || s.description, en: s.descriptionEn || s.description },
          requiredDocuments: s.requiredDocuments,
          caseType: s.caseType,
          entity: s.entity,
          // the main clock's policy, as before named clocks; `clocks` has every one
          slaPolicy: mainPolicyOf(s),
          clocks: s.clocks,
          legalTime: budgetLabel(policy.budget),
          // a service booking seats says how its meetings may be held, so the booking form offers only those
          ...(caseDefinition(s.caseType)?.booking ? { modalities: appointmentSettings(s.settings).modalities } : {}),
        })),
      };
    },
  );
};
