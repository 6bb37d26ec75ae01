import fc from 'fast-check';
import moment from 'moment-timezone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceThroughApi, secondsPolicy } from '../support/catalogue.js';
import { APPLICANT, startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';
import { until } from '../support/until.js';

/*
 * Open311 GeoReport v2 for complaints, through the real platform: every answer checked against the
 * spec's field list, nothing private in any public answer, and complaints created by an outside
 * application with its api_key, running the same workflow as any complaint.
 */
let platform: TestPlatform;
let admin: Record<string, string>;
let handler: Record<string, string>;
let serviceId: string;
let serviceCode: string;
let apiKey: string;

const PERSON = { first_name: 'Zineb', last_name: 'Benkirane', national_id: 'JK987654', phone: '+212 661234567', email: 'zineb.benkirane@example.test' };
const SUBJECT = 'Guichet fermé sans préavis';
const DESCRIPTION = 'Le guichet de la section notariale était fermé mardi matin, sans aucun affichage.';
const STAFF_ANSWER = 'Le guichet rouvre désormais à 8 h 30 chaque jour ouvrable.';

/** The spec's W3C date-time with an explicit offset (never a bare local time). */
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
  handler = await staffHeaders(platform.app, 'handler');
  serviceId = await createServiceThroughApi(platform.app, admin, 'complaint', {
    acknowledgement: secondsPolicy(600),
    answer: secondsPolicy(1200),
    reopen_window: secondsPolicy(1),
  });
  const service = await platform.prisma.service.findUniqueOrThrow({ where: { id: serviceId }, include: { entity: true } });
  serviceCode = `${service.entity.code}.${service.code}`;
  const issued = await platform.app.inject({ method: 'POST', url: '/api/v1/admin/open311-clients', headers: admin, payload: { name: 'Application de la commune' } });
  expect(issued.statusCode, issued.body).toBe(201);
  apiKey = issued.json<{ apiKey: string }>().apiKey;
});
afterAll(() => platform?.close());

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function complaintForm(more: Record<string, string> = {}): Record<string, string> {
  return {
    api_key: apiKey,
    jurisdiction_id: 'khidma.ma',
    service_code: serviceCode,
    lat: '34.0209',
    long: '-6.8416',
    first_name: PERSON.first_name,
    last_name: PERSON.last_name,
    phone: PERSON.phone,
    email: PERSON.email,
    description: DESCRIPTION,
    'attribute[national_id]': PERSON.national_id,
    'attribute[subject]': SUBJECT,
    ...more,
  };
}

const postForm = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  platform.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: form(fields) });

interface Receipt {
  service_request_id: string;
  service_notice: string;
  account_id: null;
  access_token: string;
}

async function submitComplaint(more: Record<string, string> = {}): Promise<Receipt> {
  const res = await postForm(complaintForm(more));
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json<Receipt[]>();
  expect(body).toHaveLength(1);
  return body[0]!;
}

const get = (url: string, headers: Record<string, string> = {}) => platform.app.inject({ method: 'GET', url, headers });

/** GeoReport v2's field list for a service request, with the types the spec gives them. */
function expectServiceRequest(request: Record<string, unknown>) {
  expect(Object.keys(request).sort()).toEqual(
    [
      'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
      'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
    ].sort(),
  );
  expect(request.service_request_id).toMatch(/^KH-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
  expect(['open', 'closed']).toContain(request.status);
  expect(typeof request.status_notes).toBe('string');
  expect((request.status_notes as string).length).toBeGreaterThan(3);
  expect(typeof request.service_name).toBe('string');
  expect(request.service_code).toMatch(/^[A-Za-z0-9_-]+\.[A-Z0-9_-]+$/);
  expect(typeof request.agency_responsible).toBe('string');
  expect(request.requested_datetime).toMatch(W3C);
  expect(request.updated_datetime).toMatch(W3C);
  if (request.expected_datetime !== null) expect(request.expected_datetime).toMatch(W3C);
  for (const absent of ['description', 'service_notice', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url']) expect(request[absent]).toBeNull();
}

/** An Open311 refusal: the spec's `[{code, description}]`, code being the HTTP status. */
function expectSpecError(res: { statusCode: number; json<T>(): T; body: string }, status: number, description?: RegExp) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json<{ code: number; description: string }[]>();
  expect(body).toEqual([{ code: status, description: expect.any(String) }]);
  expect(body[0]!.description.length).toBeGreaterThan(5);
  if (description) expect(body[0]!.description).toMatch(description);
}

/** Morocco's legal offset at an instant, from the IANA data the platform ships: +00:00 since 20 September 2026. */
function moroccoOffset(at: Date): string {
  return moment(at).tz('Africa/Casablanca').format('Z');
}

describe('GET services.json', () => {
  it('lists the complaint services, and only them, with the spec’s fields', async () => {
    const res = await get('/open311/v2/services.json');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const services = res.json<Record<string, unknown>[]>();
    const complaints = await platform.prisma.service.findMany({ where: { active: true, caseType: 'complaint' }, include: { entity: true } });
    expect(services.map((s) => s.service_code).sort()).toEqual(complaints.map((s) => `${s.entity.code}.${s.code}`).sort());
    expect(services.map((s) => s.service_code)).toEqual(expect.arrayContaining(['MJ.RECLAMATION', 'COMMUNE-RABAT.RECLAMATION-COMMUNE', serviceCode]));
    expect(services.map((s) => s.service_code)).not.toContain('MJ.CASIER-JUDICIAIRE');
    for (const service of services) {
      expect(Object.keys(service).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
      expect(service).toMatchObject({ service_name: expect.any(String), description: expect.any(String), metadata: true, type: 'realtime', keywords: expect.any(String), group: expect.any(String) });
    }
    expect(services.find((s) => s.service_code === 'MJ.RECLAMATION')).toMatchObject({ group: 'Ministère de la Justice', keywords: expect.stringContaining('Réclamation') });
  });

  it('speaks the language the client asks for', async () => {
    const res = await get('/open311/v2/services.json', { 'accept-language': 'ar-MA,ar;q=0.9,fr;q=0.5' });
    expect(res.headers['content-language']).toBe('ar');
    const mine = res.json<{ service_code: string; service_name: string; keywords: string }[]>().find((s) => s.service_code === serviceCode);
    expect(mine).toMatchObject({ service_name: 'خدمة اختبار', keywords: expect.stringContaining('شكاية') });
    const english = (await get('/open311/v2/services.json', { 'accept-language': 'en' })).json<{ service_code: string; service_name: string }[]>();
    expect(english.find((s) => s.service_code === serviceCode)?.service_name).toBe('Test service');
  });

  it('gives each complaint service’s definition: the attributes a request needs', async () => {
    const res = await get(`/open311/v2/services/${serviceCode}.json`);
    expect(res.statusCode, res.body).toBe(200);
    const definition = res.json<{ service_code: string; attributes: { code: string; required: boolean; datatype: string; order: number; variable: boolean; values?: { key: string }[] }[] }>();
    expect(definition.service_code).toBe(serviceCode);
    expect(definition.attributes.map((a) => [a.code, a.required, a.datatype])).toEqual([
      ['national_id', true, 'string'],
      ['subject', true, 'string'],
      ['kind', false, 'singlevaluelist'],
      ['language', false, 'singlevaluelist'],
    ]);
    expect(definition.attributes.find((a) => a.code === 'kind')?.values?.map((v) => v.key)).toEqual(['reclamation', 'observation', 'suggestion']);
    expectSpecError(await get('/open311/v2/services/MJ.CASIER-JUDICIAIRE.json'), 404, /service_code MJ\.CASIER-JUDICIAIRE was not found/);
  });

  it('checks jurisdiction_id when given, and refuses XML with a clear message', async () => {
    expect((await get('/open311/v2/services.json?jurisdiction_id=khidma.ma')).statusCode).toBe(200);
    expectSpecError(await get('/open311/v2/services.json?jurisdiction_id=city.gov'), 404, /jurisdiction_id city\.gov was not found.*khidma\.ma/);
    expectSpecError(await get('/open311/v2/services.xml'), 400, /XML is not offered.*\.json/);
    expectSpecError(await get('/open311/v2/requests.xml'), 400, /XML is not offered/);
    expectSpecError(await get('/open311/v2/nothing.json'), 404, /no Open311 resource/);
    // Refused by the router before any route: still in the spec's format.
    expectSpecError(await get(`/open311/v2/requests/${'9'.repeat(400)}.json`), 414, /at most 100 characters/);
    expectSpecError(await get('/open311/v2/services/%ZZ.json'), 400, /valid URL encoding/);
  });
});

describe('POST requests.json', () => {
  it('creates a complaint (form-encoded, as the spec sends it) that runs as any complaint, and the citizen’s token opens it', async () => {
    const receipt = await submitComplaint();
    expect(receipt).toEqual({ service_request_id: expect.stringMatching(/^KH-/), service_notice: expect.stringMatching(/^Réclamation reçue\. Réponse au plus tard le \d{4}-\d{2}-\d{2}\.$/), account_id: null, access_token: expect.any(String) });

    const citizen = { authorization: `Bearer ${receipt.access_token}` };
    const view = await get(`/api/v1/cases/${receipt.service_request_id}`, citizen);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ caseType: 'complaint', status: 'submitted', service: { id: serviceId } });
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { trackingCode: receipt.service_request_id } });
    expect(row.applicant).toMatchObject({ fullName: 'Zineb Benkirane', nationalId: PERSON.national_id, phone: PERSON.phone, email: PERSON.email, language: 'fr', contactBy: ['email', 'sms'] });
    expect(row.details).toEqual({ kind: 'reclamation', subject: SUBJECT, description: DESCRIPTION });

    // Its workflow runs: staff take its steps, and Open311 follows them.
    const acknowledged = await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/actions/acknowledge`, headers: handler, payload: {} });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    const seen = await until(
      async () => (await get(`/open311/v2/requests/${receipt.service_request_id}.json`)).json<Record<string, unknown>[]>()[0]!,
      (r) => r.status_notes === 'Réception confirmée, en cours d’examen',
    );
    expectServiceRequest(seen);
    expect(seen).toMatchObject({ status: 'open', service_code: serviceCode, service_name: 'Service de test', agency_responsible: 'Ministère de la Justice' });
    const events = await platform.prisma.caseEvent.findMany({ where: { caseId: row.id }, orderBy: { seq: 'asc' } });
    expect(events.map((e) => e.status)).toEqual(['submitted', 'acknowledged']);
  });

  it('takes JSON too, with the attributes as an object, and the kind and language the client chose', async () => {
    const res = await platform.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'accept-language': 'en' },
      payload: {
        api_key: apiKey,
        service_code: serviceCode,
        first_name: 'Karim',
        last_name: 'Alaoui',
        phone: '+212612000111',
        description: 'Proposer une file d’attente numérotée.',
        attribute: { national_id: 'BE112233', subject: 'File d’attente', kind: 'suggestion', language: 'ar' },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const [receipt] = res.json<Receipt[]>();
    expect(receipt!.service_notice).toMatch(/^Complaint received\. Answer due by \d{4}-\d{2}-\d{2}\.$/);
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { trackingCode: receipt!.service_request_id } });
    expect(row.details).toMatchObject({ kind: 'suggestion' });
    expect(row.applicant).toMatchObject({ language: 'ar', contactBy: ['sms'] });
  });

  it('is retry-safe with an Idempotency-Key: the same request lands on the same complaint', async () => {
    const key = `open311-retry-${Date.now()}`;
    const first = await postForm(complaintForm(), { 'idempotency-key': key });
    const again = await postForm(complaintForm(), { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<Receipt[]>()[0]!.service_request_id).toBe(first.json<Receipt[]>()[0]!.service_request_id);

    // Another client sending the same key and form gets a complaint of its own, never the first one's access token.
    const issued = await platform.app.inject({ method: 'POST', url: '/api/v1/admin/open311-clients', headers: admin, payload: { name: 'Autre application' } });
    const otherKey = issued.json<{ apiKey: string }>().apiKey;
    const other = await postForm(complaintForm({ api_key: otherKey }), { 'idempotency-key': key });
    expect(other.statusCode, other.body).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.json<Receipt[]>()[0]!.service_request_id).not.toBe(first.json<Receipt[]>()[0]!.service_request_id);
  });

  it('refuses what a complaint needs and the request left out, naming the spec’s field', async () => {
    const without = (name: string) => Object.fromEntries(Object.entries(complaintForm()).filter(([key]) => key !== name));
    const before = await platform.prisma.case.count({ where: { serviceId } });
    expectSpecError(await postForm(without('attribute[national_id]')), 400, /^attribute\[national_id\] is required/);
    expectSpecError(await postForm(without('attribute[subject]')), 400, /^attribute\[subject\] is required/);
    expectSpecError(await postForm(without('service_code')), 400, /service_code/);
    expectSpecError(await postForm(without('first_name')), 400, /first_name/);
    expectSpecError(await postForm(complaintForm({ 'attribute[national_id]': '12345' })), 400, /^attribute\[national_id\]/);
    expectSpecError(await postForm(complaintForm({ 'attribute[kind]': 'plainte' })), 400, /^attribute\[kind\]/);
    expectSpecError(await postForm(complaintForm({ 'attribute[colour]': 'bleu' })), 400, /unexpected field "colour"/);
    expectSpecError(await postForm(complaintForm({ description: 'x'.repeat(1001) })), 400, /^description/);
    expectSpecError(await postForm(complaintForm({ media_url: 'https://example.test/photo.jpg' })), 400, /unexpected field "media_url"/);
    expectSpecError(await postForm(complaintForm({ lat: '1e309' })), 400, /lat/);
    expectSpecError(await postForm(complaintForm({ lat: '91' })), 400, /lat/);
    expectSpecError(await postForm(complaintForm({ email: 'pas-une-adresse' })), 400, /email/);
    expectSpecError(await postForm(complaintForm({ jurisdiction_id: 'city.gov' })), 404, /jurisdiction_id city\.gov was not found/);
    expectSpecError(await postForm(complaintForm({ service_code: 'MJ.CASIER-JUDICIAIRE' })), 404, /service_code MJ\.CASIER-JUDICIAIRE was not found/);
    expectSpecError(await postForm(complaintForm({ service_code: 'MJ.NOPE' })), 404, /was not found/);
    // The spec's 404 for an unknown service comes first, whatever else the form lacks or gets wrong.
    expectSpecError(await postForm({ ...without('first_name'), service_code: 'MJ.NOPE' }), 404, /service_code MJ\.NOPE was not found/);
    expectSpecError(await postForm({ ...without('description'), service_code: 'MJ.NOPE', 'attribute[national_id]': '12345' }), 404, /service_code MJ\.NOPE was not found/);
    expectSpecError(await postForm({ ...without('first_name'), jurisdiction_id: 'city.gov' }), 404, /jurisdiction_id city\.gov was not found/);
    const twice = `${form(complaintForm())}&phone=%2B212600000000`;
    expectSpecError(await platform.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: twice }), 400, /phone is sent twice/);
    const broken = `${form(complaintForm())}&address_string=%E0%A4`;
    expectSpecError(await platform.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: broken }), 400, /URL encoding/);
    expect(await platform.prisma.case.count({ where: { serviceId } })).toBe(before);
  });

  it('takes a complaint without a phone, which the spec makes optional: the citizen is told by e-mail, or follows it with the token alone', async () => {
    const { phone: _phone, ...noPhone } = complaintForm();
    const byMail = await postForm(noPhone);
    expect(byMail.statusCode, byMail.body).toBe(201);
    const mailed = await platform.prisma.case.findUniqueOrThrow({ where: { trackingCode: byMail.json<Receipt[]>()[0]!.service_request_id } });
    expect(mailed.applicant).toEqual({ fullName: 'Zineb Benkirane', nationalId: PERSON.national_id, email: PERSON.email, language: 'fr', contactBy: ['email'] });

    const { email: _email, ...noContact } = noPhone;
    const silent = await postForm(noContact);
    expect(silent.statusCode, silent.body).toBe(201);
    const [receipt] = silent.json<Receipt[]>();
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { trackingCode: receipt!.service_request_id } });
    expect(row.applicant).toMatchObject({ contactBy: [] });
    const view = await get(`/api/v1/cases/${receipt!.service_request_id}`, { authorization: `Bearer ${receipt!.access_token}` });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ caseType: 'complaint', status: 'submitted' });
  });

  it.each([
    ['NUL', '\u0000'],
    ['a lone surrogate', '\ud800'],
    ['an escape character', '\u001b'],
    ['a right-to-left override', '\u202e'],
  ])('refuses hostile text (%s) in each free-text field, naming it, storing nothing', async (_label, hostile) => {
    const before = await platform.prisma.case.count({ where: { serviceId } });
    for (const field of ['first_name', 'last_name', 'description', 'address_string', 'attribute[subject]']) {
      const fields = complaintForm({ [field]: `Texte ${hostile} piégé` });
      // Percent-encoded as a hostile client would send it: a lone surrogate as its (invalid) UTF-8 bytes.
      const payload = Object.entries(fields)
        .map(([k, v]) => `${encodeURIComponent(k)}=${v.includes('\ud800') ? v.split('\ud800').map(encodeURIComponent).join('%ED%A0%80') : encodeURIComponent(v)}`)
        .join('&');
      const res = await platform.app.inject({ method: 'POST', url: '/open311/v2/requests.json', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
      expectSpecError(res, 400, hostile === '\ud800' ? /URL encoding of UTF-8/ : new RegExp(`^${field.replace(/[[\]]/g, '\\$&')} must be plain text`));
    }
    expect(await platform.prisma.case.count({ where: { serviceId } })).toBe(before);
  });

  it('refuses a missing, wrong or revoked api_key with 403, before reading anything else', async () => {
    const before = await platform.prisma.case.count({ where: { serviceId } });
    const { api_key: _key, ...keyless } = complaintForm();
    expectSpecError(await postForm(keyless), 403, /api_key was not provided/);
    expectSpecError(await postForm({ ...keyless, service_code: 'nonsense' }), 403, /api_key was not provided/);
    expectSpecError(await postForm(complaintForm({ api_key: `o311_${'A'.repeat(43)}` })), 403, /api_key is not valid/);
    expectSpecError(await postForm(complaintForm({ api_key: 'xyz' })), 403, /api_key is not valid/);

    const issued = await platform.app.inject({ method: 'POST', url: '/api/v1/admin/open311-clients', headers: admin, payload: { name: 'Application retirée' } });
    const { client, apiKey: doomed } = issued.json<{ client: { id: string; keyPrefix: string }; apiKey: string }>();
    expect(doomed.startsWith(client.keyPrefix)).toBe(true);
    // The key is given in the query string, as some clients send it: the same key, the same check.
    const viaQuery = await platform.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.json?api_key=${doomed}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(keyless),
    });
    expect(viaQuery.statusCode, viaQuery.body).toBe(201);
    const revoked = await platform.app.inject({ method: 'DELETE', url: `/api/v1/admin/open311-clients/${client.id}`, headers: admin });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ client: { id: client.id, revokedAt: expect.any(String) } });
    expectSpecError(await postForm(complaintForm({ api_key: doomed })), 403, /api_key was revoked/);
    expect(await platform.prisma.case.count({ where: { serviceId } })).toBe(before + 1);

    const listed = await get('/api/v1/admin/open311-clients', admin);
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(doomed);
    expect(listed.body).not.toContain(apiKey);
    expect(listed.json<{ items: { id: string; revokedAt: string | null }[] }>().items.find((c) => c.id === client.id)?.revokedAt).not.toBeNull();
    const stored = await platform.prisma.open311Client.findUniqueOrThrow({ where: { id: client.id } });
    expect(JSON.stringify(stored)).not.toContain(doomed.slice(client.keyPrefix.length));
  });

  it('lets administrators alone issue and revoke keys', async () => {
    expect((await platform.app.inject({ method: 'POST', url: '/api/v1/admin/open311-clients', headers: handler, payload: { name: 'X' } })).statusCode).toBe(403);
    expect((await platform.app.inject({ method: 'POST', url: '/api/v1/admin/open311-clients', payload: { name: 'X' } })).statusCode).toBe(401);
    expect((await get('/api/v1/admin/open311-clients', handler)).statusCode).toBe(403);
    expect((await platform.app.inject({ method: 'DELETE', url: '/api/v1/admin/open311-clients/00000000-0000-4000-8000-000000000311', headers: admin })).statusCode).toBe(404);
    const blank = await platform.app.inject({ method: 'POST', url: '/api/v1/admin/open311-clients', headers: admin, payload: { name: '' } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ code: 'invalid_input', details: { field: 'body.name' } });
  });
});

describe('GET requests', () => {
  it('finds a complaint by its tracking code, with dates in Morocco’s legal time and their offset', async () => {
    const receipt = await submitComplaint();
    const res = await get(`/open311/v2/requests/${receipt.service_request_id}.json`);
    expect(res.statusCode, res.body).toBe(200);
    const [request] = res.json<Record<string, unknown>[]>();
    expectServiceRequest(request!);
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { trackingCode: receipt.service_request_id } });
    expect(request).toMatchObject({ status: 'open', status_notes: 'Réclamation reçue' });
    expect(Date.parse(request!.requested_datetime as string)).toBe(Math.floor(row.submittedAt.getTime() / 1000) * 1000);
    expect(Date.parse(request!.expected_datetime as string)).toBe(Math.floor(row.dueAt!.getTime() / 1000) * 1000);
    expect((request!.requested_datetime as string).slice(-6)).toBe(moroccoOffset(row.submittedAt));
    expect(moroccoOffset(row.submittedAt)).toBe('+00:00');
  });

  it('closes with the complaint: closed, updated when it closed, no date expected any more', async () => {
    const receipt = await submitComplaint();
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { trackingCode: receipt.service_request_id } });
    for (const [action, payload] of [['acknowledge', {}], ['answer', { message: STAFF_ANSWER }]] as const) {
      const res = await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/actions/${action}`, headers: handler, payload });
      expect(res.statusCode, res.body).toBe(200);
    }
    // The reopening window (1 s) ends: the workflow closes the complaint by itself.
    const closed = await until(
      async () => (await get(`/open311/v2/requests/${receipt.service_request_id}.json`)).json<Record<string, unknown>[]>()[0]!,
      (r) => r.status === 'closed',
    );
    expectServiceRequest(closed);
    const finished = await platform.prisma.case.findUniqueOrThrow({ where: { id: row.id } });
    expect(closed).toMatchObject({ status_notes: 'Réclamation clôturée', expected_datetime: null });
    expect(Date.parse(closed.updated_datetime as string)).toBe(Math.floor(finished.closedAt!.getTime() / 1000) * 1000);
    const onlyClosed = (await get(`/open311/v2/requests.json?service_code=${serviceCode}&status=closed`)).json<{ service_request_id: string; status: string }[]>();
    expect(onlyClosed.map((r) => r.service_request_id)).toContain(receipt.service_request_id);
    expect(onlyClosed.every((r) => r.status === 'closed')).toBe(true);
    const onlyOpen = (await get(`/open311/v2/requests.json?service_code=${serviceCode}&status=open`)).json<{ service_request_id: string; status: string }[]>();
    expect(onlyOpen.map((r) => r.service_request_id)).not.toContain(receipt.service_request_id);
    expect(onlyOpen.length).toBeGreaterThan(0);
    expect(onlyOpen.every((r) => r.status === 'open')).toBe(true);
  });

  it('finds nothing for the tracking code of any request other than a complaint, nor for an unknown one', async () => {
    const documentService = await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } });
    const document = (await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: documentService.id, applicant: APPLICANT } })).json<{ trackingCode: string }>();
    const informationService = await platform.prisma.service.findFirstOrThrow({ where: { caseType: 'information_request', active: true } });
    const information = (
      await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: informationService.id, applicant: APPLICANT, details: { subject: 'Budget 2026' } } })
    ).json<{ trackingCode: string }>();
    for (const code of [document.trackingCode, information.trackingCode]) {
      expect(code).toMatch(/^KH-/);
      expectSpecError(await get(`/open311/v2/requests/${code}.json`), 404, new RegExp(`service_request_id ${code} was not found`));
      expect((await get(`/open311/v2/requests.json?service_request_id=${code}`)).json()).toEqual([]);
    }
    expectSpecError(await get('/open311/v2/requests/KH-0000-0000-00.json'), 404, /was not found/);
    expectSpecError(await get('/open311/v2/requests/not-a-code.json'), 404, /was not found/);
    const everything = (await get('/open311/v2/requests.json')).json<{ service_request_id: string }[]>();
    expect(everything.map((r) => r.service_request_id)).not.toContain(document.trackingCode);
    expect(everything.map((r) => r.service_request_id)).not.toContain(information.trackingCode);
  });

  it('filters as the spec says: ids (overriding the rest), service codes, status, and a window of at most 90 days', async () => {
    const a = await submitComplaint();
    const b = await submitComplaint();
    const both = await get(`/open311/v2/requests.json?service_request_id=${a.service_request_id},${b.service_request_id}&status=closed&start_date=2020-01-01T00:00:00Z&end_date=2020-01-02T00:00:00Z`);
    expect(both.statusCode, both.body).toBe(200);
    expect(both.json<{ service_request_id: string }[]>().map((r) => r.service_request_id).sort()).toEqual([a.service_request_id, b.service_request_id].sort());

    const mine = (await get(`/open311/v2/requests.json?service_code=${serviceCode}`)).json<Record<string, unknown>[]>();
    expect(mine.length).toBeGreaterThanOrEqual(2);
    mine.forEach(expectServiceRequest);
    expect(mine.every((r) => r.service_code === serviceCode)).toBe(true);
    expect(mine.map((r) => r.requested_datetime)).toEqual([...mine.map((r) => r.requested_datetime)].sort().reverse());
    expect((await get('/open311/v2/requests.json?service_code=MJ.RECLAMATION')).json<{ service_code: string }[]>().every((r) => r.service_code === 'MJ.RECLAMATION')).toBe(true);

    const today = moment().tz('Africa/Casablanca').format('YYYY-MM-DD');
    const window = (await get(`/open311/v2/requests.json?start_date=${today}&service_code=${serviceCode}`)).json<{ service_request_id: string }[]>();
    expect(window.map((r) => r.service_request_id)).toEqual(expect.arrayContaining([a.service_request_id, b.service_request_id]));
    // start_date alone is the earliest to include: everything since, however long ago (the 1000 newest).
    const longAgo = moment().tz('Africa/Casablanca').subtract(120, 'days').format('YYYY-MM-DD');
    const since = (await get(`/open311/v2/requests.json?start_date=${longAgo}&service_code=${serviceCode}`)).json<{ service_request_id: string }[]>();
    expect(since.map((r) => r.service_request_id)).toEqual(expect.arrayContaining([a.service_request_id, b.service_request_id]));
    const tomorrow = moment().tz('Africa/Casablanca').add(1, 'day').format('YYYY-MM-DD');
    expect((await get(`/open311/v2/requests.json?start_date=${tomorrow}`)).json()).toEqual([]);
    // end_date alone: the 90 days up to it.
    expect((await get(`/open311/v2/requests.json?end_date=${longAgo}&service_code=${serviceCode}`)).json()).toEqual([]);
    const past = (await get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00%2B01:00&end_date=2026-03-01T00:00:00Z')).json();
    expect(past).toEqual([]);
    expectSpecError(await get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z'), 400, /may not span more than 90 days/);
    expectSpecError(await get('/open311/v2/requests.json?start_date=2026-06-01T00:00:00Z&end_date=2026-01-01T00:00:00Z'), 400, /end_date is before start_date/);
    expectSpecError(await get('/open311/v2/requests.json?start_date=2026-02-30'), 400, /start_date: 2026-02-30 is not a date/);
    expectSpecError(await get('/open311/v2/requests.json?end_date=2026-02-01T25:00:00Z'), 400, /end_date/);
    expectSpecError(await get('/open311/v2/requests.json?status=pending'), 400, /status/);
    expectSpecError(await get('/open311/v2/requests.json?jurisdiction_id=city.gov'), 404, /jurisdiction_id/);
    expectSpecError(await get(`/open311/v2/requests.json?service_request_id=${Array.from({ length: 1001 }, (_, i) => `KH-0000-0000-${i}`).join(',')}`), 400, /at most 1000/);
  });

  it('never answers 500 to fuzzed query parameters, and every refusal is in the spec’s format', async () => {
    const hostile = fc.oneof(
      fc.constantFrom('', '\u0000', '\ud800', '\u202e', '1e309', 'Infinity', '-1', 'NaN', '9'.repeat(400), 'a'.repeat(5000), '__proto__', '%ZZ', "' OR '1'='1", '2026-02-30', '9999-12-31T23:59:59Z', '0000-01-01', 'open,closed,open', ',,,', 'KH-0000-0000-00,'),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    const names = ['jurisdiction_id', 'service_request_id', 'service_code', 'start_date', 'end_date', 'status', 'unexpected', '__proto__'];
    const paths = ['/open311/v2/services.json', '/open311/v2/requests.json', `/open311/v2/services/${serviceCode}.json`, '/open311/v2/requests/KH-0000-0000-00.json'];
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.dictionary(fc.constantFrom(...names), hostile, { maxKeys: 3 }), async (path, query) => {
        const url = `${path}?${Object.entries(query).map(([k, v]) => `${k}=${Array.from(v, (c) => (c >= '\ud800' && c <= '\udfff' ? '%ED%A0%80' : encodeURIComponent(c))).join('')}`).join('&')}`;
        const res = await get(url);
        if (res.statusCode >= 500) failures.push(`${url.slice(0, 200)} → ${res.statusCode}`);
        if (res.statusCode >= 400) {
          const body = res.json<{ code: number; description: string }[]>();
          if (!Array.isArray(body) || body[0]?.code !== res.statusCode || !(body[0].description.length > 5)) failures.push(`${url.slice(0, 200)} → ${res.body.slice(0, 200)}`);
        }
      }),
      { seed: 3112026, numRuns: 300 },
    );
    expect(failures).toEqual([]);
  }, 120_000);

  it('never shows the applicant or what anyone wrote, in any answer', async () => {
    const receipt = await submitComplaint();
    const row = await platform.prisma.case.findUniqueOrThrow({ where: { trackingCode: receipt.service_request_id } });
    for (const [action, payload] of [['acknowledge', { message: 'Vu par le guichet.' }], ['answer', { message: STAFF_ANSWER }]] as const) {
      expect((await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${row.id}/actions/${action}`, headers: handler, payload })).statusCode).toBe(200);
    }
    await until(() => platform.prisma.case.findUniqueOrThrow({ where: { id: row.id } }), (r) => r.status !== 'submitted' && r.status !== 'acknowledged');
    const answers = await Promise.all(
      [
        '/open311/v2/services.json',
        `/open311/v2/services/${serviceCode}.json`,
        '/open311/v2/requests.json',
        `/open311/v2/requests.json?service_code=${serviceCode}`,
        `/open311/v2/requests.json?service_request_id=${receipt.service_request_id}`,
        `/open311/v2/requests/${receipt.service_request_id}.json`,
      ].flatMap((url) => ['fr', 'ar', 'en'].map((language) => get(url, { 'accept-language': language }))),
    );
    const secrets = [PERSON.first_name, PERSON.last_name, PERSON.national_id, PERSON.phone, PERSON.phone.replace(/\D/g, ''), '661234567', PERSON.email, 'zineb', SUBJECT, DESCRIPTION, STAFF_ANSWER, 'Vu par le guichet', receipt.access_token];
    let walked = 0;
    const walk = (value: unknown, where: string) => {
      if (typeof value === 'string') {
        walked++;
        for (const secret of secrets) expect(value.toLowerCase(), `${where} holds ${secret}`).not.toContain(secret.toLowerCase());
      } else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) walk(inner, `${where}.${key}`);
    };
    for (const res of answers) {
      expect(res.statusCode, res.body).toBe(200);
      walk(res.json(), res.raw.req.url ?? '');
      for (const secret of secrets) expect(res.body.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    expect(walked).toBeGreaterThan(100);
    expect(answers.some((res) => res.body.includes(receipt.service_request_id))).toBe(true);
  });
});
