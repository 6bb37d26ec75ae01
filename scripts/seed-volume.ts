// `npm run seed:volume -- --cases 1000000 [--seed N] [--years N] [--end-date YYYY-MM-DD] [--distinct N]`: generated
// cases for trying the statistics on real-looking data, written into DATABASE_URL (or the embedded
// database `npm start` uses: stop it first), migrated and seeded first if need be.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { resolveDatabase } from '../platform/database.js';
import { applyMigrations } from '../platform/migrate.js';
import { createPrisma } from '../platform/prisma.js';
import { dataDirectory } from '../platform/secrets.js';
import { seed } from '../prisma/seed.js';
import { generateVolume, VolumeGenerationRefused } from '../store/volume/generate-volume.js';

const log = (msg: string) => console.log(msg);

function wholeNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}$/.test(raw)) throw new VolumeGenerationRefused(`--${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

let database: Awaited<ReturnType<typeof resolveDatabase>> | undefined;
try {
  const { values } = parseArgs({
    options: { cases: { type: 'string' }, seed: { type: 'string' }, years: { type: 'string' }, 'end-date': { type: 'string' }, distinct: { type: 'string' } },
    strict: true,
  });
  const cases = wholeNumber('cases', values.cases);
  if (cases === undefined) throw new VolumeGenerationRefused('--cases is required, e.g. npm run seed:volume -- --cases 1000000');
  database = await resolveDatabase({ dataDir: dataDirectory(), log });
  await applyMigrations(database.url, log);
  const prisma = createPrisma(database.url);
  try {
    await seed(prisma, { password: process.env.SEED_PASSWORD, nodeEnv: process.env.NODE_ENV, log });
  } finally {
    await prisma.$disconnect();
  }
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  try {
    const result = await generateVolume(pool, {
      cases,
      seed: wholeNumber('seed', values.seed),
      years: wholeNumber('years', values.years),
      endDate: values['end-date'],
      distinct: wholeNumber('distinct', values.distinct),
      log,
    });
    log(`done: ${result.cases} cases, ${result.events} events in ${(result.ms / 1000).toFixed(1)} s`);
  } finally {
    await pool.end();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database?.stop();
}
