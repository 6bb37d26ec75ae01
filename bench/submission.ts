import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WithStartWorkflowOperation } from '@temporalio/client';
import WebSocket from 'ws';
import { SEED_SERVICE_CODES } from '../prisma/seed.js';
import { readyUpdate } from './empty-workflow.js';
import { startBaselineWorker } from './baseline.js';
import { BENCH_PASSWORD, startBenchPlatform } from './platform.js';
import { median, percentile, runConcurrently } from './stats.js';

/**
 * `npm run bench`: submission throughput of each case type over HTTP against a bare
 * `workflow.start` of an empty workflow (and a bare update-with-start, what a submission waited on
 * before) on the same server in the same process, then how long the worker takes to catch up with
 * what was submitted, and the latency from a handler's HTTP step to the citizen's WebSocket
 * message. Rounds alternate the paths so machine noise hits every one alike.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 100);

const platform = await startBenchPlatform();
const { temporal, prisma, app } = platform;

const baseline = await startBaselineWorker(temporal);
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const serviceId = async (code: string) => (await prisma.service.findFirstOrThrow({ where: { code } })).id;
const applicant = { fullName: 'Bench Citizen', nationalId: 'BE123456', phone: '+212600000000' };
const requests = {
  document_request: { serviceId: await serviceId(SEED_SERVICE_CODES.criminalRecord) },
  information_request: { serviceId: await serviceId(SEED_SERVICE_CODES.informationRequest), details: { subject: 'Budget 2025 des tribunaux' } },
  complaint: { serviceId: await serviceId(SEED_SERVICE_CODES.complaint), details: { kind: 'reclamation', subject: 'Guichet', description: 'Longue attente.' } },
};

async function submit(request: object = requests.document_request) {
  const res = await fetch(`${base}/api/v1/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...request, applicant }),
  });
  if (res.status !== 201) throw new Error(`submission failed: ${res.status} ${await res.text()}`);
  const answer = (await res.json()) as { caseId: string; trackingCode: string; accessToken: string; deadlines?: unknown[] };
  if (!answer.deadlines?.length) throw new Error('a submission answered without its deadlines');
  return answer;
}

const { bareStart } = baseline;

async function bareUpdateWithStart() {
  const operation = new WithStartWorkflowOperation('emptyWorkflowWithUpdate', {
    taskQueue: baseline.taskQueue,
    workflowId: `bench-${randomUUID()}`,
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await temporal.client.workflow.executeUpdateWithStart(readyUpdate, { startWorkflowOperation: operation });
}

const paths = {
  documentRequest: () => submit(requests.document_request).then(() => undefined),
  informationRequest: () => submit(requests.information_request).then(() => undefined),
  complaint: () => submit(requests.complaint).then(() => undefined),
  bareStart,
  bareUpdateWithStart,
};
type PathName = keyof typeof paths;
const ourPaths: PathName[] = ['documentRequest', 'informationRequest', 'complaint'];

// Warm every path (JIT, connection pools, workflow caches) before measuring.
for (const run of Object.values(paths)) await runConcurrently(20, CONCURRENCY, run);

/** Cases whose workflow has not yet recorded its own first task: the worker's backlog. */
async function workerBacklog(): Promise<number> {
  const open = await temporal.client.workflow.count(`TaskQueue = 'khidma-cases' AND ExecutionStatus = 'Running' AND CaseStatus IS NULL`);
  return open.count;
}

const perSecond = Object.fromEntries(Object.keys(paths).map((name) => [name, [] as number[]])) as Record<PathName, number[]>;
const latencies = Object.fromEntries(Object.keys(paths).map((name) => [name, [] as number[]])) as Record<PathName, number[]>;
const catchUpMs: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  for (const name of Object.keys(paths) as PathName[]) {
    const measured = await runConcurrently(PER_ROUND, CONCURRENCY, paths[name]);
    perSecond[name].push((PER_ROUND / measured.wallMs) * 1000);
    latencies[name].push(...measured.latencies);
    if (ourPaths.includes(name)) {
      // Not part of the throughput: how long after the last answer the worker has taken up every case.
      const from = performance.now();
      while ((await workerBacklog()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      catchUpMs.push(performance.now() - from);
    }
  }
}

const token = (
  (await (
    await fetch(`${base}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'handler', password: BENCH_PASSWORD }) })
  ).json()) as { token: string }
).token;

/** Time from sending a handler step over HTTP to the citizen's socket receiving its event. */
async function stepToSocket(): Promise<number> {
  const c = await submit();
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/cases/${c.trackingCode}/live?token=${c.accessToken}`);
  const snapshot = new Promise<void>((resolve) => socket.once('message', () => resolve()));
  await snapshot;
  const eventArrived = new Promise<number>((resolve) => socket.once('message', () => resolve(performance.now())));
  const sent = performance.now();
  const res = await fetch(`${base}/api/v1/cases/${c.caseId}/actions/claim`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`claim failed: ${res.status}`);
  const arrived = await eventArrived;
  socket.close();
  return arrived - sent;
}
const stepLatencies: number[] = [];
for (let i = 0; i < LATENCY_SAMPLES; i += 1) stepLatencies.push(await stepToSocket());

// The same submissions with the case worker stopped: the API's own cost, without the worker's
// work on the cases competing for this machine's cores (in production it runs elsewhere).
await platform.stopCaseWorker();
const apiAlone = { documentRequest: [] as number[], bareStart: [] as number[] };
for (let round = 0; round < ROUNDS; round += 1) {
  for (const name of ['documentRequest', 'bareStart'] as const) {
    const measured = await runConcurrently(PER_ROUND, CONCURRENCY, paths[name]);
    apiAlone[name].push((PER_ROUND / measured.wallMs) * 1000);
  }
}

const fmt = (n: number) => n.toFixed(1);
const summary = (name: PathName) => ({
  perSecondMedian: fmt(median(perSecond[name])),
  latencyMs: { p50: fmt(median(latencies[name])), p99: fmt(percentile(latencies[name], 99)) },
});
const ratio = (a: PathName, b: PathName) => (median(perSecond[a]) / median(perSecond[b])).toFixed(3);
const report = {
  method: `${ROUNDS} rounds, each running the five paths in turn, ${PER_ROUND} calls per path per round at concurrency ${CONCURRENCY}; after each round of a case type, the time until no case workflow is left without its first recorded task; ${LATENCY_SAMPLES} step-to-socket samples; one Temporal dev server, local PostgreSQL, one process`,
  submission: Object.fromEntries([...ourPaths, 'bareStart', 'bareUpdateWithStart'].map((name) => [name, summary(name as PathName)])),
  throughputRatioToBareStart: Object.fromEntries(ourPaths.map((name) => [name, ratio(name, 'bareStart')])),
  throughputRatioToBareUpdateWithStart: Object.fromEntries(ourPaths.map((name) => [name, ratio(name, 'bareUpdateWithStart')])),
  withCaseWorkerStopped: {
    documentRequestPerSecond: (median(apiAlone.documentRequest)).toFixed(1),
    bareStartPerSecond: (median(apiAlone.bareStart)).toFixed(1),
    throughputRatioToBareStart: (median(apiAlone.documentRequest) / median(apiAlone.bareStart)).toFixed(3),
  },
  workerCatchUpAfterRoundMs: { p50: fmt(median(catchUpMs)), max: fmt(Math.max(...catchUpMs)) },
  handlerStepToCitizenSocketMs: { p50: fmt(median(stepLatencies)), p99: fmt(percentile(stepLatencies, 99)) },
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

await baseline.stop();
await platform.close();
