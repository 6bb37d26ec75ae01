import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startHoldableRelay, type HoldableRelay } from '../support/holdable-relay.js';
import { APPLICANT, startPlatform, type TestPlatform, staffHeaders } from '../support/platform.js';

let platform: TestPlatform;
let child: ChildProcess | null = null;
let relay: HoldableRelay | null = null;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await relay?.close();
  await platform?.close();
});

/** The real worker entry point in its own process, on this file's task queue, reaching Temporal at `temporalAddress`; resolves once it polls. */
async function spawnWorkerProcess(taskQueue: string, temporalAddress: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../worker/main.ts', import.meta.url))], {
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: temporalAddress,
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
  it('never shows a step Temporal does not hold, and leaves the case to continue on another worker, with no event lost or written twice', async () => {
    await platform.stopWorker();
    relay = await startHoldableRelay(inject('temporalAddress'));
    child = await spawnWorkerProcess(platform.taskQueue, relay.address);

    const service = await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } });
    const submitted = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId: service.id, applicant: APPLICANT } });
    expect(submitted.statusCode).toBe(201);
    const { caseId } = submitted.json<{ caseId: string }>();
    const handler = await staffHeaders(platform.app, 'handler');
    const act = (action: string) => platform.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions/${action}`, headers: handler });
    expect((await act('claim')).statusCode).toBe(200);

    // From here the worker hears from Temporal (its polls are already waiting there) but Temporal
    // never hears from it: it takes the approval, and its report that the step was accepted never
    // arrives. The approval is not durable, so it must not reach the read model; killed then, the
    // worker leaves a step the next worker redoes, recording it once.
    relay.hold();
    const pending = act('approve');
    const watchUntil = Date.now() + 3000;
    while (Date.now() < watchUntil) {
      expect(await platform.prisma.caseEvent.count({ where: { caseId, seq: 3 } })).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    child = null;
    await relay.close();
    relay = null;
    await platform.startWorker();

    const approved = await pending;
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('in_production');
    expect((await act('mark_ready')).statusCode).toBe(200);

    const events = await platform.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events.map((e) => e.status)).toEqual(['submitted', 'in_review', 'in_production', 'ready']);

    // The step was really redone: Temporal timed out the task the killed worker had started.
    const { workflowId } = await platform.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    const history = await platform.temporal.workflow.getHandle(workflowId).fetchHistory();
    const timedOut = (history.events ?? []).filter((e) => e.workflowTaskTimedOutEventAttributes != null);
    expect(timedOut.map((e) => e.workflowTaskTimedOutEventAttributes!.timeoutType)).toContain(
      temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
    );
  }, 120_000);
});
