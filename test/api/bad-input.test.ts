import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { expectClientError } from '../support/http.js';
import { APPLICANT, startPlatform, type TestPlatform, staffHeaders } from '../support/platform.js';

let platform: TestPlatform;
let serviceId: string;
let receipt: { caseId: string; trackingCode: string; accessToken: string };
let handler: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform();
  const service = await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } });
  serviceId = service.id;
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } });
  receipt = res.json();
  handler = await staffHeaders(platform.app, 'handler');
});
afterAll(() => platform?.close());

async function storedCase() {
  const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: receipt.caseId }, include: { events: true } });
  return { status: row.status, applicant: row.applicant, events: row.events.length, dueAt: row.dueAt?.toISOString() };
}


describe('submission refuses bad input with a 4xx naming the problem', () => {
  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: payload as object, headers });

  const marker = `Bad Input ${Date.now()}`;
  const applicant = { ...APPLICANT, fullName: marker };
  const storedWithMarker = () => platform.prisma.case.count({ where: { applicant: { path: ['fullName'], equals: marker } } });

  it.each([
    ['a missing applicant', () => ({ serviceId }), /applicant/],
    ['a missing service', () => ({ applicant: APPLICANT }), /serviceId/],
    ['a service id that is not a uuid', () => ({ serviceId: "1' OR '1'='1", applicant: APPLICANT }), /serviceId/],
    ['an unknown service', () => ({ serviceId: '00000000-0000-4000-8000-000000000000', applicant: APPLICANT }), /serviceId/],
    ['a malformed national id', () => ({ serviceId, applicant: { ...APPLICANT, nationalId: '<script>' } }), /nationalId/],
    ['a malformed phone', () => ({ serviceId, applicant: { ...APPLICANT, phone: 'call me' } }), /phone/],
    ['an unexpected field', () => ({ serviceId, applicant: APPLICANT, isAdmin: true }), /isAdmin/],
    ['a wrong type', () => ({ serviceId, applicant: 'me' }), /applicant/],
    ['too many details', () => ({ serviceId, applicant: APPLICANT, details: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, 'v'])) }), /details/],
    ['an office of another entity', () => ({ serviceId, applicant: APPLICANT, officeId: '00000000-0000-4000-8000-000000000001' }), /officeId/],
  ])('%s', async (_label, payload, message) => {
    const body = payload() as Record<string, unknown>;
    if (typeof body.applicant === 'object') body.applicant = { ...body.applicant, fullName: marker };
    expectClientError(await post(body), 400, message);
    expect(await storedWithMarker()).toBe(0);
  });

  it('a prototype-polluting body', async () => {
    const res = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: `{"serviceId":"${serviceId}","applicant":${JSON.stringify(applicant)},"__proto__":{"isAdmin":true}}`,
      headers: { 'content-type': 'application/json' },
    });
    expectClientError(res, 400, /__proto__/);
    expect(await storedWithMarker()).toBe(0);
  });

  it('malformed JSON', async () => {
    const res = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: '{"serviceId": ',
      headers: { 'content-type': 'application/json' },
    });
    expectClientError(res, 400);
  });

  it('a body that is not JSON', async () => {
    const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: 'serviceId=1', headers: { 'content-type': 'text/plain' } });
    expectClientError(res, 415);
  });

  it('an oversized body', async () => {
    const res = await post({ serviceId, applicant, details: { notes: 'x'.repeat(100_000) } });
    expectClientError(res, 413);
    expect(await storedWithMarker()).toBe(0);
  });

  it('an oversized field', async () => {
    expectClientError(await post({ serviceId, applicant: { ...APPLICANT, fullName: 'x'.repeat(300) } }), 400, /fullName/);
  });

  it('a malformed Idempotency-Key', async () => {
    expectClientError(await post({ serviceId, applicant: APPLICANT }, { 'idempotency-key': 'short' }), 400, /Idempotency-Key/);
  });
});

describe('citizen access never reveals whether a tracking code exists', () => {
  it('answers 401 without a token', async () => {
    expectClientError(await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${receipt.trackingCode}` }), 401);
  });

  it('answers the same 404 for a wrong token and for an unknown code', async () => {
    const wrongToken = await platform.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${receipt.trackingCode}`,
      headers: { authorization: 'Bearer not-the-token' },
    });
    const unknown = await platform.app.inject({
      method: 'GET',
      url: '/api/v1/cases/KH-0000-0000-00',
      headers: { authorization: `Bearer ${receipt.accessToken}` },
    });
    expectClientError(wrongToken, 404);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual(wrongToken.json());
  });

  it('answers 400 for a malformed tracking code', async () => {
    expectClientError(
      await platform.app.inject({ method: 'GET', url: "/api/v1/cases/'%20OR%201=1--", headers: { authorization: 'Bearer x' } }),
      400,
      /trackingCode/,
    );
  });

  it('refuses a handler step sent as a citizen action, and an unknown action, leaving the case as it was', async () => {
    const before = await storedCase();
    const citizen = { authorization: `Bearer ${receipt.accessToken}` };
    const asHandler = await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${receipt.trackingCode}/citizen-actions/approve`, headers: citizen });
    expectClientError(asHandler, 403, /staff/);
    const unknown = await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${receipt.trackingCode}/citizen-actions/teleport`, headers: citizen });
    expectClientError(unknown, 400, /unknown action/);
    const tooEarly = await platform.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${receipt.trackingCode}/citizen-actions/provide_info`,
      headers: citizen,
      payload: { message: 'hello' },
    });
    expectClientError(tooEarly, 409, /not possible while the case is submitted/);
    expect(await storedCase()).toEqual(before);
  });
});

describe('staff authentication and permissions', () => {
  it('refuses a wrong password and an unknown user alike', async () => {
    const wrong = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'handler', password: 'nope' } });
    const unknown = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'ghost', password: 'nope' } });
    expectClientError(wrong, 401, /invalid username or password/);
    expect(unknown.json()).toEqual(wrong.json());
    expectClientError(await platform.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'handler' } }), 400, /password/);
  });

  it('refuses staff routes without a token or with a forged one', async () => {
    expectClientError(await platform.app.inject({ method: 'GET', url: '/api/v1/queue' }), 401);
    const forged = await platform.app.inject({
      method: 'GET',
      url: '/api/v1/queue',
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.' },
    });
    expectClientError(forged, 401);
  });

  it('lets a manager read but not act, and keeps admins out of case handling', async () => {
    const manager = await staffHeaders(platform.app, 'manager');
    expect((await platform.app.inject({ method: 'GET', url: `/api/v1/cases/by-id/${receipt.caseId}`, headers: manager })).statusCode).toBe(200);
    expectClientError(
      await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/actions/claim`, headers: manager }),
      403,
      /roles/,
    );
    const admin = await staffHeaders(platform.app, 'admin');
    expectClientError(await platform.app.inject({ method: 'GET', url: '/api/v1/queue', headers: admin }), 403);
  });

  it('answers 404 for a case of another entity and 400 for a malformed case id', async () => {
    expectClientError(
      await platform.app.inject({ method: 'GET', url: '/api/v1/cases/by-id/00000000-0000-4000-8000-000000000000', headers: handler }),
      404,
    );
    expectClientError(await platform.app.inject({ method: 'GET', url: '/api/v1/cases/by-id/42', headers: handler }), 400, /caseId/);
  });

  it('answers 409 with the reason for a step not allowed now, 400 for a missing message, and changes nothing', async () => {
    const before = await storedCase();
    const approve = await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/actions/approve`, headers: handler });
    expectClientError(approve, 409, /"approve" is not possible while the case is submitted/);
    await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/actions/claim`, headers: handler });
    const noMessage = await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/actions/request_info`, headers: handler, payload: {} });
    expectClientError(noMessage, 400, /message/);
    const blank = await platform.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${receipt.caseId}/actions/request_info`,
      headers: handler,
      payload: { message: '   ' },
    });
    expectClientError(blank, 400, /message/);
    const after = await storedCase();
    expect(after.events).toBe(before.events + 1);
    expect(after.status).toBe('in_review');
  });

  it('rejects bad queue filters', async () => {
    expectClientError(await platform.app.inject({ method: 'GET', url: '/api/v1/queue?limit=100000', headers: handler }), 400, /limit/);
    expectClientError(await platform.app.inject({ method: 'GET', url: '/api/v1/queue?assignee=%27;DROP', headers: handler }), 400, /assignee/);
  });
});

describe('the catalogue', () => {
  it('gives each service its legal time as a citizen reads it, in the three languages', async () => {
    const res = await platform.app.inject({ method: 'GET', url: '/api/v1/services?entity=MJ' });
    const item = res.json<{ items: { code: string; legalTime: unknown }[] }>().items.find((s) => s.code === 'CASIER-JUDICIAIRE');
    expect(item?.legalTime).toEqual({ fr: '10 jours ouvrables', ar: '10 أيام عمل', en: '10 working days' });
  });
});

describe('platform routes', () => {
  it('reports Temporal and the database up', async () => {
    const res = await platform.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: 'up', temporal: 'up' });
  });

  it('serves the OpenAPI document and an unknown route as a JSON 404', async () => {
    const spec = await platform.app.inject({ method: 'GET', url: '/docs/json' });
    expect(spec.statusCode).toBe(200);
    expect(Object.keys(spec.json<{ paths: object }>().paths)).toContain('/api/v1/cases');
    expectClientError(await platform.app.inject({ method: 'GET', url: '/api/v1/nothing' }), 404);
  });
});

describe('identifiers, filters and bodies that only look right', () => {
  it('refuses uuid look-alikes PostgreSQL would not take', async () => {
    const urn = 'urn:uuid:00000000-0000-4000-8000-000000000000';
    expectClientError(await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: urn, applicant: APPLICANT } }), 400, /serviceId/);
    expectClientError(await platform.app.inject({ method: 'GET', url: `/api/v1/cases/by-id/${urn}`, headers: handler }), 400, /caseId/);
    expectClientError(await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${urn}/actions/claim`, headers: handler }), 400, /caseId/);
    expectClientError(await platform.app.inject({ method: 'GET', url: `/api/v1/queue?assignee=${'-'.repeat(36)}`, headers: handler }), 400, /assignee/);
  });

  it('refuses a staff step body that is too long or not an object, and names the missing field', async () => {
    const fresh = (await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } })).json<{ caseId: string }>();
    await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${fresh.caseId}/actions/claim`, headers: handler });
    const url = `/api/v1/cases/${fresh.caseId}/actions/request_info`;
    expectClientError(await platform.app.inject({ method: 'POST', url, headers: handler, payload: { message: 'x'.repeat(2001) } }), 400, /message/);
    expectClientError(await platform.app.inject({ method: 'POST', url, headers: { ...handler, 'content-type': 'application/json' }, payload: '[1,2]' }), 400);
    const missing = await platform.app.inject({ method: 'POST', url, headers: handler, payload: {} });
    expectClientError(missing, 400, /message/);
    expect(missing.json().details).toEqual({ reason: 'missing_field', field: 'body.message' });
  });

  it('refuses a bad entity filter on the catalogue and malformed sign-in JSON', async () => {
    expectClientError(await platform.app.inject({ method: 'GET', url: '/api/v1/services?entity=%3Cscript%3E' }), 400, /entity/);
    expectClientError(
      await platform.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: '{"username":', headers: { 'content-type': 'application/json' } }),
      400,
    );
  });

  it('does not take a token from the query string of an ordinary request', async () => {
    const token = handler.authorization!.replace('Bearer ', '');
    expectClientError(await platform.app.inject({ method: 'GET', url: `/api/v1/queue?token=${token}` }), 400, /token/);
    expectClientError(await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${receipt.trackingCode}?token=${receipt.accessToken}` }), 401);
  });

  it('refuses a live channel resuming after an id beyond any event', async () => {
    await expect(
      platform.app.injectWS(`/api/v1/cases/${receipt.trackingCode}/live?after=9999999999999999999&token=${receipt.accessToken}`),
    ).rejects.toThrow(/400/);
  });
});

describe('an Idempotency-Key never opens someone else’s case', () => {
  it('gives a finished case back only for the same request, and another applicant’s identical key makes another case', async () => {
    const key = `finished-${Date.now()}-abcdef`;
    const first = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT }, headers: { 'idempotency-key': key } });
    const c = first.json<{ caseId: string; trackingCode: string; accessToken: string }>();
    await platform.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${c.trackingCode}/citizen-actions/withdraw`,
      headers: { authorization: `Bearer ${c.accessToken}` },
    });
    // The workflow has finished: the retry is answered from the record, and only for the same request.
    const retry = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT }, headers: { 'idempotency-key': key } });
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toMatchObject({ caseId: c.caseId, accessToken: c.accessToken, status: 'withdrawn' });
    const sameKeyOtherRequest = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { serviceId, applicant: { ...APPLICANT, phone: '+212 699999999' } },
      headers: { 'idempotency-key': key },
    });
    expectClientError(sameKeyOtherRequest, 409, /different request/);
    expect(JSON.stringify(sameKeyOtherRequest.json())).not.toContain(c.accessToken);
    const otherPerson = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { serviceId, applicant: { ...APPLICANT, nationalId: 'ZZ987654' } },
      headers: { 'idempotency-key': key },
    });
    expect(otherPerson.statusCode).toBe(201);
    expect(otherPerson.json().caseId).not.toBe(c.caseId);
    expect(otherPerson.json().accessToken).not.toBe(c.accessToken);
  });
});

describe('staff of another entity', () => {
  it('see none of this entity’s cases: not in their queue, not by id, not to act on', async () => {
    const rabat = await platform.prisma.entity.findFirstOrThrow({ where: { code: 'COMMUNE-RABAT' } });
    const username = `rabat-supervisor-${Date.now()}`;
    await platform.prisma.staffUser.create({
      data: { username, displayName: 'Chef de service Rabat', role: 'supervisor', entityId: rabat.id, passwordHash: bcrypt.hashSync(TEST_SEED_PASSWORD, 4) },
    });
    const outsider = await staffHeaders(platform.app, username);
    const queue = await platform.app.inject({ method: 'GET', url: '/api/v1/queue?limit=200', headers: outsider });
    expect(queue.statusCode).toBe(200);
    expect(queue.json<{ items: { caseId: string }[] }>().items.map((i) => i.caseId)).not.toContain(receipt.caseId);
    const byId = await platform.app.inject({ method: 'GET', url: `/api/v1/cases/by-id/${receipt.caseId}`, headers: outsider });
    expectClientError(byId, 404);
    const before = await storedCase();
    expectClientError(await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/actions/reject`, headers: outsider, payload: { reason: 'x' } }), 404);
    expect(await storedCase()).toEqual(before);
  });
});
