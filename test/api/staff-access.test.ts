import { createHmac, randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { startPlatform, TEST_CONFIG, type TestPlatform } from '../support/platform.js';

/*
 * A staff token is only as good as the account behind it: deleted, disabled or moved, the
 * account loses access at once, on REST and on open live channels; a token must expire.
 */
let platform: TestPlatform;
const PASSWORD = 'a-password-for-this-test';

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A token signed with the API's own secret, with exactly the claims given. */
function signedToken(claims: Record<string, unknown>): string {
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
  return `${unsigned}.${createHmac('sha256', TEST_CONFIG.jwtSecret).update(unsigned).digest('base64url')}`;
}

async function newHandler() {
  const mj = await platform.prisma.entity.findFirstOrThrow({ where: { code: 'MJ' } });
  const username = `handler-${randomUUID().slice(0, 8)}`;
  const user = await platform.prisma.staffUser.create({
    data: { username, passwordHash: await bcrypt.hash(PASSWORD, 4), displayName: 'Agent de test', role: 'handler', entityId: mj.id },
  });
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password: PASSWORD } });
  expect(res.statusCode, res.body).toBe(200);
  return { user, headers: { authorization: `Bearer ${res.json<{ token: string }>().token}` } };
}

const queue = (headers: Record<string, string>) => platform.app.inject({ method: 'GET', url: '/api/v1/queue', headers });

describe('staff tokens', () => {
  it('stop working at once when the account is disabled, moved to another entity or deleted', async () => {
    const { user, headers } = await newHandler();
    expect((await queue(headers)).statusCode).toBe(200);

    await platform.prisma.staffUser.update({ where: { id: user.id }, data: { active: false } });
    expect((await queue(headers)).json()).toMatchObject({ statusCode: 401, message: 'this account is disabled' });
    await platform.prisma.staffUser.update({ where: { id: user.id }, data: { active: true } });
    expect((await queue(headers)).statusCode).toBe(200);

    const other = await platform.prisma.entity.create({ data: { code: `OTHER-${randomUUID().slice(0, 6)}`, name: 'Autre entité' } });
    await platform.prisma.staffUser.update({ where: { id: user.id }, data: { entityId: other.id } });
    expect((await queue(headers)).statusCode).toBe(401);

    await platform.prisma.staffUser.delete({ where: { id: user.id } });
    expect((await queue(headers)).json()).toMatchObject({ statusCode: 401, message: 'this account no longer exists' });
  });

  it('refuse a disabled account at sign-in', async () => {
    const { user } = await newHandler();
    await platform.prisma.staffUser.update({ where: { id: user.id }, data: { active: false } });
    const res = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: user.username, password: PASSWORD } });
    expect(res.statusCode).toBe(401);
  });

  it('are refused without an expiry, or without a subject, however well signed', async () => {
    const { user } = await newHandler();
    const claims = { sub: user.id, username: user.username, role: 'handler', entityId: user.entityId };
    expect((await queue({ authorization: `Bearer ${signedToken(claims)}` })).statusCode).toBe(401);
    const { sub: _sub, ...noSubject } = claims;
    expect((await queue({ authorization: `Bearer ${signedToken({ ...noSubject, exp: Math.floor(Date.now() / 1000) + 600 })}` })).statusCode).toBe(401);
    expect((await queue({ authorization: `Bearer ${signedToken({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 })}` })).statusCode).toBe(200);
  });
});

async function openStaffChannel(token: string) {
  const socket: WebSocket = await platform.app.injectWS('/api/v1/live', { headers: { authorization: `Bearer ${token}` } });
  const ended = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { socket, ended };
}

describe('open staff live channels', () => {
  it('close when the account is disabled', async () => {
    const { user, headers } = await newHandler();
    const { ended } = await openStaffChannel(headers.authorization!.slice('Bearer '.length));
    await platform.prisma.staffUser.update({ where: { id: user.id }, data: { active: false } });
    const started = Date.now();
    expect(await ended).toEqual({ code: 4401, reason: 'this account is disabled' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('close when their token expires', async () => {
    const { user } = await newHandler();
    const token = signedToken({ sub: user.id, username: user.username, role: 'handler', entityId: user.entityId, exp: Math.floor(Date.now() / 1000) + 2 });
    const { ended } = await openStaffChannel(token);
    expect(await ended).toEqual({ code: 4401, reason: 'token expired; sign in again' });
  });
});

describe('sign-in', () => {
  it('makes each attempt wait longer after a few failures for one account, existing or not, and a success clears it', async () => {
    const { user } = await newHandler();
    for (const username of [user.username, `nobody-${randomUUID().slice(0, 8)}`]) {
      const attempt = (password: string) => platform.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password } });
      for (let i = 0; i < 4; i += 1) expect((await attempt('wrong')).statusCode).toBe(401);
      const blocked = await attempt(PASSWORD);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json()).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/failed sign-ins for this account/) });
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      if (username === user.username) {
        // A stranger's failures elsewhere do not lock the account's holder out.
        const elsewhere = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/token', remoteAddress: '198.51.100.7', payload: { username, password: PASSWORD } });
        expect(elsewhere.statusCode).toBe(200);
      }
      await new Promise((resolve) => setTimeout(resolve, Number(blocked.headers['retry-after']) * 1000 + 100));
      if (username === user.username) {
        expect((await attempt(PASSWORD)).statusCode).toBe(200);
        expect(await platform.prisma.signInFailure.count({ where: { username } })).toBe(0);
      }
    }
    // Another account is not slowed by this one's failures.
    const other = await newHandler();
    expect(other.headers.authorization).toMatch(/^Bearer /);
  });
});
