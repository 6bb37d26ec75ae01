import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClientError } from '../support/http.js';
import { APPLICANT, startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';

/*
 * Administrators keep the catalogue: every service of every entity, its names in three languages,
 * the policy of each clock of its case type, the documents it may ask for. A change applies to
 * new requests only.
 */
let platform: TestPlatform;
let admin: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
});
afterAll(() => platform?.close());

const policy = (days: number) => ({
  budget: { unit: 'working_days', amount: days },
  legalBasis: 'Loi 55-19, art. 6',
  warnAt: [0.5, 0.75],
  escalation: [{ after: { days: 2 }, notify: 'head_of_service' }],
  extension: null,
  silence: 'none',
});

function serviceBody(overrides: Record<string, unknown> = {}) {
  return {
    entityCode: 'MJ',
    caseType: 'document_request',
    code: `TEST-${randomUUID().slice(0, 8).toUpperCase()}`,
    names: { fr: 'Attestation de test', ar: 'شهادة اختبار', en: 'Test attestation' },
    descriptions: { fr: 'Une attestation.', ar: 'شهادة.', en: 'An attestation.' },
    clocks: { decision: policy(5) },
    requiredDocuments: [{ fr: 'CNIE', ar: 'البطاقة الوطنية', en: 'National ID card' }],
    active: true,
    ...overrides,
  };
}

const post = (payload: object, headers = admin) => platform.app.inject({ method: 'POST', url: '/api/v1/admin/services', headers, payload });
const put = (id: string, payload: object) => platform.app.inject({ method: 'PUT', url: `/api/v1/admin/services/${id}`, headers: admin, payload });

async function submitTo(serviceId: string) {
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ trackingCode: string; accessToken: string; dueAt: string }>();
}

describe('the catalogue administration', () => {
  it('is for administrators only', async () => {
    expect((await platform.app.inject({ method: 'GET', url: '/api/v1/admin/services' })).statusCode).toBe(401);
    for (const role of ['handler', 'manager']) {
      const headers = await staffHeaders(platform.app, role);
      expect((await platform.app.inject({ method: 'GET', url: '/api/v1/admin/services', headers })).statusCode).toBe(403);
      expect((await post(serviceBody(), headers)).statusCode).toBe(403);
    }
  });

  it('lists every service with its names in three languages, its clocks and its required documents', async () => {
    const res = await platform.app.inject({ method: 'GET', url: '/api/v1/admin/services', headers: admin });
    expect(res.statusCode).toBe(200);
    const record = res.json<{ items: Array<Record<string, unknown>> }>().items.find((s) => s.code === 'CASIER-JUDICIAIRE');
    expect(record).toMatchObject({
      entityCode: 'MJ',
      caseType: 'document_request',
      names: { fr: 'Extrait du casier judiciaire', ar: 'مستخرج من السجل العدلي', en: 'Extract from the criminal record' },
      clocks: { decision: { budget: { unit: 'working_days', amount: 10 } } },
      requiredDocuments: [expect.objectContaining({ fr: expect.stringContaining('CNIE') })],
      active: true,
    });
  });

  it('adds a service that citizens can ask for at once, and a change applies to new requests only', async () => {
    const body = serviceBody();
    const created = await post(body);
    expect(created.statusCode, created.body).toBe(201);
    const answer = created.json<{ service: { id: string }; appliesTo: string; message: string }>();
    expect(answer).toMatchObject({ appliesTo: 'new_cases', message: expect.stringMatching(/new|from now on/), service: { code: body.code, names: body.names } });

    const listed = (await platform.app.inject({ method: 'GET', url: '/api/v1/services?entity=MJ' })).json<{ items: Array<Record<string, unknown>> }>().items;
    expect(listed.find((s) => s.id === answer.service.id)).toMatchObject({ names: body.names, requiredDocuments: body.requiredDocuments });

    const before = await submitTo(answer.service.id);
    const changed = await put(answer.service.id, { ...body, clocks: { decision: policy(20) } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ appliesTo: 'new_cases', service: { clocks: { decision: { budget: { amount: 20 } } } } });
    const after = await submitTo(answer.service.id);
    expect(Date.parse(after.dueAt)).toBeGreaterThan(Date.parse(before.dueAt) + 10 * 86_400_000);
    const running = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${before.trackingCode}`, headers: { authorization: `Bearer ${before.accessToken}` } });
    expect(running.json<{ dueAt: string }>().dueAt).toBe(before.dueAt);

    // Closed: it leaves the public catalogue and takes no more requests.
    expect((await put(answer.service.id, { ...body, active: false })).statusCode).toBe(200);
    const open = (await platform.app.inject({ method: 'GET', url: '/api/v1/services?entity=MJ' })).json<{ items: Array<{ id: string }> }>().items;
    expect(open.some((s) => s.id === answer.service.id)).toBe(false);
    expect((await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: answer.service.id, applicant: APPLICANT } })).statusCode).toBe(400);
  });

  it.each([
    ['a budget of no days', { clocks: { decision: { ...policy(5), budget: { unit: 'working_days', amount: 0 } } } }, 'body.clocks.decision.budget.amount'],
    ['warnings out of order', { clocks: { decision: { ...policy(5), warnAt: [0.9, 0.5] } } }, 'body.clocks.decision.warnAt'],
    ['an unknown silence effect', { clocks: { decision: { ...policy(5), silence: 'maybe' } } }, 'body.clocks.decision.silence'],
    ['a clock the case type does not have', { clocks: { decision: policy(5), answer: policy(5) } }, 'body.clocks.answer'],
    ['a missing clock', { clocks: {} }, 'body.clocks.decision'],
    ['an appointment setting out of range', { caseType: 'appointment', clocks: { confirmation: policy(5) }, settings: { noShowGrace: 'P999D' } }, 'body.settings.noShowGrace'],
    ['a setting appointments do not have', { caseType: 'appointment', clocks: { confirmation: policy(5) }, settings: { price: 10 } }, 'body.settings.price'],
    ['settings for a case type that has none', { settings: { reminders: ['PT1H'] } }, 'body.settings'],
    ['a case type only opened by another case', { caseType: 'information_complaint', clocks: { complaint_answer: policy(5) } }, 'body.caseType'],
    ['a clock of the case type left without a policy', { caseType: 'complaint', clocks: { answer: policy(5), acknowledgement: policy(5) } }, 'body.clocks.reopen_window'],
    ['an unknown case type', { caseType: 'wish' }, 'body.caseType'],
    ['an unknown entity', { entityCode: 'NOWHERE' }, 'body.entityCode'],
    ['a NUL in a name', { names: { fr: 'A\u0000B', ar: 'ب', en: 'B' } }, 'body.names.fr'],
    ['a missing language', { names: { fr: 'A', ar: 'ب' } }, 'body.names'],
    ['a lowercase code', { code: 'lower case' }, 'body.code'],
    ['an unexpected field', { price: 10 }, 'body'],
  ])('refuses %s with 400 naming the field, and stores nothing', async (_label, overrides, field) => {
    const body = serviceBody(overrides);
    const res = await post(body);
    expectClientError(res, 400);
    expect(res.json<{ details?: { field?: string } }>().details?.field ?? '').toContain(field);
    expect(await platform.prisma.service.count({ where: { code: body.code } })).toBe(0);
  });

  it('refuses a second service with the same code in an entity (409), and leaves the first as it was', async () => {
    const body = serviceBody();
    expect((await post(body)).statusCode).toBe(201);
    const again = await post({ ...body, names: { fr: 'Autre', ar: 'آخر', en: 'Other' } });
    expectClientError(again, 409, /already has a service/);
    expect(again.json<{ code: string }>().code).toBe('already_exists');
    expect((await platform.prisma.service.findFirstOrThrow({ where: { code: body.code } })).name).toBe(body.names.fr);
  });

  it('keeps the entity and case type of a service that has cases, and answers 404 for an unknown one', async () => {
    const body = serviceBody();
    const id = (await post(body)).json<{ service: { id: string } }>().service.id;
    await submitTo(id);
    const moved = await put(id, { ...body, entityCode: 'COMMUNE-RABAT' });
    expectClientError(moved, 409, /has cases/);
    expect((await platform.prisma.service.findUniqueOrThrow({ where: { id }, include: { entity: true } })).entity.code).toBe('MJ');
    expectClientError(await put(randomUUID(), body), 404);
  });
});

describe('the public catalogue', () => {
  it('leaves out a service whose stored policy is unusable instead of failing, and lists the rest', async () => {
    const entity = await platform.prisma.entity.create({ data: { code: `CAT-${randomUUID().slice(0, 6).toUpperCase()}`, name: 'Catalogue' } });
    await platform.prisma.service.create({ data: { entityId: entity.id, code: 'BROKEN', caseType: 'legal_consultation', name: 'Sans délai', clocks: {} } });
    const res = await platform.app.inject({ method: 'GET', url: `/api/v1/services?entity=${entity.code}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
    const all = await platform.app.inject({ method: 'GET', url: '/api/v1/services' });
    expect(all.statusCode).toBe(200);
    expect(all.json().items.length).toBeGreaterThan(5);
  });
});
