import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { parse } from 'csv-parse/sync';
import { defaultPolicy } from '../../domain/sla/default-policies.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { TEST_SEED_PASSWORD } from '../global-setup.js';

/** A staff account of an entity that signs in with the tests' seed password. */
export async function createStaff(prisma: PrismaClient, entityId: string | null, role: 'handler' | 'supervisor' | 'manager' | 'admin') {
  return prisma.staffUser.create({
    data: {
      username: `${role}-${randomUUID().slice(0, 8)}`,
      displayName: `Agent ${role}`,
      role,
      entityId,
      passwordHash: await bcrypt.hash(TEST_SEED_PASSWORD, 4),
    },
  });
}

/** An entity of its own with a document service (10 working days, an internal target of 5), a handler and a manager. */
export async function createStatsEntity(prisma: PrismaClient) {
  const suffix = randomUUID().slice(0, 8).toUpperCase();
  const entity = await prisma.entity.create({ data: { code: `STATS-${suffix}`, name: `Entité statistique ${suffix}` } });
  const service = await prisma.service.create({
    data: {
      entityId: entity.id,
      code: `DOC-${suffix}`,
      caseType: 'document_request',
      name: `Attestation ${suffix}`,
      clocks: { decision: { ...defaultPolicy('document_request'), budget: { unit: 'working_days', amount: 10 }, internalTarget: { unit: 'working_days', amount: 5 } } } as object,
    },
  });
  const office = await prisma.office.create({ data: { entityId: entity.id, code: `BUREAU-${suffix}`, name: `Bureau ${suffix}`, address: 'Rabat' } });
  const [handler, manager] = await Promise.all([createStaff(prisma, entity.id, 'handler'), createStaff(prisma, entity.id, 'manager')]);
  return { entity, service, office, handler, manager };
}

/** CSV rows read back as the JSON items would be: numbers as numbers, empty cells as null. */
export function parseCsv(text: string): { header: string[]; rows: Array<Record<string, string | number | null>> } {
  const records = parse(text, { bom: false }) as string[][];
  const [header = [], ...body] = records;
  const cell = (value: string) => (value === '' ? null : /^-?[0-9]+(\.[0-9]+)?(e-?[0-9]+)?$/.test(value) ? Number(value) : value);
  return { header, rows: body.map((r) => Object.fromEntries(header.map((name, i) => [name, cell(r[i] ?? '')]))) };
}
