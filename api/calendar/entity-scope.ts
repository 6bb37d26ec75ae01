import type { PrismaClient } from '../../platform/prisma.js';
import { NotFound } from '../errors.js';

/** Whose calendar: an entity's, or the national one (both null). */
export interface EntityScope {
  entityId: string | null;
  entityCode: string | null;
}

export const NATIONAL: EntityScope = { entityId: null, entityCode: null };

export async function entityScope(prisma: PrismaClient, code: string | undefined): Promise<EntityScope> {
  if (code === undefined) return NATIONAL;
  const entity = await prisma.entity.findUnique({ where: { code }, select: { id: true, code: true } });
  if (!entity) throw new NotFound(`no entity with the code ${JSON.stringify(code)}`);
  return { entityId: entity.id, entityCode: entity.code };
}
