import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { readyUpdate } from './empty-workflow.js';
import { bundleWorkflowsAt } from './workflows-at-ref.js';
import WebSocket from 'ws';
import { BENCH_PASSWORD, startBenchPlatform } from './platform.js';
import { median, percentile, runConcurrently } from './stats.js';

/**
 * `npm run bench`: submission throughput against a bare `workflow.start` of an empty workflow on
 * the same server in the same process, and the latency from a handler's HTTP step to the
 * citizen's WebSocket message — for today's workflows and for those of BENCH_BEFORE_REF (by
 * default the commit before events were recorded durably), served side by side. Rounds
 * alternate so machine noise hits every path alike.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const LATENCY_SAMPLES = Number(process.env.BENCH_LATENCY_SAMPLES ?? 100);
/** Recording inside the workflow task with local activities, before the durable-recording change. */
const BEFORE_REF = process.env.BENCH_BEFORE_REF ?? '54e1a58';

const platform = await startBenchPlatform();
const { temporal, prisma, app } = platform;

const baselineQueue = `bench-baseline-${randomUUID()}`;
const baselineWorker = await Worker.create({
  connection: temporal.connection,
  namespace: temporal.namespace,
  taskQueue: baselineQueue,
  workflowBundle: await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./empty-workflow.ts', import.meta.url)),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  }),
});
const baselineRun = baselineWorker.run();
const before = await platform.startVariant(await bundleWorkflowsAt(BEFORE_REF));
async function listen(server: typeof app): Promise<string> {
  await server.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
}
const bases = { now: await listen(app), before: await listen(before) };
const service = await prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } });
const applicant = { fullName: 'Bench Citizen', nationalId: 'BE123456', phone: '+212600000000' };

async function submit(base: string) {
  const res = await fetch(`${base}/api/v1/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: service.id, applicant }),
  });
  if (res.status !== 201) throw new Error(`submission failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { caseId: string; trackingCode: string; accessToken: string };
}

async function bareStart() {
  await temporal.client.workflow.start('emptyWorkflow', { taskQueue: baselineQueue, workflowId: `bench-${randomUUID()}` });
}

async function bareUpdateWithStart() {
  const operation = new WithStartWorkflowOperation('emptyWorkflowWithUpdate', {
    taskQueue: baselineQueue,
    workflowId: `bench-${randomUUID()}`,
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await temporal.client.workflow.executeUpdateWithStart(readyUpdate, { startWorkflowOperation: operation });
}

const paths = {
  ours: () => submit(bases.now).then(() => undefined),
  oursBefore: () => submit(bases.before).then(() => undefined),
  bareStart,
  bareUpdateWithStart,
};
type PathName = keyof typeof paths;

// Warm every path (JIT, connection pools, workflow caches) before measuring.
for (const run of Object.values(paths)) await runConcurrently(20, CONCURRENCY, run);

const perSecond = Object.fromEntries(Object.keys(paths).map((name) => [name, [] as number[]])) as Record<PathName, number[]>;
const latencies = Object.fromEntries(Object.keys(paths).map((name) => [name, [] as number[]])) as Record<PathName, number[]>;
for (let round = 0; round < ROUNDS; round += 1) {
  for (const name of Object.keys(paths) as PathName[]) {
    const measured = await runConcurrently(PER_ROUND, CONCURRENCY, paths[name]);
    perSecond[name].push((PER_ROUND / measured.wallMs) * 1000);
    latencies[name].push(...measured.latencies);
  }
}

const token = (
  (await (
    await fetch(`${bases.now}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'handler', password: BENCH_PASSWORD }) })
  ).json()) as { token: string }
).token;

/** Time from sending a handler step over HTTP to the citizen's socket receiving its event. */
async function stepToSocket(base: string): Promise<number> {
  const c = await submit(base);
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
const stepLatencies = { now: [] as number[], before: [] as number[] };
for (let i = 0; i < LATENCY_SAMPLES; i += 1) {
  stepLatencies.now.push(await stepToSocket(bases.now));
  stepLatencies.before.push(await stepToSocket(bases.before));
}

const fmt = (n: number) => n.toFixed(1);
const summary = (name: PathName) => ({
  perSecondMedian: fmt(median(perSecond[name])),
  latencyMs: { p50: fmt(median(latencies[name])), p99: fmt(percentile(latencies[name], 99)) },
});
const ratio = (a: PathName, b: PathName) => (median(perSecond[a]) / median(perSecond[b])).toFixed(3);
const socketLatency = (sample: number[]) => ({ p50: fmt(median(sample)), p99: fmt(percentile(sample, 99)) });
const report = {
  method: `${ROUNDS} rounds, each running the four paths in turn, ${PER_ROUND} calls per path per round at concurrency ${CONCURRENCY}; ${LATENCY_SAMPLES} step-to-socket samples per version, alternating; one Temporal dev server, local PostgreSQL, one process; "before" = the workflows of ${BEFORE_REF} (events recorded by local activities inside the workflow task) on today's API and activities`,
  submission: {
    ours: summary('ours'),
    oursBefore: summary('oursBefore'),
    bareStart: summary('bareStart'),
    bareUpdateWithStart: summary('bareUpdateWithStart'),
    throughputRatioToBareStart: { now: ratio('ours', 'bareStart'), before: ratio('oursBefore', 'bareStart') },
    throughputRatioToBareUpdateWithStart: { now: ratio('ours', 'bareUpdateWithStart'), before: ratio('oursBefore', 'bareUpdateWithStart') },
  },
  handlerStepToCitizenSocketMs: { now: socketLatency(stepLatencies.now), before: socketLatency(stepLatencies.before) },
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

baselineWorker.shutdown();
await baselineRun;
await platform.close();
