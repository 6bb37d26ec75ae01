import { isIP } from 'node:net';
import { DEFAULT_PUBLIC_MIN_SAMPLE } from '../domain/stats/public.js';
import { DEFAULT_MIN_SAMPLE } from '../domain/stats/sample.js';
import { DEFAULT_CLOSING_SOON_DAYS } from '../domain/tenders/tender.js';

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
  /** STATS_CACHE_SECONDS: a whole statistics page is kept this long per filter set (0: read every time); the live counters never are */
  statsCacheSeconds: number;
  metrics: MetricsConfig;
  /** origins of the Temporal UI allowed to call the codec endpoint from the browser (CORS) */
  temporalUiOrigins: string[];
  /** PUBLIC_BASE_URL: the site's public address for absolute links in feeds and calendar files (else the request's Host) */
  publicBaseUrl?: string | undefined;
  /** a call for tenders reads "closing soon" this many days before its deadline */
  tenderClosingSoonDays: number;
  /** PUBLIC_STATS_MIN_SAMPLE: the same for the public statistics (never below statsMinSample) */
  publicStatsMinSample: number;
}

/**
 * Who may read /metrics. With `port`, it is served only on a listener of its own (bound to `host`,
 * loopback by default), never on the public port; with `token`, a scrape must send it as a bearer
 * token, wherever it is served. Neither: /metrics is not served at all.
 */
export interface MetricsConfig {
  token?: string | undefined;
  port?: number | undefined;
  host?: string | undefined;
}

export const DEFAULT_METRICS_HOST = '127.0.0.1';

/** METRICS_TOKEN, METRICS_PORT and METRICS_HOST; the API and `npm run worker` read the same three. */
export function loadMetricsConfig(env: NodeJS.ProcessEnv = process.env): MetricsConfig {
  const rawPort = env.METRICS_PORT;
  let port: number | undefined;
  if (rawPort !== undefined && rawPort !== '') {
    port = Number(rawPort);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`METRICS_PORT must be a port number, got "${rawPort}"`);
  }
  const host = env.METRICS_HOST || DEFAULT_METRICS_HOST;
  const token = env.METRICS_TOKEN || undefined;
  // Where /metrics faces a network: the public listener unless METRICS_PORT moves it.
  const exposedOn = port === undefined ? (env.HOST ?? '127.0.0.1') : host;
  if (token !== undefined) {
    if (token.length < 16) throw new Error('METRICS_TOKEN must be at least 16 characters long');
    if (!isLoopback(exposedOn) && token.length < STRONG_SECRET_LENGTH) {
      throw new Error(`METRICS_TOKEN must be at least ${STRONG_SECRET_LENGTH} random characters when /metrics listens on ${exposedOn}, beyond this machine`);
    }
  } else if (port !== undefined && !isLoopback(host)) {
    throw new Error(`METRICS_HOST=${host} serves /metrics beyond this machine: set METRICS_TOKEN too`);
  }
  return { token, port, host };
}

/** TEMPORAL_UI_ORIGIN: comma-separated origins (scheme, host and port, nothing else) of the Temporal UI. */
export function parseOrigins(value: string | undefined, name = 'TEMPORAL_UI_ORIGIN'): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((part) => {
    const origin = part.trim().replace(/\/+$/, '');
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new Error(`${name} must list origins such as http://127.0.0.1:8233, got "${part.trim()}"`);
    }
    if (!['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new Error(`${name} must list origins such as http://127.0.0.1:8233 (no path), got "${part.trim()}"`);
    }
    return origin;
  });
}

/** What one client may ask: per address and minute, and how long a slow request may take. */
export interface ApiLimits {
  submissionsPerMinute: number;
  lookupsPerMinute: number;
  signInsPerMinute: number;
  /** reads of the public open data (/api/v1/public/…): a page load is one or two, a CDN in front takes the rest */
  publicReadsPerMinute: number;
  /** a request whose headers and body have not all arrived by then is answered 408 */
  requestTimeoutMs: number;
  /** a connection silent this long is closed */
  connectionTimeoutMs: number;
  /** how often open staff live channels re-check their account */
  liveRecheckMs: number;
}

/** Long enough for a dashboard opened by a team at once, short beside the day a figure describes. */
export const DEFAULT_STATS_CACHE_SECONDS = 30;

export const DEFAULT_LIMITS: ApiLimits = {
  submissionsPerMinute: 30,
  lookupsPerMinute: 120,
  signInsPerMinute: 20,
  publicReadsPerMinute: 300,
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

function wholeOrZero(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d{1,6}$/.test(raw) || !Number.isInteger(value)) throw new Error(`${name} must be 0 or a positive integer, got "${raw}"`);
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
      publicReadsPerMinute: positive(env, 'RATE_LIMIT_PUBLIC_READS_PER_MINUTE', DEFAULT_LIMITS.publicReadsPerMinute),
      requestTimeoutMs: positive(env, 'REQUEST_TIMEOUT_MS', DEFAULT_LIMITS.requestTimeoutMs),
      connectionTimeoutMs: positive(env, 'CONNECTION_TIMEOUT_MS', DEFAULT_LIMITS.connectionTimeoutMs),
      liveRecheckMs: DEFAULT_LIMITS.liveRecheckMs,
    },
    statsMinSample: positive(env, 'STATS_MIN_SAMPLE', DEFAULT_MIN_SAMPLE),
    statsCacheSeconds: wholeOrZero(env, 'STATS_CACHE_SECONDS', DEFAULT_STATS_CACHE_SECONDS),
    metrics: loadMetricsConfig(env),
    temporalUiOrigins: parseOrigins(env.TEMPORAL_UI_ORIGIN),
    publicBaseUrl: parseOrigins(env.PUBLIC_BASE_URL, 'PUBLIC_BASE_URL')[0],
    tenderClosingSoonDays: positive(env, 'TENDER_CLOSING_SOON_DAYS', DEFAULT_CLOSING_SOON_DAYS),
    publicStatsMinSample: positive(env, 'PUBLIC_STATS_MIN_SAMPLE', DEFAULT_PUBLIC_MIN_SAMPLE),
  };
}
