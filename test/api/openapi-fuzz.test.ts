import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICANT, startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';

/**
 * Every operation the OpenAPI document describes, fed hostile input built from its own schema:
 * whatever arrives, the answer is an honest 4xx (or a success), never a 500, and always the
 * error body the document promises.
 */

interface Parameter { name: string; in: 'path' | 'query' | 'header'; schema?: Schema }
interface Schema { type?: string; properties?: Record<string, Schema>; items?: Schema }
interface Operation { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }

const SEED = 20261207;
const RUNS_PER_OPERATION = 80;

const hostileString = fc.oneof(
  fc.constantFrom(
    '', '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u202eevil', '\u0007\u001b[2J', '1e309', '-1', 'NaN', 'Infinity', '-0', '0x10',
    '9'.repeat(400), '__proto__', 'constructor', "' OR '1'='1", '../../etc/passwd', '%00', '%ZZ', '{{7*7}}', '<script>alert(1)</script>',
    '00000000-0000-4000-8000-000000000000', 'KH-0000-0000', '2026-02-30', '9999-99-99', 'a'.repeat(5000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);
const hostileNumber = fc.oneof(fc.constantFrom(Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 2, -1, 0, 1.5, -0), fc.double(), fc.integer());
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, [], {}, { $gt: '' }, { __proto__: { isAdmin: true } }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);

/** A body shaped like the schema (so it reaches deeper checks), with hostile values in its fields. */
function bodyLike(schema: Schema | undefined): fc.Arbitrary<unknown> {
  if (schema?.type === 'object' && schema.properties) {
    const fields = Object.fromEntries(Object.entries(schema.properties).map(([name, field]) => [name, fc.oneof(bodyLike(field), hostileValue)]));
    return fc.record(fields, { requiredKeys: [] });
  }
  if (schema?.type === 'array') return fc.array(fc.oneof(bodyLike(schema.items), hostileValue), { maxLength: 3 });
  return hostileValue;
}

const rawBody = fc.oneof(
  fc.constantFrom('{', '{"a":', 'null', '[]', '"\\ud800"', '{"__proto__":{"x":1}}', `{"a":${'['.repeat(5000)}`, '{"n":1e999999}', '\u0000'),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

let platform: TestPlatform;
let admin: Record<string, string>;
let handler: Record<string, string>;
let citizen: Record<string, string>;
let operations: { method: string; path: string; operation: Operation }[];
let knownCase: { caseId: string; trackingCode: string };

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
  handler = await staffHeaders(platform.app, 'handler');
  const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
  const receipt = (await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } })).json();
  knownCase = receipt;
  citizen = { authorization: `Bearer ${receipt.accessToken}` };
  const document = platform.app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}, 120_000);
afterAll(() => platform?.close());

/** Percent-encodes as a hostile client would send it: a lone surrogate as its (invalid) UTF-8 bytes. */
function percentEncode(text: string): string {
  return Array.from(text, (char) => {
    const code = char.codePointAt(0)!;
    if (code < 0xd800 || code > 0xdfff) return encodeURIComponent(char);
    return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
  }).join('');
}

/** A path parameter: usually hostile, sometimes a real identifier so the deeper checks run too. */
function pathValue(name: string): fc.Arbitrary<string> {
  const real = name === 'trackingCode' ? [knownCase.trackingCode] : name === 'id' || name === 'caseId' ? [knownCase.caseId] : [];
  return fc.oneof({ weight: 3, arbitrary: hostileString.map(String) }, { weight: 1, arbitrary: fc.constantFrom(...real, '2026', 'claim', 'ramadan') });
}

describe('every operation of the OpenAPI document, fuzzed', () => {
  it('is described at all (the document lists the platform’s operations)', () => {
    expect(operations.length).toBeGreaterThan(15);
  });

  it('never answers 500 to hostile input, and every refusal is the documented error body', async () => {
    const failures: string[] = [];
    for (const { method, path, operation } of operations) {
      if (path.endsWith('/live')) continue; // WebSocket upgrades: fuzzed in hostile-text and live-status
      const params = operation.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
      const request = fc.record({
        path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, pathValue(p.name)]))),
        query: fc.dictionary(fc.constantFrom(...queryParams.map((p) => p.name), 'unexpected', '__proto__'), hostileString.map(String), { maxKeys: 3 }),
        body: fc.oneof({ weight: 3, arbitrary: bodyLike(bodySchema).map((b) => ({ json: b })) }, { weight: 1, arbitrary: rawBody.map((raw) => ({ raw })) }),
        who: fc.constantFrom<Record<string, string>>({}, admin, handler, citizen, { authorization: 'Bearer \u0000' }, { authorization: `Bearer ${'x'.repeat(3000)}` }),
        idempotencyKey: fc.option(hostileString, { nil: undefined }),
      });
      await fc.assert(
        fc.asyncProperty(request, async (input) => {
          const url =
            path.replace(/\{(\w+)\}/g, (_, name: string) => percentEncode(String(input.path[name] ?? 'x'))) +
            (Object.keys(input.query).length ? `?${new URLSearchParams(input.query as Record<string, string>).toString()}` : '');
          const headers: Record<string, string> = { ...input.who };
          if (input.idempotencyKey !== undefined) headers['idempotency-key'] = percentEncode(input.idempotencyKey);
          const hasBody = method !== 'GET' && method !== 'DELETE';
          const payload = !hasBody ? undefined : 'raw' in input.body ? input.body.raw : JSON.stringify(input.body.json ?? null);
          if (hasBody) headers['content-type'] = 'application/json';
          const res = await platform.app.inject({ method: method as 'GET', url, headers, payload });
          if (res.statusCode >= 500) failures.push(`${method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          if (res.statusCode >= 400 && path.startsWith('/open311/')) {
            // GeoReport v2's error format: [{code, description}], code being the HTTP status.
            const body = res.json<{ code: number; description: string }[]>();
            if (!Array.isArray(body) || body[0]?.code !== res.statusCode || !(body[0].description?.length > 5)) {
              failures.push(`${method} ${url} → ${res.statusCode} with a body outside the Open311 error format ${res.body.slice(0, 200)}`);
            }
          } else if (res.statusCode >= 400) {
            const body = res.json<{ statusCode: number; code: string; message: string }>();
            if (body.statusCode !== res.statusCode || typeof body.code !== 'string' || !(body.message?.length > 5)) {
              failures.push(`${method} ${url} → ${res.statusCode} with an undocumented body ${res.body.slice(0, 200)}`);
            }
          }
        }),
        { seed: SEED, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
    }
    expect(failures).toEqual([]);
    expect((await platform.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  }, 300_000);
});
