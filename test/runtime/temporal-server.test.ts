import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../platform/free-port.js';
import { findTemporalCli, processExists, resolveTemporal, type ResolvedTemporal } from '../../platform/temporal-server.js';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import type { recordStatus } from './fixtures/record-status-workflow.js';

const silent = () => undefined;
// Each test starts its own servers; generous limits keep a loaded 2-core machine from failing them.
const SERVER_TEST = { timeout: 45_000 };
// Ignore any Temporal settings of the shell running the tests: each test states the ones it needs.
const localEnv: NodeJS.ProcessEnv = {
  ...process.env,
  TEMPORAL_ADDRESS: '',
  TEMPORAL_PORT: '',
  TEMPORAL_UI_PORT: '',
  TEMPORAL_NAMESPACE: '',
  KHIDMA_DATA_DIR: '',
};

let workflowBundle: WorkflowBundle;
const started: ResolvedTemporal[] = [];
const tempDirs: string[] = [];

async function resolveForTest(options: Partial<Parameters<typeof resolveTemporal>[0]>): Promise<ResolvedTemporal> {
  const temporal = await resolveTemporal({ mode: 'ephemeral', log: silent, env: localEnv, ...options });
  started.push(temporal);
  return temporal;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'khidma-temporal-'));
  tempDirs.push(dir);
  return dir;
}

async function runRecordStatus(temporal: ResolvedTemporal, workflowId: string, status: string): Promise<string> {
  const taskQueue = `runtime-test-${randomUUID()}`;
  const worker = await Worker.create({ connection: temporal.connection, namespace: temporal.namespace, taskQueue, workflowBundle });
  return await worker.runUntil(
    temporal.client.workflow.execute<typeof recordStatus>('recordStatus', { taskQueue, workflowId, args: [status] }),
  );
}

/** Visibility is written asynchronously, so a fresh workflow shows up in queries after a short delay. */
async function idsMatching(temporal: ResolvedTemporal, query: string, expectedId: string): Promise<string[]> {
  let ids: string[] = [];
  for (let attempt = 0; attempt < 40 && !ids.includes(expectedId); attempt++) {
    if (attempt > 0) await delay(250);
    ids = [];
    for await (const execution of temporal.client.workflow.list({ query })) ids.push(execution.workflowId);
  }
  return ids;
}

async function registeredSearchAttributes(connection: NativeConnection, namespace: string): Promise<Record<string, number>> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  return Object.fromEntries(Object.entries(customAttributes ?? {}).map(([name, type]) => [name, Number(type)]));
}

const expectedSearchAttributes = Object.fromEntries(
  CASE_SEARCH_ATTRIBUTES.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)]),
);

beforeAll(async () => {
  workflowBundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./fixtures/record-status-workflow.ts', import.meta.url)),
    logger: { info: silent, warn: silent, error: console.error, debug: silent, trace: silent, log: silent },
  });
}, 120_000);

afterEach(async () => {
  await Promise.all(started.splice(0).map((temporal) => temporal.stop()));
}, 60_000);

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('embedded dev server', SERVER_TEST, () => {
  it('runs a workflow through a real worker and answers queries on the case search attributes', async () => {
    const temporal = await resolveForTest({ mode: 'ephemeral' });
    expect(temporal.embedded).toBe(true);
    expect(temporal.uiUrl).toBeNull();

    const workflowId = `case-${randomUUID()}`;
    await expect(runRecordStatus(temporal, workflowId, 'received')).resolves.toBe('received');

    expect(await registeredSearchAttributes(temporal.connection, temporal.namespace)).toMatchObject(expectedSearchAttributes);
    expect(await idsMatching(temporal, `CaseStatus = "received"`, workflowId)).toContain(workflowId);
  });

  it('stop() ends the server process and frees its address', async () => {
    const temporal = await resolveForTest({ mode: 'ephemeral' });
    const pid = temporal.serverPid;
    expect(pid).not.toBeNull();
    expect(processExists(pid!)).toBe(true);

    await temporal.stop();

    expect(processExists(pid!)).toBe(false);
    await expect(NativeConnection.connect({ address: temporal.address })).rejects.toThrow();
    const orphans = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).stdout;
    expect(orphans).not.toContain('start-dev');
  });

  it('persistent mode keeps completed cases, their search attributes and serves the UI across a restart', async () => {
    const dataDir = tempDir();
    const first = await resolveForTest({ mode: 'persistent', dataDir });
    expect(first.uiUrl).not.toBeNull();
    expect((await fetch(first.uiUrl!)).status).toBe(200);
    const workflowId = `case-${randomUUID()}`;
    await runRecordStatus(first, workflowId, 'delivered');
    await first.stop();

    const second = await resolveForTest({ mode: 'persistent', dataDir });
    const handle = second.client.workflow.getHandle(workflowId);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    await expect(handle.result()).resolves.toBe('delivered');
    expect(await idsMatching(second, `CaseStatus = "delivered"`, workflowId)).toContain(workflowId);
  });

  it('adopts the server a killed start left running on its data directory, ends one that no longer answers, and takes over a stale claim', async () => {
    const dataDir = tempDir();
    const owner = await resolveForTest({ mode: 'persistent', dataDir, ui: false });
    // Seen from a new start, the owner is what a SIGKILLed `npm start` leaves: a live server named in the pid file.
    const adopted = await resolveForTest({ mode: 'persistent', dataDir, ui: false });
    expect(adopted).toMatchObject({ embedded: true, serverPid: owner.serverPid, address: owner.address });
    await expect(runRecordStatus(adopted, `case-${randomUUID()}`, 'adopted')).resolves.toBe('adopted');
    await adopted.stop();
    expect(processExists(owner.serverPid!)).toBe(false);
    await owner.stop();

    const dbFile = join(dataDir, 'temporal.sqlite');
    const mute = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', dbFile], { stdio: 'ignore' });
    const deadPort = await findFreePort('127.0.0.1');
    writeFileSync(join(dataDir, 'temporal-server.pid'), JSON.stringify({ pid: mute.pid, address: `127.0.0.1:${deadPort}` }));
    const replacing = await resolveForTest({ mode: 'persistent', dataDir, ui: false });
    expect(replacing.serverPid).not.toBe(mute.pid);
    expect(processExists(mute.pid!)).toBe(false);
    await replacing.stop();

    const exited = spawnSync('true');
    writeFileSync(join(dataDir, 'temporal-server.pid'), JSON.stringify({ pid: exited.pid, address: owner.address }));
    const successor = await resolveForTest({ mode: 'persistent', dataDir, ui: false });
    expect(successor.embedded).toBe(true);
    await successor.stop();
  });

  it('tells when the embedded server dies under the platform', async () => {
    const temporal = await resolveForTest({ mode: 'persistent', dataDir: tempDir(), ui: false });
    process.kill(temporal.serverPid!, 'SIGKILL');
    await expect(temporal.exited).resolves.toMatch(/exited unexpectedly \(SIGKILL\)/);
    await temporal.stop();
  });

  it('takes TEMPORAL_PORT=0 as any free port, as PORT=0 is, and refuses a port that is not one', async () => {
    const temporal = await resolveForTest({ env: { ...localEnv, TEMPORAL_PORT: '0' } });
    expect(temporal.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(temporal.address).not.toBe('127.0.0.1:0');
    await expect(resolveForTest({ env: { ...localEnv, TEMPORAL_PORT: '70000' } })).rejects.toThrow('TEMPORAL_PORT=70000 is not a TCP port (0 for any free one)');
  });

  it('reports a TEMPORAL_PORT that is already taken instead of attaching to whatever listens there', async () => {
    const port = await findFreePort('127.0.0.1');
    const squatter: Server = createServer();
    await new Promise<void>((listening) => squatter.listen(port, '127.0.0.1', listening));
    try {
      await expect(resolveForTest({ env: { ...localEnv, TEMPORAL_PORT: String(port) } })).rejects.toThrow(
        `TEMPORAL_PORT=${port}: port ${port} on 127.0.0.1 is already in use`,
      );
    } finally {
      squatter.close();
    }
  });
});

describe('TEMPORAL_ADDRESS', SERVER_TEST, () => {
  it('attaches to an existing server, registers the search attributes it lacks and leaves it running on stop()', async () => {
    const cli = findTemporalCli(localEnv);
    expect(cli, 'run `node scripts/install-temporal.mjs` first').not.toBeNull();
    const existing = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: cli! } } });
    try {
      expect(Object.keys(await registeredSearchAttributes(existing.nativeConnection, 'default'))).not.toContain('CaseStatus');

      const temporal = await resolveForTest({ env: { ...localEnv, TEMPORAL_ADDRESS: existing.address } });
      expect(temporal).toMatchObject({ embedded: false, serverPid: null, uiUrl: null, address: existing.address });
      expect(await registeredSearchAttributes(existing.nativeConnection, 'default')).toMatchObject(expectedSearchAttributes);
      await expect(runRecordStatus(temporal, `case-${randomUUID()}`, 'attached')).resolves.toBe('attached');

      await temporal.stop();
      await expect(existing.nativeConnection.workflowService.describeNamespace({ namespace: 'default' })).resolves.toBeDefined();
    } finally {
      await existing.teardown();
    }
  });

  it('fails with a clear message when nothing answers there', async () => {
    const address = `127.0.0.1:${await findFreePort('127.0.0.1')}`;
    await expect(resolveForTest({ env: { ...localEnv, TEMPORAL_ADDRESS: address }, startupTimeoutMs: 1_000 })).rejects.toThrow(
      `Temporal server at TEMPORAL_ADDRESS=${address} is not reachable`,
    );
  });
});
