import bcrypt from 'bcryptjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SEED_ENTITY_CODES, SEED_OFFICE_CODES, SEED_SERVICE_CODES, SEED_SLOT_DAYS, SEED_USERNAMES, seed } from '../../prisma/seed.js';
import { defaultPolicy } from '../../domain/sla/default-policies.js';
import { addDays, isWeekend, today } from '../support/dates.js';
import { createPrisma, type PrismaClient } from '../../platform/prisma.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

interface Opened {
  database: TestDatabase;
  prisma: PrismaClient;
}
const opened: Opened[] = [];
const quiet = () => {};

async function openFreshDatabase(): Promise<Opened> {
  const database = await createTestDatabase();
  return { database, prisma: createPrisma(database.url) };
}

async function freshDatabase(): Promise<PrismaClient> {
  const fresh = await openFreshDatabase();
  opened.push(fresh);
  return fresh.prisma;
}

async function everything(prisma: PrismaClient) {
  return {
    entities: await prisma.entity.findMany({ orderBy: { code: 'asc' } }),
    offices: await prisma.office.findMany({ orderBy: { code: 'asc' } }),
    services: await prisma.service.findMany({ orderBy: { code: 'asc' } }),
    staff: await prisma.staffUser.findMany({ orderBy: { username: 'asc' } }),
    templates: await prisma.slotTemplate.findMany({ orderBy: { id: 'asc' } }),
    slots: await prisma.slot.findMany({ orderBy: { id: 'asc' } }),
  };
}

async function closeDatabases(databases: Opened[]) {
  for (const { database, prisma } of databases) {
    await prisma.$disconnect();
    await database.drop();
  }
}

describe('a fresh database seeded once', () => {
  // Seeding hashes five passwords in pure JS: the checks that only read what it wrote share one seed.
  let shared: Opened;
  let prisma: PrismaClient;
  let seeded: { created: boolean };
  const lines: string[] = [];

  beforeAll(async () => {
    shared = await openFreshDatabase();
    prisma = shared.prisma;
    seeded = await seed(prisma, { password: 's3cret-pass', nodeEnv: 'development', log: (msg) => lines.push(msg) });
  }, 30_000);
  afterAll(() => closeDatabases([shared]));

  it('creates two entities with an office each, their services and one account per role', async () => {
    expect(seeded).toEqual({ created: true });

    const { entities, offices, services, staff } = await everything(prisma);
    expect(entities.map((entity) => entity.code).sort()).toEqual(Object.values(SEED_ENTITY_CODES).sort());
    expect(entities.every((entity) => entity.nameAr)).toBe(true);
    expect(offices.map((office) => office.entityId).sort()).toEqual(entities.map((entity) => entity.id).sort());
    expect(services.map((service) => service.code).sort()).toEqual(Object.values(SEED_SERVICE_CODES).sort());
    expect(new Set(services.map((service) => service.caseType))).toEqual(
      new Set(['document_request', 'information_request', 'complaint', 'appointment', 'legal_consultation']),
    );

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
    const roles: Record<string, string> = { advisor: 'handler' };
    expect(staff.map((user) => [user.username, user.role, user.entityId])).toEqual(
      [...SEED_USERNAMES].sort().map((username) => [username, roles[username] ?? username, username === 'admin' ? null : justice.id]),
    );
    expect(staff.find((user) => user.username === 'advisor')!.advisorDomains).toEqual(['social_welfare', 'litigation_appeals']);
    for (const user of staff) {
      expect(user.passwordHash).not.toContain('s3cret-pass');
      expect(await bcrypt.compare('s3cret-pass', user.passwordHash)).toBe(true);
      expect(await bcrypt.compare('demo', user.passwordHash)).toBe(false);
    }
  }, 30_000);

  it('offers appointments at each office and legal consultations with the advisor, with four weeks of slots published', async () => {
    const { services, offices, staff, templates, slots } = await everything(prisma);
    const byCode = new Map(services.map((service) => [service.code, service]));
    const justiceCounter = byCode.get(SEED_SERVICE_CODES.justiceAppointment)!;
    const civilRegistry = byCode.get(SEED_SERVICE_CODES.civilRegistryAppointment)!;
    const consultation = byCode.get(SEED_SERVICE_CODES.legalConsultation)!;
    expect(justiceCounter).toMatchObject({ caseType: 'appointment', settings: { modalities: ['in_person', 'video'] }, clocks: { confirmation: defaultPolicy('appointment') } });
    expect(civilRegistry).toMatchObject({ caseType: 'appointment', settings: { modalities: ['in_person'] }, clocks: { confirmation: defaultPolicy('appointment') } });
    expect(consultation).toMatchObject({
      caseType: 'legal_consultation',
      settings: { byAdvisor: true, modalities: ['in_person', 'video'] },
      clocks: { answer: defaultPolicy('legal_consultation'), confirmation: defaultPolicy('appointment') },
    });
    for (const service of [justiceCounter, civilRegistry, consultation]) {
      expect([service.name, service.nameAr, service.nameEn, service.description, service.descriptionAr, service.descriptionEn].every(Boolean)).toBe(true);
    }
    const office = (code: string) => offices.find((o) => o.code === code)!;
    expect(civilRegistry.entityId).toBe(office(SEED_OFFICE_CODES.communeRabat).entityId);

    const advisor = staff.find((user) => user.username === 'advisor')!;
    expect(templates).toHaveLength(3 * 5 * 2);
    for (const template of templates) {
      expect(template).toMatchObject({ lengthMinutes: 30, bufferMinutes: 0 });
      expect([1, 2, 3, 4, 5]).toContain(template.weekday);
      expect(template.officeId).toBe(office(template.serviceId === civilRegistry.id ? SEED_OFFICE_CODES.communeRabat : SEED_OFFICE_CODES.justice).id);
      expect([template.advisorId, template.seats]).toEqual(template.serviceId === consultation.id ? [advisor.id, 1] : [null, 2]);
    }

    // 10 slots a working day (09:00–12:00, 14:00–16:00) per service, from today over four weeks, never a weekend
    const last = addDays(today(), SEED_SLOT_DAYS - 1);
    const dates = slots.map((slot) => slot.localDate.toISOString().slice(0, 10));
    expect(dates.every((date) => date >= today() && date <= last && !isWeekend(date))).toBe(true);
    for (const service of [justiceCounter, civilRegistry, consultation]) {
      const own = slots.filter((slot) => slot.serviceId === service.id);
      expect(own.length).toBeGreaterThan(10 * 10);
      expect(new Set(own.map((slot) => slot.localStart))).toEqual(new Set(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '14:00', '14:30', '15:00', '15:30']));
    }
    expect(slots.every((slot) => slot.open && slot.taken === 0)).toBe(true);
  }, 30_000);

  it('never logs the password', () => {
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('s3cret-pass');
  });
});

describe('seed', () => {
  afterEach(() => closeDatabases(opened.splice(0)));

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
    expect(await everything(prisma)).toEqual({ entities: [], offices: [], services: [], staff: [], templates: [], slots: [] });

    expect(await seed(prisma, { password: 'a-real-secret', nodeEnv: 'production', log: quiet })).toEqual({ created: true });
  }, 30_000);
});
