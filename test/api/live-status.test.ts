import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { APPLICANT, staffToken, startPlatform, type TestPlatform, staffHeaders } from '../support/platform.js';

let platform: TestPlatform;
let serviceId: string;
let handler: Record<string, string>;

interface LiveMessage {
  type: 'snapshot' | 'event';
  case?: { status: string; lastEventId: string | null; timeline: unknown[] };
  event?: { id: string; seq: number; status: string; type: string };
}

/** Opens a live channel through injectWS, listening from the first frame on. */
async function openLive(path: string, headers: Record<string, string> = {}) {
  let inbox: ReturnType<typeof collect> | undefined;
  const socket = await platform.app.injectWS(path, { headers }, { onInit: (ws) => (inbox = collect(ws)) });
  return { socket, inbox: inbox! };
}

/** Collects the messages of one socket and lets a test wait for the n-th. */
function collect(socket: WebSocket) {
  const messages: LiveMessage[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as LiveMessage);
    waiters.splice(0).forEach((wake) => wake());
  });
  return {
    messages,
    async until(count: number, timeoutMs = 15_000): Promise<LiveMessage[]> {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return messages;
    },
  };
}

beforeAll(async () => {
  platform = await startPlatform();
  serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
  handler = await staffHeaders(platform.app, 'handler');
});
afterAll(() => platform?.close());

async function newCase() {
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } });
  return res.json<{ caseId: string; trackingCode: string; accessToken: string }>();
}

const act = (caseId: string, action: string, payload: object = {}) =>
  platform.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, headers: handler, payload });

describe('the citizen live channel', () => {
  it('sends a snapshot, then each step as it happens, in order', async () => {
    const c = await newCase();
    const { socket, inbox } = await openLive(`/api/v1/cases/${c.trackingCode}/live`, { authorization: `Bearer ${c.accessToken}` });
    await inbox.until(1);
    expect(inbox.messages[0]).toMatchObject({ type: 'snapshot', case: { status: 'submitted' } });
    await act(c.caseId, 'claim');
    await act(c.caseId, 'request_info', { message: 'Photo manquante' });
    const messages = await inbox.until(3);
    expect(messages.slice(1).map((m) => m.event?.status)).toEqual(['in_review', 'awaiting_citizen']);
    expect(messages.slice(1).map((m) => m.event?.seq)).toEqual([2, 3]);
    socket.terminate();
  });

  it('replays exactly the missed events after a reconnect with `after`, then goes on live', async () => {
    const c = await newCase();
    const { socket: first, inbox: firstInbox } = await openLive(`/api/v1/cases/${c.trackingCode}/live?token=${c.accessToken}`);
    await act(c.caseId, 'claim');
    const seen = await firstInbox.until(2);
    const lastSeen = seen[1]!.event!.id;
    first.terminate();

    await act(c.caseId, 'approve');
    await act(c.caseId, 'mark_ready');

    const { socket: second, inbox } = await openLive(`/api/v1/cases/${c.trackingCode}/live?after=${lastSeen}&token=${c.accessToken}`);
    const replayed = await inbox.until(2);
    expect(replayed.map((m) => [m.type, m.event?.status])).toEqual([
      ['event', 'in_production'],
      ['event', 'ready'],
    ]);
    await act(c.caseId, 'deliver');
    const all = await inbox.until(3);
    expect(all[2]?.event?.status).toBe('delivered');
    const ids = all.map((m) => BigInt(m.event!.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(ids).size).toBe(ids.length);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(inbox.messages).toHaveLength(3);
    second.terminate();
  });

  it('refuses the upgrade for a wrong token', async () => {
    const c = await newCase();
    await expect(platform.app.injectWS(`/api/v1/cases/${c.trackingCode}/live?token=wrong`)).rejects.toThrow(/404/);
  });

  it('works over a real TCP connection with concurrent steps', async () => {
    await platform.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = platform.app.server.address() as AddressInfo;
    const c = await newCase();
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/cases/${c.trackingCode}/live`, {
      headers: { authorization: `Bearer ${c.accessToken}` },
    });
    const inbox = collect(socket);
    await inbox.until(1);
    const results = await Promise.all([act(c.caseId, 'claim'), act(c.caseId, 'claim')]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    await act(c.caseId, 'approve');
    const messages = await inbox.until(3);
    expect(messages.slice(1).map((m) => m.event?.status)).toEqual(['in_review', 'in_production']);
    socket.close();
  });
});

describe('the staff live channel of an entity', () => {
  it('carries every event of the entity’s cases, none of other entities, and replays what a reconnecting client missed', async () => {
    const token = handler.authorization!.replace('Bearer ', '');
    const { socket, inbox } = await openLive(`/api/v1/live?token=${token}`);
    const [ready] = await inbox.until(1);
    expect(ready?.type).toBe('ready');

    const mine = await newCase();
    const otherService = await platform.prisma.service.findFirstOrThrow({ where: { entity: { code: 'COMMUNE-RABAT' } } });
    await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: otherService.id, applicant: APPLICANT } });
    await act(mine.caseId, 'claim');
    const received = await inbox.until(3);
    const events = received.slice(1).map((m) => m.event as unknown as { caseId: string; status: string; id: string });
    expect(events.filter((e) => e.caseId === mine.caseId).map((e) => e.status)).toEqual(['submitted', 'in_review']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const otherEntityCases = await platform.prisma.case.findMany({ where: { entity: { code: 'COMMUNE-RABAT' } }, select: { id: true } });
    const foreign = new Set(otherEntityCases.map((c) => c.id));
    // Named in full if it ever fails (it did once in a whole-suite run, never alone): which event, of which case.
    const leaked = inbox.messages.slice(1).filter((m) => foreign.has((m.event as unknown as { caseId: string }).caseId));
    const leakedCases = await platform.prisma.case.findMany({
      where: { id: { in: leaked.map((m) => (m.event as unknown as { caseId: string }).caseId) } },
      select: { id: true, entityId: true, serviceId: true, status: true, lastSeq: true },
    });
    expect(leaked, JSON.stringify({ leaked, leakedCases, mine: mine.caseId })).toEqual([]);
    const lastSeen = events.at(-1)!.id;
    socket.terminate();

    await act(mine.caseId, 'approve');
    const again = await openLive(`/api/v1/live?after=${lastSeen}&token=${token}`);
    const replayed = await again.inbox.until(2);
    expect(replayed[0]?.type).toBe('ready');
    expect(replayed.slice(1).map((m) => m.event?.status)).toContain('in_production');
    again.socket.terminate();
  });

  it('gives back every subscription of a client that leaves, even one gone before its replay began', async () => {
    const token = handler.authorization!.replace('Bearer ', '');
    const before = platform.feed.subscriptionCount;
    const address = await platform.app.listen({ port: 0, host: '127.0.0.1' }).catch(() => null);
    const { port } = platform.app.server.address() as AddressInfo;
    expect(address ?? port).toBeTruthy();
    await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<void>((resolve) => {
            const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live?after=0&token=${token}`);
            socket.on('open', () => socket.terminate());
            socket.on('close', () => resolve());
            socket.on('error', () => resolve());
          }),
      ),
    );
    await expect.poll(() => platform.feed.subscriptionCount, { timeout: 5000 }).toBeLessThanOrEqual(before);
  });

  it('is refused without a staff token and to administrators', async () => {
    await expect(platform.app.injectWS('/api/v1/live')).rejects.toThrow(/401/);
    const admin = await staffToken(platform.app, 'admin');
    await expect(platform.app.injectWS(`/api/v1/live?token=${admin}`)).rejects.toThrow(/403/);
    await expect(platform.app.injectWS(`/api/v1/live?after=abc&token=${admin}`)).rejects.toThrow(/400/);
  });
});
