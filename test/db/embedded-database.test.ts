import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_ENTITY_CODES, SEED_SERVICE_CODES, seed } from '../../prisma/seed.js';
import { resolveDatabase, type ResolvedDatabase } from '../../platform/database.js';
import { applyMigrations, readMigrations } from '../../platform/migrate.js';
import { createPrisma, type PrismaClient } from '../../platform/prisma.js';
import { createTestDatabase } from '../support/database.js';

const quiet = () => {};

describe('embedded PGlite database (no DATABASE_URL)', () => {
  let dataDir: string;
  let database: ResolvedDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'khidma-pglite-'));
    database = await resolveDatabase({ dataDir, log: quiet, databaseUrl: '' });
    prisma = createPrisma(database.url);
  }, 60_000);

  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is served on 127.0.0.1 and takes the migrations and the seed', async () => {
    expect(database.embedded).toBe(true);
    expect(new URL(database.url).hostname).toBe('127.0.0.1');
    const local = (await readMigrations()).map((migration) => migration.name);
    expect((await applyMigrations(database.url)).applied).toEqual(local);
    expect(await applyMigrations(database.url)).toEqual({ applied: [] });
    expect(await seed(prisma, { password: 'pw', nodeEnv: 'development', log: quiet })).toEqual({ created: true });
  }, 60_000);

  it('answers Prisma queries', async () => {
    const justice = await prisma.entity.findUnique({
      where: { code: SEED_ENTITY_CODES.justice },
      include: { services: { orderBy: { code: 'asc' } }, offices: true },
    });
    expect(justice?.services.map((service) => service.code)).toEqual([
      SEED_SERVICE_CODES.informationRequest,
      SEED_SERVICE_CODES.criminalRecord,
      SEED_SERVICE_CODES.nationalityCertificate,
      SEED_SERVICE_CODES.legalConsultation,
      SEED_SERVICE_CODES.justiceAppointment,
      SEED_SERVICE_CODES.complaint,
    ]);
    expect(justice?.offices).toHaveLength(1);
    // the seed published slots there too: locks, arrays and NULLS NOT DISTINCT work on PGlite
    expect(await prisma.slot.count({ where: { officeId: justice!.offices[0]!.id } })).toBeGreaterThan(0);
  }, 30_000);

  it('commits and rolls back interactive transactions', async () => {
    const entity = await prisma.entity.findUniqueOrThrow({ where: { code: SEED_ENTITY_CODES.communeRabat } });
    const before = await prisma.office.count();

    await prisma.$transaction(async (tx) => {
      await tx.office.create({ data: { entityId: entity.id, code: 'ANNEXE-1', name: 'Annexe 1', address: 'Rabat' } });
      expect(await tx.office.count()).toBe(before + 1);
    });
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.office.create({ data: { entityId: entity.id, code: 'ANNEXE-2', name: 'Annexe 2', address: 'Rabat' } });
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');

    expect((await prisma.office.findMany({ where: { code: { startsWith: 'ANNEXE' } } })).map((o) => o.code)).toEqual(['ANNEXE-1']);
  }, 30_000);

  it('keeps concurrent transactions, queries and failing queries apart', async () => {
    const entity = await prisma.entity.findUniqueOrThrow({ where: { code: SEED_ENTITY_CODES.communeRabat } });
    const before = await prisma.office.count();
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      work.push(
        prisma
          .$transaction(async (tx) => {
            await tx.office.create({ data: { entityId: entity.id, code: `BULK-${i}`, name: `Bulk ${i}`, address: 'Rabat' } });
            if (i % 4 === 0) throw new Error('abandon');
          })
          .catch((error: Error) => expect(error.message).toBe('abandon')),
      );
      work.push(prisma.$queryRaw<{ n: number }[]>`SELECT ${i}::int AS n`.then((rows) => expect(rows).toEqual([{ n: i }])));
      if (i % 5 === 0) work.push(expect(prisma.$queryRaw`SELECT 1 / ${i - i}::int`).rejects.toThrow(/division by zero/));
      work.push(
        prisma.entity
          .findUniqueOrThrow({ where: { code: SEED_ENTITY_CODES.justice } })
          .then((found) => expect(found.code).toBe(SEED_ENTITY_CODES.justice)),
      );
    }
    await Promise.all(work);
    expect(await prisma.office.count()).toBe(before + 30);
  }, 60_000);

  it('rolls back and releases the transaction of a connection that goes away', async () => {
    const entity = await prisma.entity.findUniqueOrThrow({ where: { code: SEED_ENTITY_CODES.communeRabat } });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    client.on('error', () => {});
    await client.query('BEGIN');
    await client.query('INSERT INTO office (id, entity_id, code, name, address) VALUES (gen_random_uuid(), $1, $2, $3, $4)', [
      entity.id,
      'ABANDONED',
      'Abandoned',
      'Rabat',
    ]);
    const waiting = prisma.office.count({ where: { code: 'ABANDONED' } });
    // as if its process crashed: no COMMIT, no ROLLBACK, no Terminate message
    client.connection.stream.destroy();

    expect(await waiting).toBe(0);
    expect(await prisma.office.count({ where: { code: 'ABANDONED' } })).toBe(0);
  }, 30_000);

  it('keeps its data across restarts', async () => {
    await prisma.$disconnect();
    await database.stop();
    database = await resolveDatabase({ dataDir, log: quiet, databaseUrl: '' });
    prisma = createPrisma(database.url);

    expect(await applyMigrations(database.url)).toEqual({ applied: [] });
    expect(await seed(prisma, { password: 'pw', nodeEnv: 'development', log: quiet })).toEqual({ created: false });
    expect(await prisma.office.count({ where: { code: 'ANNEXE-1' } })).toBe(1);
  }, 60_000);
});

describe('external database (DATABASE_URL)', () => {
  it('is used as given once it answers', async () => {
    const external = await createTestDatabase({ migrate: false });
    try {
      const database = await resolveDatabase({ dataDir: '/nonexistent', log: quiet, databaseUrl: external.url });
      expect(database).toMatchObject({ url: external.url, embedded: false });
      await database.stop();
    } finally {
      await external.drop();
    }
  }, 30_000);

  it('fails with one clear line, without credentials, when unreachable', async () => {
    const failure = resolveDatabase({
      dataDir: '/nonexistent',
      log: quiet,
      databaseUrl: 'postgresql://khidma:hunter2@127.0.0.1:1/khidma',
    });
    await expect(failure).rejects.toThrow(/^DATABASE_URL \(127\.0\.0\.1:1\/khidma\) is not reachable: .*ECONNREFUSED/);
    const message = await failure.catch((error: Error) => error.message);
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('\n');
  }, 30_000);
});
