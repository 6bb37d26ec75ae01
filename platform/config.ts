import { isIP } from 'node:net';
import { DEFAULT_PUBLIC_MIN_SAMPLE } from '../domain/stats/public.js';
import { DEFAULT_MIN_SAMPLE } from '../domain/stats/sample.js';

/*
 * The platform's settings, read from the environment in this one module (README.md lists them
 * with their defaults); the entry points read them once and hand them on.
 */

/** What the API and the worker both need: where PostgreSQL and Temporal are, and how much to log. */
export interface PlatformConfig {
  /** unset: `npm start` provides an embedded database; the API or the worker alone refuse to start */
  databaseUrl: string | undefined;
  temporal: { address: string; namespace: string; taskQueue: string | undefined };
  logLevel: string;
  /** where video appointments get their rooms (a Jitsi-style server: any path is a room) */
  videoBaseUrl: string;
}

export const DEFAULT_VIDEO_BASE_URL = 'https://meet.jit.si';

export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    temporal: {
      address: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE || undefined,
    },
    logLevel: env.LOG_LEVEL ?? 'info',
    videoBaseUrl: (env.VIDEO_BASE_URL || DEFAULT_VIDEO_BASE_URL).replace(/\/+$/, ''),
  };
}

/** Where notices are sent from and through (the worker's notice dispatcher). */
export interface NoticeConfig {
  /** unset: `npm start` runs an embedded MailDev; a worker alone records each e-mail as not sent */
  smtpUrl: string | undefined;
  /** unset: each SMS is recorded as not sent, with that reason */
  smsGatewayUrl: string | undefined;
  mailFrom: string;
}

export const DEFAULT_MAIL_FROM = 'Khidma <no-reply@khidma.test>';

function urlSetting(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let protocol: string;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    throw new Error(`${name} must be a URL (${protocols.join(' or ')})`);
  }
  if (!protocols.includes(protocol)) throw new Error(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  return raw;
}

export function loadNoticeConfig(env: NodeJS.ProcessEnv = process.env): NoticeConfig {
  return {
    smtpUrl: urlSetting(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    smsGatewayUrl: urlSetting(env, 'SMS_GATEWAY_URL', ['http:', 'https:']),
    mailFrom: env.MAIL_FROM || DEFAULT_MAIL_FROM,
  };
}

/** What the API needs beyond it. */
export interface ApiConfig {
  port: number;
  host: string;
  logLevel: string;
  jwtSecret: string;
  /** signs the access tokens citizens receive at submission, and the workflow ids derived from Idempotency-Keys */
  accessTokenSecret: string;
  temporalNamespace: string;
  /** Fastify's trustProxy: false, true, the first n hops, or addresses/CIDRs of the proxies */
  trustProxy: boolean | string[] | ((address: string, hop: number) => boolean);
  limits: ApiLimits;
  /** STATS_MIN_SAMPLE: shares, rates, percentiles and per-handler rows of the statistics rest on at least this many cases */
  statsMinSample: number;
  /** PUBLIC_STATS_MIN_SAMPLE: the same for the public statistics (never below statsMinSample) */
  publicStatsMinSample: number;
}

/** What one client may ask: per address and minute, and how long a slow request may take. */
export interface ApiLimits {
  submissionsPerMinute: number;
  lookupsPerMinute: number;
  signInsPerMinute: number;
  /** reads of the public open-data endpoints (/api/v1/public/…), all of them together */
  openDataPerMinute: number;
  /** a request whose headers and body have not all arrived by then is answered 408 */
  requestTimeoutMs: number;
  /** a connection silent this long is closed */
  connectionTimeoutMs: number;
  /** how often open staff live channels re-check their account */
  liveRecheckMs: number;
}

export const DEFAULT_LIMITS: ApiLimits = {
  submissionsPerMinute: 30,
  lookupsPerMinute: 120,
  signInsPerMinute: 20,
  openDataPerMinute: 300,
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 60_000,
  liveRecheckMs: 5_000,
};

/** The limits an app applies: its configured ones over the defaults. */
export function limitsOf(config: { limits?: Partial<ApiLimits> | undefined }): ApiLimits {
  return { ...DEFAULT_LIMITS, ...config.limits };
}

/** Secrets that were once built in and are public in the history of this repository: refused everywhere. */
const PUBLISHED_SECRETS = new Set([
  'khidma-development-secret-not-for-production:JWT_SECRET',
  'khidma-development-secret-not-for-production:ACCESS_TOKEN_SECRET',
]);
const STRONG_SECRET_LENGTH = 32;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

function parseTrustProxy(value: string | undefined): ApiConfig['trustProxy'] {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^[0-9]+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value.split(',').map((part) => part.trim()).filter(Boolean);
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** Secrets must be set: `npm start` and the entry points generate them into the data directory (platform/secrets.ts). */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const host = env.HOST ?? '127.0.0.1';
  const secret = (name: 'JWT_SECRET' | 'ACCESS_TOKEN_SECRET'): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} must be set (npm start generates one into the data directory)`);
    if (value.length < 16) throw new Error(`${name} must be at least 16 characters long`);
    if (PUBLISHED_SECRETS.has(value)) throw new Error(`${name} is a published development secret; set a random one`);
    if (!isLoopback(host) && value.length < STRONG_SECRET_LENGTH) {
      throw new Error(`${name} must be at least ${STRONG_SECRET_LENGTH} random characters when the API listens on ${host}, beyond this machine`);
    }
    return value;
  };
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host,
    logLevel: loadPlatformConfig(env).logLevel,
    jwtSecret: secret('JWT_SECRET'),
    accessTokenSecret: secret('ACCESS_TOKEN_SECRET'),
    temporalNamespace: loadPlatformConfig(env).temporal.namespace,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    limits: {
      submissionsPerMinute: positive(env, 'RATE_LIMIT_SUBMISSIONS_PER_MINUTE', DEFAULT_LIMITS.submissionsPerMinute),
      lookupsPerMinute: positive(env, 'RATE_LIMIT_LOOKUPS_PER_MINUTE', DEFAULT_LIMITS.lookupsPerMinute),
      signInsPerMinute: positive(env, 'RATE_LIMIT_SIGN_INS_PER_MINUTE', DEFAULT_LIMITS.signInsPerMinute),
      openDataPerMinute: positive(env, 'RATE_LIMIT_OPEN_DATA_PER_MINUTE', DEFAULT_LIMITS.openDataPerMinute),
      requestTimeoutMs: positive(env, 'REQUEST_TIMEOUT_MS', DEFAULT_LIMITS.requestTimeoutMs),
      connectionTimeoutMs: positive(env, 'CONNECTION_TIMEOUT_MS', DEFAULT_LIMITS.connectionTimeoutMs),
      liveRecheckMs: DEFAULT_LIMITS.liveRecheckMs,
    },
    statsMinSample: positive(env, 'STATS_MIN_SAMPLE', DEFAULT_MIN_SAMPLE),
    publicStatsMinSample: positive(env, 'PUBLIC_STATS_MIN_SAMPLE', DEFAULT_PUBLIC_MIN_SAMPLE),
  };
}
