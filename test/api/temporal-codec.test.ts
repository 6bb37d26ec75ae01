import type { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEC_COOKIE } from '../../api/routes/temporal-codec.js';
import { APPLICANT, staffToken, startPlatform, TEST_CONFIG, type TestPlatform } from '../support/platform.js';
import { until } from '../support/until.js';

/*
 * The remote codec the Temporal UI calls to show decrypted payloads: a real payload taken from a
 * real case workflow's history, decoded only for administrators, and CORS for the UI's origin only.
 */
interface JsonPayload {
  metadata: Record<string, string>;
  data: string;
}

const UI_ORIGIN = TEST_CONFIG.temporalUiOrigins[0]!;
let platform: TestPlatform;
let admin: string;
let handler: string;
let sealed: JsonPayload;
let receipt: { caseId: string; trackingCode: string; accessToken: string };

const b64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('base64');
const text = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

function jsonOf(payload: temporal.api.common.v1.IPayload): JsonPayload {
  return { metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, b64(v)])), data: b64(payload.data) };
}

const codec = (direction: 'decode' | 'encode', payloads: JsonPayload[], headers: Record<string, string> = {}) =>
  platform.app.inject({ method: 'POST', url: `/codec/${direction}`, headers: { 'x-namespace': 'default', ...headers }, payload: { payloads } });

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffToken(platform.app, 'admin');
  handler = await staffToken(platform.app, 'handler');
  const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } });
  receipt = res.json();
  const { workflowId } = await until(() => platform.prisma.case.findUnique({ where: { id: receipt.caseId } }), (row) => row !== null).then((row) => row!);
  // The history as the Temporal UI receives it from the server: payloads still sealed.
  const history = await platform.temporal.workflow.getHandle(workflowId).fetchHistory();
  sealed = jsonOf(history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!);
});
afterAll(() => platform?.close());

describe('POST /codec/decode and /codec/encode', () => {
  it('decode a sealed payload of a real case history for an administrator, and encode round-trips', async () => {
    expect(text(sealed.metadata.encoding!)).toBe('binary/encrypted');
    expect(text(sealed.data)).not.toContain(APPLICANT.nationalId);

    const decoded = await codec('decode', [sealed], { authorization: `Bearer ${admin}` });
    expect(decoded.statusCode, decoded.body).toBe(200);
    const [plain] = decoded.json<{ payloads: JsonPayload[] }>().payloads;
    expect(text(plain!.metadata.encoding!)).toBe('json/plain');
    const input = JSON.parse(text(plain!.data)) as { caseId: string; trackingCode: string; applicant: { nationalId: string } };
    expect(input).toMatchObject({ caseId: receipt.caseId, trackingCode: receipt.trackingCode, applicant: { nationalId: APPLICANT.nationalId } });

    const encoded = await codec('encode', [plain!], { authorization: `Bearer ${admin}` });
    expect(encoded.statusCode, encoded.body).toBe(200);
    const [resealed] = encoded.json<{ payloads: JsonPayload[] }>().payloads;
    expect(text(resealed!.metadata.encoding!)).toBe('binary/encrypted');
    expect(resealed!.data).not.toBe(sealed.data);
    const again = await codec('decode', [resealed!], { authorization: `Bearer ${admin}` });
    expect(again.json<{ payloads: JsonPayload[] }>().payloads).toEqual([plain]);
    // A payload that was never sealed passes through unchanged, as the protocol expects.
    expect((await codec('decode', [plain!], { authorization: `Bearer ${admin}` })).json<{ payloads: JsonPayload[] }>().payloads).toEqual([plain]);
  });

  it('decode nothing for anyone else: 401 without a token or with a citizen’s, 403 for other staff', async () => {
    for (const [headers, status] of [
      [{}, 401],
      [{ authorization: `Bearer ${receipt.accessToken}` }, 401],
      [{ authorization: 'Bearer not.a.token' }, 401],
      [{ authorization: `Bearer ${handler}` }, 403],
      [{ authorization: `Bearer ${await staffToken(platform.app, 'manager')}` }, 403],
      [{ cookie: `${CODEC_COOKIE}=${handler}` }, 403],
      [{ cookie: `${CODEC_COOKIE}=garbage` }, 401],
    ] as const) {
      const res = await codec('decode', [sealed], headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(status);
      expect(res.body).not.toContain(APPLICANT.nationalId);
      expect(res.json()).toMatchObject({ code: status === 401 ? 'authentication_required' : 'not_permitted' });
    }
    expect((await codec('encode', [sealed], { authorization: `Bearer ${handler}` })).statusCode).toBe(403);
    // Refused before the body is read: a stranger's broken or large body is never parsed.
    const unread = await platform.app.inject({ method: 'POST', url: '/codec/decode', headers: { 'content-type': 'application/json' }, payload: '{"payloads": [' + '"x",'.repeat(500_000) });
    expect(unread.statusCode).toBe(401);
  });

  it('refuse a payload altered or sealed with another key, and malformed bodies, with 400', async () => {
    const bytes = Buffer.from(sealed.data, 'base64');
    bytes[20] = bytes[20]! ^ 1;
    const altered = await codec('decode', [{ ...sealed, data: bytes.toString('base64') }], { authorization: `Bearer ${admin}` });
    expect(altered.statusCode).toBe(400);
    expect(altered.json()).toMatchObject({ code: 'invalid_input', details: { field: 'body.payloads' } });
    const tooLarge = await platform.app.inject({ method: 'POST', url: '/codec/decode', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, payload: JSON.stringify({ payloads: [{ data: 'A'.repeat(5 * 1024 * 1024) }] }) });
    expect(tooLarge.statusCode).toBe(413);
    for (const payload of [{ payloads: [{ data: 'not base64!' }] }, { payloads: 'x' }, {}, { payloads: [{ metadata: { 'bad key\u0000': 'AA==' } }] }]) {
      const res = await platform.app.inject({ method: 'POST', url: '/codec/decode', headers: { authorization: `Bearer ${admin}` }, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });
});

describe('the codec cookie the Temporal UI sends', () => {
  it('is set for an administrator only, HttpOnly and SameSite=Strict on /codec, and lets the UI decode with it alone', async () => {
    expect((await platform.app.inject({ method: 'POST', url: '/codec/session', headers: { authorization: `Bearer ${handler}` } })).statusCode).toBe(403);
    expect((await platform.app.inject({ method: 'POST', url: '/codec/session' })).statusCode).toBe(401);
    const session = await platform.app.inject({ method: 'POST', url: '/codec/session', headers: { authorization: `Bearer ${admin}` } });
    expect(session.statusCode).toBe(204);
    const cookie = String(session.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${CODEC_COOKIE}=[^;]+; Path=/codec; HttpOnly; SameSite=Strict; Max-Age=\\d+$`));
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)![1]);
    expect(maxAge).toBeGreaterThan(7 * 3600);
    expect(maxAge).toBeLessThanOrEqual(8 * 3600);

    const decoded = await codec('decode', [sealed], { cookie: `other=1; ${cookie.split(';')[0]!}`, origin: UI_ORIGIN });
    expect(decoded.statusCode, decoded.body).toBe(200);
    expect(decoded.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(decoded.headers['access-control-allow-credentials']).toBe('true');
    expect(text(decoded.json<{ payloads: JsonPayload[] }>().payloads[0]!.data)).toContain(receipt.trackingCode);

    const cleared = await platform.app.inject({ method: 'DELETE', url: '/codec/session' });
    expect(cleared.statusCode).toBe(204);
    expect(String(cleared.headers['set-cookie'])).toMatch(new RegExp(`^${CODEC_COOKIE}=; Path=/codec; HttpOnly; SameSite=Strict; Max-Age=0$`));
  });
});

describe('CORS', () => {
  const preflight = (url: string, origin: string) =>
    platform.app.inject({
      method: 'OPTIONS',
      url,
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });

  it('admits the Temporal UI’s origin, with credentials, to the codec only', async () => {
    const ok = await preflight('/codec/decode', UI_ORIGIN);
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(ok.headers['access-control-allow-credentials']).toBe('true');
    expect(String(ok.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(ok.headers['access-control-allow-headers']).toLowerCase()).toContain('x-namespace');

    for (const origin of ['http://evil.example', 'http://127.0.0.1:8234', 'null']) {
      const other = await preflight('/codec/decode', origin);
      expect(other.headers['access-control-allow-origin'], origin).toBeUndefined();
      const post = await codec('decode', [sealed], { authorization: `Bearer ${admin}`, origin });
      expect(post.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
    const elsewhere = await preflight('/api/v1/services', UI_ORIGIN);
    expect(elsewhere.headers['access-control-allow-origin']).toBeUndefined();
    const api = await platform.app.inject({ method: 'GET', url: '/api/v1/services', headers: { origin: UI_ORIGIN } });
    expect(api.headers['access-control-allow-origin']).toBeUndefined();
  });
});
