import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CaseView } from '../../domain/cases/case-view.js';
import { caseDataConverter } from '../../platform/payload-codec.js';
import { createPrisma, type PrismaClient } from '../../platform/prisma.js';
import { processExists } from '../../platform/temporal-server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { APPLICANT } from '../support/platform.js';

/*
 * The whole platform of `npm start` — Temporal dev server, worker and API — killed at once while
 * cases are mid-step (SIGKILL, as a host crash does), or stopped with Ctrl-C, then started again:
 * every case finishes, the read model equals its workflow, no event is lost, invented or written
 * twice, and no live channel ever showed a step that did not happen.
 */
const START = fileURLToPath(new URL('../../scripts/start.ts', import.meta.url));
const PASSWORD = 'crash-test-password';
const CASES = 8;
/** The next step towards an end, by status: staff steps, and the citizen's where the case waits for them. */
const NEXT: Record<string, { action: string; by: 'staff' | 'citizen'; payload?: object }> = {
  submitted: { action: 'claim', by: 'staff' },
  in_review: { action: 'approve', by: 'staff' },
  awaiting_citizen: { action: 'provide_info', by: 'citizen', payload: { message: 'Pièce déposée.' } },
  in_production: { action: 'mark_ready', by: 'staff' },
  ready: { action: 'deliver', by: 'staff' },
  delivered: { action: 'close', by: 'staff' },
};
/** Each case's first steps, taken concurrently with the other cases' while the platform is killed. */
const SCRIPTS: Array<Array<{ action: string; by: 'staff' | 'citizen'; payload?: object }>> = [
  [{ action: 'claim', by: 'staff' }, { action: 'request_info', by: 'staff', payload: { message: 'Copie de la CIN ?' } }, { action: 'provide_info', by: 'citizen', payload: { message: 'Déposée.' } }, { action: 'approve', by: 'staff' }],
  [{ action: 'claim', by: 'staff' }, { action: 'reject', by: 'staff', payload: { reason: 'Hors compétence.' } }],
  [{ action: 'withdraw', by: 'citizen' }],
  [{ action: 'claim', by: 'staff' }, { action: 'approve', by: 'staff' }, { action: 'mark_ready', by: 'staff' }, { action: 'deliver', by: 'staff' }],
];

interface Platform {
  process: ChildProcess;
  base: string;
  output: () => string;
}

interface Submitted {
  caseId: string;
  trackingCode: string;
  accessToken: string;
}

let database: TestDatabase | null = null;
let prisma: PrismaClient | null = null;
const dataDirs: string[] = [];
const running = new Set<ChildProcess>();

afterAll(async () => {
  for (const child of running) killGroup(child, 'SIGKILL');
  await prisma?.$disconnect();
  await database?.drop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** The running dev server of a data directory, as `npm start` records it. */
function temporalServer(dataDir: string): { pid: number; address: string } {
  return JSON.parse(readFileSync(join(dataDir, 'temporal-server.pid'), 'utf8')) as { pid: number; address: string };
}

/** The dev server runs in a process group of its own: a host crash takes it too. */
function killTemporal(dataDir: string) {
  try {
    process.kill(temporalServer(dataDir).pid, 'SIGKILL');
  } catch {
    // not running
  }
}

async function startPlatform(env: NodeJS.ProcessEnv): Promise<Platform> {
  const child = spawn(process.execPath, ['--import', 'tsx', START], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 90_000;
  while (!output.includes('Khidma is running.')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const api = /API\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1\/services/.exec(output);
  if (!api) throw new Error(`npm start did not say where its API is:\n${output}`);
  return { process: child, base: api[1]!, output: () => output };
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

async function call(base: string, method: string, path: string, headers: Record<string, string>, body?: object) {
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(20_000),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
  } catch {
    return { status: 0, body: null };
  }
}

/** A data directory and free ports of its own for one `npm start`, on the test's database. */
async function platformEnvironment(databaseUrl: string, prefix: string) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  dataDirs.push(dataDir);
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    KHIDMA_DATA_DIR: dataDir,
    // Any free ports, chosen by npm start itself (which holds or retries them) and read from what it prints or records.
    PORT: '0',
    SEED_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
  };
  return { dataDir, env };
}

async function runScenario(signal: 'SIGKILL' | 'SIGINT') {
  database ??= await createTestDatabase({ migrate: false });
  prisma ??= createPrisma(database.url);
  const { dataDir, env } = await platformEnvironment(database.url, 'khidma-crash-');
  let platform = await startPlatform(env);
  const base = platform.base;
  const service = await prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } });
  const token = (await call(base, 'POST', '/api/v1/auth/token', {}, { username: 'supervisor', password: PASSWORD })).body!.token as string;
  const staff = { authorization: `Bearer ${token}` };

  const cases: Submitted[] = [];
  for (let i = 0; i < CASES; i += 1) {
    const res = await call(base, 'POST', '/api/v1/cases', {}, { serviceId: service.id, applicant: APPLICANT });
    expect(res.status).toBe(201);
    cases.push(res.body as unknown as Submitted);
  }
  /** Every event any live channel showed, by case. */
  const shown = new Map<string, Array<{ id: string; seq: number; type: string; status: string; payload: unknown }>>();
  const sockets = cases.map((c) => {
    shown.set(c.caseId, []);
    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/cases/${c.trackingCode}/live?token=${c.accessToken}`);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; event?: { id: string; seq: number; type: string; status: string; payload: unknown } };
      if (message.type === 'event') shown.get(c.caseId)!.push(message.event!);
    });
    socket.on('error', () => undefined);
    return socket;
  });
  await Promise.all(sockets.map((s) => new Promise((resolve) => s.once('open', resolve))));

  const step = (c: Submitted, s: { action: string; by: 'staff' | 'citizen'; payload?: object }, at: string) =>
    s.by === 'staff'
      ? call(at, 'POST', `/api/v1/cases/${c.caseId}/actions/${s.action}`, staff, s.payload ?? {})
      : call(at, 'POST', `/api/v1/cases/${c.trackingCode}/citizen-actions/${s.action}`, { authorization: `Bearer ${c.accessToken}` }, s.payload ?? {});

  /** Steps the API answered 2xx: each must be in the final record. */
  const confirmed: Array<{ caseId: string; action: string }> = [];
  let answered = 0;
  const inFlight = cases.map(async (c, i) => {
    for (const s of SCRIPTS[i % SCRIPTS.length]!) {
      const res = await step(c, s, base);
      answered += 1;
      if (res.status === 200) confirmed.push({ caseId: c.caseId, action: s.action });
      else return;
    }
  });
  // Strike while steps are in flight: after the first few answers, with more on their way.
  while (answered < 5) await new Promise((resolve) => setTimeout(resolve, 5));
  if (signal === 'SIGKILL') {
    killGroup(platform.process, 'SIGKILL');
    killTemporal(dataDir);
  } else {
    // As Ctrl-C under npm delivers it: once to the group, and again forwarded by npm a moment later.
    killGroup(platform.process, 'SIGINT');
    setTimeout(() => platform.process.kill('SIGINT'), 50);
  }
  const temporalPid = temporalServer(dataDir).pid;
  const stoppedAt = Date.now();
  await exited(platform.process);
  const stopMs = Date.now() - stoppedAt;
  // Stopped in order to the end, the repeated signal included: the dev server too, not left behind.
  if (signal === 'SIGINT') {
    expect(platform.process.exitCode, platform.output()).toBe(0);
    expect(processExists(temporalPid)).toBe(false);
  }
  await Promise.all(inFlight);
  for (const s of sockets) s.terminate();

  platform = await startPlatform(env);
  // Every case to its end, by whatever its workflow accepts next.
  for (const c of cases) {
    for (const deadline = Date.now() + 60_000; ; ) {
      const view = await call(platform.base, 'GET', `/api/v1/cases/by-id/${c.caseId}`, staff);
      const status = String(view.body?.status ?? '');
      if (['closed', 'rejected', 'withdrawn'].includes(status)) break;
      if (Date.now() > deadline) throw new Error(`case ${c.caseId} stuck in ${status}:\n${platform.output()}`);
      const next = NEXT[status];
      if (next) await step(c, next, platform.base);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const connection = await Connection.connect({ address: temporalServer(dataDir).address });
  const client = new Client({ connection, dataConverter: caseDataConverter() });
  try {
    for (const c of cases) {
      const row = await prisma.case.findUniqueOrThrow({ where: { id: c.caseId }, include: { events: { orderBy: { seq: 'asc' } } } });
      const workflow = (await client.workflow.getHandle(row.workflowId).result()) as CaseView;
      expect(row.status, c.caseId).toBe(workflow.status);
      expect(row.lastSeq).toBe(workflow.lastSeq);
      expect(row.events.map((e) => e.seq)).toEqual(Array.from({ length: workflow.lastSeq }, (_, i) => i + 1));
      expect(row.events.at(-1)!.status).toBe(workflow.status);
      expect(await prisma.caseEventRetracted.count({ where: { caseId: c.caseId } })).toBe(0);
      const actions = row.events.map((e) => (e.payload as { action?: string }).action);
      for (const done of confirmed.filter((d) => d.caseId === c.caseId)) expect(actions, `${c.caseId}: ${done.action} answered 200`).toContain(done.action);
      const stored = new Map(row.events.map((e) => [e.id.toString(), e]));
      for (const event of shown.get(c.caseId)!) {
        const kept = stored.get(event.id);
        expect(kept, `live channel showed ${event.type} #${event.seq}, which is not in the record`).toBeDefined();
        expect({ seq: kept!.seq, type: kept!.type, status: kept!.status }).toEqual({ seq: event.seq, type: event.type, status: event.status });
      }
    }
  } finally {
    await connection.close();
  }
  killGroup(platform.process, 'SIGINT');
  await exited(platform.process);
  killTemporal(dataDir);
  return { confirmed: confirmed.length, stopMs };
}

describe('the whole platform stopped while cases are mid-step', () => {
  it('killed at once (SIGKILL of every process), then restarted: nothing lost, invented or doubled', async () => {
    const { confirmed } = await runScenario('SIGKILL');
    expect(confirmed).toBeGreaterThanOrEqual(5);
  }, 240_000);

  it('stopped with Ctrl-C (SIGINT), promptly, then restarted: nothing lost, invented or doubled', async () => {
    const { stopMs } = await runScenario('SIGINT');
    expect(stopMs).toBeLessThan(15_000);
  }, 240_000);
});

describe('the embedded Temporal server dying under a running platform', () => {
  it('stops the platform with exit code 1 and a line saying why, instead of serving on degraded', async () => {
    database ??= await createTestDatabase({ migrate: false });
    const { dataDir, env } = await platformEnvironment(database.url, 'khidma-temporal-dies-');
    const platform = await startPlatform(env);
    killTemporal(dataDir);
    await exited(platform.process);
    expect(platform.process.exitCode, platform.output()).toBe(1);
    expect(platform.output()).toMatch(/Temporal dev server \(pid \d+\) exited unexpectedly.*stopping the platform/);
  }, 120_000);
});
