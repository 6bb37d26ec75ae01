import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_ENTITY_CODES, SEED_SERVICE_CODES, SEED_USERNAMES, seed } from '../../prisma/seed.js';
import { createPrisma, type PrismaClient } from '../../platform/prisma.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const opened: { database: TestDatabase; prisma: PrismaClient }[] = [];
const quiet = () => {};

async function freshDatabase(): Promise<PrismaClient> {
  const database = await createTestDatabase();
  const prisma = createPrisma(database.url);
  opened.push({ database, prisma });
  return prisma;
}

async function everything(prisma: PrismaClient) {
  return {
    entities: await prisma.entity.findMany({ orderBy: { code: 'asc' } }),
    offices: await prisma.office.findMany({ orderBy: { code: 'asc' } }),
    services: await prisma.service.findMany({ orderBy: { code: 'asc' } }),
    staff: await prisma.staffUser.findMany({ orderBy: { username: 'asc' } }),
  };
}

afterEach(async () => {
  for (const { database, prisma } of opened.splice(0)) {
    await prisma.$disconnect();
    await database.drop();
  }
});

describe('seed', () => {
  it('creates two entities with an office each, their document services and one account per role', async () => {
    const prisma = await freshDatabase();
    expect(await seed(prisma, { password: 's3cret-pass', nodeEnv: 'development', log: quiet })).toEqual({ created: true });

    const { entities, offices, services, staff } = await everything(prisma);
    expect(entities.map((entity) => entity.code).sort()).toEqual(Object.values(SEED_ENTITY_CODES).sort());
    expect(entities.every((entity) => entity.nameAr)).toBe(true);
    expect(offices.map((office) => office.entityId).sort()).toEqual(entities.map((entity) => entity.id).sort());
    expect(services.map((service) => service.code).sort()).toEqual(Object.values(SEED_SERVICE_CODES).sort());
    expect(new Set(services.map((service) => service.caseType))).toEqual(new Set(['document_request', 'information_request', 'complaint']));

    const birth = services.find((service) => service.code === SEED_SERVICE_CODES.birthCertificate)!;
    expect((birth.clocks as Record<string, unknown>).decision).toMatchObject({
      budget: { unit: 'working_days', amount: 3 },
      legalBasis: expect.stringContaining('55-19'),
      warnAt: [0.5, 0.75, 0.9],
      extension: null,
      silence: 'none',
    });
    expect(((birth.clocks as Record<string, unknown>).decision as { escalation: unknown[] }).escalation).toHaveLength(2);
    const investment = services.find((service) => service.code === SEED_SERVICE_CODES.investmentAuthorisation)!;
    expect((investment.clocks as Record<string, unknown>).decision).toMatchObject({ budget: { unit: 'calendar_days', amount: 30 }, silence: 'implicit_acceptance' });

    const justice = entities.find((entity) => entity.code === SEED_ENTITY_CODES.justice)!;
    expect(staff.map((user) => [user.username, user.role, user.entityId])).toEqual(
      [...SEED_USERNAMES].sort().map((username) => [username, username, username === 'admin' ? null : justice.id]),
    );
    for (const user of staff) {
      expect(user.passwordHash).not.toContain('s3cret-pass');
      expect(await bcrypt.compare('s3cret-pass', user.passwordHash)).toBe(true);
      expect(await bcrypt.compare('demo', user.passwordHash)).toBe(false);
    }
  }, 30_000);

  it('changes nothing when run again', async () => {
    const prisma = await freshDatabase();
    await seed(prisma, { password: undefined, nodeEnv: 'development', log: quiet });
    const before = await everything(prisma);

    expect(await seed(prisma, { password: 'another-password', nodeEnv: 'development', log: quiet })).toEqual({ created: false });
    expect(await everything(prisma)).toEqual(before);
    expect(await bcrypt.compare('demo', before.staff[0]!.passwordHash)).toBe(true);
  }, 30_000);

  it('seeds once when several processes start on the same fresh database', async () => {
    const prisma = await freshDatabase();
    const results = await Promise.all([1, 2, 3].map(() => seed(prisma, { password: 'pw', nodeEnv: 'test', log: quiet })));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(await prisma.staffUser.count()).toBe(SEED_USERNAMES.length);
  }, 30_000);

  it('refuses in production without SEED_PASSWORD or with the demo password, and writes nothing', async () => {
    const prisma = await freshDatabase();
    await expect(seed(prisma, { password: undefined, nodeEnv: 'production', log: quiet })).rejects.toThrow(
      /demo password in production: set SEED_PASSWORD/,
    );
    await expect(seed(prisma, { password: 'demo', nodeEnv: 'production', log: quiet })).rejects.toThrow(/SEED_PASSWORD/);
    expect(await everything(prisma)).toEqual({ entities: [], offices: [], services: [], staff: [] });

    expect(await seed(prisma, { password: 'a-real-secret', nodeEnv: 'production', log: quiet })).toEqual({ created: true });
  }, 30_000);

  it('never logs the password', async () => {
    const prisma = await freshDatabase();
    const lines: string[] = [];
    await seed(prisma, { password: 'do-not-print-me', nodeEnv: 'development', log: (msg) => lines.push(msg) });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('do-not-print-me');
  }, 30_000);
});
