import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APPLICANT, staffToken, startPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;
let child: ChildProcess | null = null;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await platform?.close();
});

/** The real worker entry point in its own process, on this file's task queue; resolves once it polls. */
async function spawnWorkerProcess(taskQueue: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../worker/main.ts', import.meta.url))], {
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), 90_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.on('exit', (code) => reject(new Error(`worker exited with ${code}: ${output}`)));
  });
  return proc;
}

describe('a worker process killed in the middle of a case', () => {
  it('leaves the case to continue on another worker, with no event lost or written twice', async () => {
    await platform.stopWorker();
    child = await spawnWorkerProcess(platform.taskQueue);

    const service = await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } });
    const submitted = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: service.id, applicant: APPLICANT } });
    expect(submitted.statusCode).toBe(201);
    const { caseId } = submitted.json<{ caseId: string }>();
    const handler = { authorization: `Bearer ${await staffToken(platform.app, 'handler')}` };
    const act = (action: string) => platform.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, headers: handler });
    expect((await act('claim')).statusCode).toBe(200);

    const pending = act('approve');
    // Kill it the moment the step's event is committed: the worker has not yet told Temporal that
    // the step is done, so the next worker redoes it and must not write the event twice.
    for (let seen = 0; seen === 0; ) {
      seen = await platform.prisma.caseEvent.count({ where: { caseId, seq: 3 } });
      if (seen === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    child = null;
    await platform.startWorker();

    const approved = await pending;
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('in_production');
    expect((await act('mark_ready')).statusCode).toBe(200);

    const events = await platform.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events.map((e) => e.status)).toEqual(['submitted', 'in_review', 'in_production', 'ready']);
  }, 120_000);
});
