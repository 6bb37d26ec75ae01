import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_PATTERNS } from '../../domain/text.js';
import { APPLICANT, createTestEntity, createTestService, startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';

/*
 * Every free-text field of every endpoint refuses what PostgreSQL cannot store or a person cannot
 * have typed — NUL, other control characters, lone surrogates, bidirectional overrides — with a
 * 400 naming the field, and nothing stored changes. The list of fields is checked against the
 * OpenAPI document, so a new free-text field cannot be left out.
 */
let platform: TestPlatform;
let handler: Record<string, string>;
let admin: Record<string, string>;
let serviceId: string;
let entityCode: string;
let receipt: { caseId: string; trackingCode: string; accessToken: string };

beforeAll(async () => {
  platform = await startPlatform();
  handler = await staffHeaders(platform.app, 'supervisor');
  admin = await staffHeaders(platform.app, 'admin');
  // A service of its own: "nothing stored" counts its cases, which no other test file adds to.
  serviceId = (await createTestService(platform.prisma, { budget: { unit: 'working_days', amount: 10 } })).id;
  entityCode = (await createTestEntity(platform.prisma)).code;
  receipt = (await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } })).json();
  expect((await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/actions/claim`, headers: handler })).statusCode).toBe(200);
});
afterAll(() => platform?.close());

/** Written into the JSON text as escapes, so that a lone surrogate reaches the server as it would from any client. */
const HOSTILE = {
  NUL: '\\u0000',
  'a lone high surrogate': '\\ud800',
  'a lone low surrogate': '\\udfff',
  'an escape character': '\\u001b',
  'a C1 control': '\\u0085',
  'a right-to-left override': '\\u202e',
};

const MARK = '__HOSTILE__';

interface TextField {
  /** the field as the 400 names it */
  field: string;
  endpoint: string;
  /** where the OpenAPI document declares the field with the plain-text pattern; absent where code checks it */
  openApi?: string;
  request(): { method: 'POST' | 'PUT'; url: string; headers?: Record<string, string>; body: unknown };
}

const citizen = () => ({ authorization: `Bearer ${receipt.accessToken}` });
const FIELDS: TextField[] = [
  { field: 'body.username', endpoint: 'POST /api/v1/auth/token', openApi: 'post /api/v1/auth/token username', request: () => ({ method: 'POST', url: '/api/v1/auth/token', body: { username: `han${MARK}dler`, password: 'x' } }) },
  { field: 'body.password', endpoint: 'POST /api/v1/auth/token', openApi: 'post /api/v1/auth/token password', request: () => ({ method: 'POST', url: '/api/v1/auth/token', body: { username: 'handler', password: `pa${MARK}ss` } }) },
  {
    field: 'body.applicant.fullName',
    endpoint: 'POST /api/v1/cases',
    openApi: 'post /api/v1/cases applicant.fullName',
    request: () => ({ method: 'POST', url: '/api/v1/cases', body: { serviceId, applicant: { ...APPLICANT, fullName: `Amina ${MARK}` } } }),
  },
  {
    field: 'body.details.subject',
    endpoint: 'POST /api/v1/cases',
    openApi: 'post /api/v1/cases details.*',
    request: () => ({ method: 'POST', url: '/api/v1/cases', body: { serviceId, applicant: APPLICANT, details: { subject: `Acte ${MARK}` } } }),
  },
  ...(['message', 'reason'] as const).flatMap((name) => [
    {
      field: `body.${name}`,
      endpoint: 'POST /api/v1/cases/:caseId/actions/request_info',
      // A step's body is a record of fields each action's schema names: one text type for all of them.
      ...(name === 'message' ? { openApi: 'post /api/v1/cases/{caseId}/actions/{action} *' } : {}),
      request: () => ({ method: 'POST' as const, url: `/api/v1/cases/${receipt.caseId}/actions/request_info`, headers: handler, body: { [name]: `Merci ${MARK}` } }),
    },
    {
      field: `body.${name}`,
      endpoint: 'POST /api/v1/cases/:trackingCode/citizen-actions/withdraw',
      ...(name === 'message' ? { openApi: 'post /api/v1/cases/{trackingCode}/citizen-actions/{action} *' } : {}),
      request: () => ({ method: 'POST' as const, url: `/api/v1/cases/${receipt.trackingCode}/citizen-actions/withdraw`, headers: citizen(), body: { [name]: `Je ${MARK}` } }),
    },
  ]),
  {
    field: 'body.name',
    endpoint: 'PUT /api/v1/admin/calendar/holidays/:date',
    request: () => ({ method: 'PUT', url: '/api/v1/admin/calendar/holidays/2031-03-12', headers: admin, body: { name: `Fermeture ${MARK}`, kind: 'one_off', status: 'confirmed', entity: entityCode } }),
  },
  {
    field: 'body.name.ar',
    endpoint: 'PUT /api/v1/admin/calendar/holidays/:date',
    request: () => ({
      method: 'PUT',
      url: '/api/v1/admin/calendar/holidays/2031-03-12',
      headers: admin,
      body: { name: { fr: 'Fermeture', ar: `إغلاق ${MARK}`, en: 'Closure' }, kind: 'one_off', status: 'confirmed', entity: entityCode },
    }),
  },
  {
    field: 'body.reason',
    endpoint: 'POST /api/v1/admin/offices/:officeId/closures',
    openApi: 'post /api/v1/admin/offices/{officeId}/closures reason',
    request: () => ({ method: 'POST', url: '/api/v1/admin/offices/00000000-0000-4000-8000-0000000000cc/closures', headers: admin, body: { date: '2031-03-03', reason: `Travaux ${MARK}` } }),
  },
  {
    field: 'body.reason',
    endpoint: 'POST /api/v1/admin/offices/:officeId/slot-exceptions',
    openApi: 'post /api/v1/admin/offices/{officeId}/slot-exceptions reason',
    // An office no one has: the text is refused before anything is looked up.
    request: () => ({
      method: 'POST',
      url: '/api/v1/admin/offices/00000000-0000-4000-8000-0000000000ab/slot-exceptions',
      headers: admin,
      body: { date: '2031-03-12', kind: 'closure', reason: `Grève ${MARK}` },
    }),
  },
  ...(['POST', 'PUT'] as const).flatMap((method) => {
    const url = method === 'POST' ? '/api/v1/admin/services' : '/api/v1/admin/services/00000000-0000-4000-8000-0000000000aa';
    const openApiPath = method === 'POST' ? 'post /api/v1/admin/services' : 'put /api/v1/admin/services/{id}';
    const service = () => ({
      entityCode,
      caseType: 'document_request',
      code: 'HOSTILE-TEXT',
      names: { fr: 'Nom', ar: 'اسم', en: 'Name' },
      descriptions: { fr: '', ar: '', en: '' },
      clocks: { decision: { budget: { unit: 'working_days', amount: 5 }, legalBasis: 'Loi 55-19', warnAt: [], escalation: [], extension: null, silence: 'none' } },
      requiredDocuments: [{ fr: 'CNIE', ar: 'البطاقة', en: 'ID card' }],
      active: true,
    });
    return [
      ...(['names', 'descriptions'] as const).flatMap((group) =>
        (['fr', 'ar', 'en'] as const).map((lang) => ({
          field: `body.${group}.${lang}`,
          endpoint: `${method} ${url}`,
          openApi: `${openApiPath} ${group}.${lang}`,
          request: () => {
            const body = service();
            body[group] = { ...body[group], [lang]: `Texte ${MARK}` };
            return { method, url, headers: admin, body };
          },
        })),
      ),
      ...(['fr', 'ar', 'en'] as const).map((lang) => ({
        field: `body.requiredDocuments.0.${lang}`,
        endpoint: `${method} ${url}`,
        openApi: `${openApiPath} requiredDocuments[].${lang}`,
        request: () => ({ method, url, headers: admin, body: { ...service(), requiredDocuments: [{ fr: 'CNIE', ar: 'البطاقة', en: 'ID card', [lang]: `Pièce ${MARK}` }] } }),
      })),
    ];
  }),
];

/** What these requests could change if one slipped through. */
async function stored() {
  const [cases, row, holidays] = await Promise.all([
    platform.prisma.case.count({ where: { serviceId } }),
    platform.prisma.case.findUniqueOrThrow({ where: { id: receipt.caseId }, include: { events: true } }),
    platform.prisma.holidayOverride.count({ where: { entity: { code: entityCode } } }),
  ]);
  return { cases, status: row.status, events: row.events.length, lastSeq: row.lastSeq, holidays };
}

describe('free text with characters no one types', () => {
  it('covers every free-text field of the OpenAPI document', () => {
    const doc = platform.app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>> };
    const textFields: string[] = [];
    const walk = (schema: unknown, where: string, at: string) => {
      if (!schema || typeof schema !== 'object') return;
      const s = schema as { pattern?: string; properties?: Record<string, unknown>; additionalProperties?: unknown };
      if (s.pattern && TEXT_PATTERNS.includes(s.pattern)) textFields.push(`${where} ${at}`);
      for (const [name, sub] of Object.entries(s.properties ?? {})) walk(sub, where, at ? `${at}.${name}` : name);
      // The document turns a record's patternProperties into additionalProperties.
      walk(s.additionalProperties, where, at ? `${at}.*` : '*');
      walk((s as { items?: unknown }).items, where, `${at}[]`);
    };
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) walk(operation.requestBody?.content['application/json']?.schema, `${method} ${path}`, '');
    }
    expect(textFields.sort()).toEqual(FIELDS.flatMap((f) => (f.openApi ? [f.openApi] : [])).sort());
  });

  it.each(FIELDS.flatMap((f) => Object.entries(HOSTILE).map(([label, escape]) => [`${f.field} of ${f.endpoint}: ${label}`, f, escape] as const)))(
    '%s → 400 naming the field, nothing stored',
    async (_label, field, escape) => {
      const before = await stored();
      const { method, url, headers, body } = field.request();
      const res = await platform.app.inject({
        method,
        url,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify(body).replace(MARK, escape),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_input', details: { field: field.field } });
      expect(res.json<{ message: string }>().message).toMatch(/plain text/);
      expect(await stored()).toEqual(before);
    },
  );

  it('takes the same fields with accents, Arabic, emoji and line breaks', async () => {
    const res = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { serviceId, applicant: { ...APPLICANT, fullName: 'Aïcha بنت محمد 🙂' }, details: { subject: 'Ligne 1\nLigne 2' } },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('details keys and numbers outside what the schema declares', () => {
  it.each(['bad key!', '$gt', '__proto__x', 'a'.repeat(41), '1abc'])('refuses the details key %j, storing nothing', async (key) => {
    const before = await stored();
    const res = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ serviceId, applicant: APPLICANT, details: { [key]: 'x' } }),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_input', details: { field: 'body.details' } });
    expect(await stored()).toEqual(before);
  });

  it.each([
    ['/api/v1/queue?limit=1e309', 'querystring.limit'],
    ['/api/v1/queue?limit=Infinity', 'querystring.limit'],
    ['/api/v1/notifications?limit=-Infinity', 'querystring.limit'],
    ['/api/v1/calendar/due-date?from=2026-12-01&workingDays=1e309', 'querystring.workingDays'],
    ['/api/v1/calendar/due-date?from=2026-12-01&calendarDays=Infinity', 'querystring.calendarDays'],
    ['/api/v1/calendar/holidays?year=1e309', 'querystring.year'],
    ['/api/v1/public/grants?year=1e309', 'querystring.year'],
    ['/api/v1/public/grants?limit=Infinity', 'querystring.limit'],
  ])('refuses %s with a 400 naming the parameter', async (url, field) => {
    const res = await platform.app.inject({ method: 'GET', url, headers: handler });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_input', details: { field } });
  });

  it('refuses a non-finite year in a path', async () => {
    const res = await platform.app.inject({ method: 'PUT', url: '/api/v1/admin/calendar/ramadan/1e309', headers: admin, payload: { opensAt: '09:00', closesAt: '15:00' } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ details: { field: 'params.year' } });
  });

  it('refuses a non-finite number in a body instead of storing it as the text "Infinity"', async () => {
    const before = await stored();
    const res = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":"handler","password":1e309}',
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ details: { field: 'body.password' } });
    expect(await stored()).toEqual(before);
  });
});
