import type { Static } from 'typebox';
import type { CaseType } from '../../domain/cases/case-type.js';
import { caseDefinition, serviceClocksOf } from '../../domain/cases/machines.js';
import type { LocalizedName } from '../../domain/calendar/types.js';
import { InvalidSlaPolicy, validateSlaPolicy, type SlaPolicy } from '../../domain/sla/policy.js';
import type { Prisma, Service } from '../../prisma/generated/client.js';
import { InvalidInput } from '../errors.js';
import type { AdminServiceView, ServiceBody } from '../schemas/service.js';

/* A service as the catalogue administration reads and writes it: one policy per named clock of its case type. */

type Body = Static<typeof ServiceBody>;

/** The case type's clocks, each with a valid policy: 400 naming the field otherwise. */
export function validClocks(caseType: CaseType, clocks: Record<string, unknown>): Record<string, SlaPolicy> {
  const names = serviceClocksOf(caseType)?.map((c) => c.name);
  if (!names || caseDefinition(caseType)?.linkedOnly) throw new InvalidInput(`case type '${caseType}' does not run on this platform yet`, { field: 'body.caseType' });
  for (const name of Object.keys(clocks)) {
    if (!names.includes(name)) throw new InvalidInput(`${caseType} has no clock '${name}' (its clocks: ${names.join(', ')})`, { field: `body.clocks.${name}` });
  }
  return Object.fromEntries(
    names.map((name) => {
      if (!(name in clocks)) throw new InvalidInput(`the policy of the clock '${name}' is required`, { field: `body.clocks.${name}` });
      try {
        return [name, validateSlaPolicy(clocks[name])];
      } catch (err) {
        if (!(err instanceof InvalidSlaPolicy)) throw err;
        const field = err.path === 'policy' ? `body.clocks.${name}` : `body.clocks.${name}.${err.path}`;
        throw new InvalidInput(`${field} ${err.problem}`, { field });
      }
    }),
  );
}

/** The case type's settings as sent, checked by its definition: 400 naming the field otherwise. */
export function validSettings(caseType: CaseType, settings: Record<string, unknown> | undefined): Record<string, unknown> {
  const definition = caseDefinition(caseType);
  if (!settings || Object.keys(settings).length === 0) return {};
  if (!definition?.settings) throw new InvalidInput(`${caseType} has no settings beyond its clocks`, { field: 'body.settings' });
  const problem = definition.settings.problem(settings);
  if (problem) throw new InvalidInput(`body.${problem.field} ${problem.message}`, { field: `body.${problem.field}` });
  return settings;
}

/** The columns a service body writes (the entity is resolved by the caller). */
export function serviceColumns(body: Body, clocks: Record<string, SlaPolicy>) {
  return {
    caseType: body.caseType,
    code: body.code,
    name: body.names.fr,
    nameAr: body.names.ar,
    nameEn: body.names.en,
    description: body.descriptions.fr,
    descriptionAr: body.descriptions.ar,
    descriptionEn: body.descriptions.en,
    // SlaPolicy is plain JSON data; an interface just lacks the index signature Prisma's JSON type asks for.
    clocks: clocks as unknown as Prisma.InputJsonObject,
    requiredDocuments: body.requiredDocuments as unknown as Prisma.InputJsonArray,
    active: body.active,
    settings: validSettings(body.caseType as CaseType, body.settings) as Prisma.InputJsonObject,
  };
}

export function adminServiceView(row: Service & { entity: { code: string } }): Static<typeof AdminServiceView> {
  return {
    id: row.id,
    entityCode: row.entity.code,
    caseType: row.caseType,
    code: row.code,
    names: { fr: row.name, ar: row.nameAr ?? '', en: row.nameEn },
    descriptions: { fr: row.description, ar: row.descriptionAr, en: row.descriptionEn },
    clocks: row.clocks as Record<string, unknown>,
    requiredDocuments: row.requiredDocuments as unknown as LocalizedName[],
    active: row.active,
    settings: row.settings as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
  };
}
