import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApiConfig, loadMetricsConfig, parseOrigins } from '../../platform/config.js';
import { ensureSecrets, METRICS_TOKEN, metricsTokenNeeded } from '../../platform/secrets.js';
import { sameToken } from '../../api/routes/metrics.js';

const API = { JWT_SECRET: 'j'.repeat(40), ACCESS_TOKEN_SECRET: 'a'.repeat(40) };

describe('metrics settings', () => {
  it('read METRICS_TOKEN, METRICS_PORT and METRICS_HOST, refusing what would expose /metrics weakly', () => {
    expect(loadMetricsConfig({})).toEqual({ token: undefined, port: undefined, host: '127.0.0.1' });
    expect(loadMetricsConfig({ METRICS_PORT: '9464' })).toEqual({ token: undefined, port: 9464, host: '127.0.0.1' });
    expect(() => loadMetricsConfig({ METRICS_PORT: '99999' })).toThrow(/METRICS_PORT must be a port number/);
    expect(() => loadMetricsConfig({ METRICS_PORT: 'abc' })).toThrow(/METRICS_PORT/);
    expect(() => loadMetricsConfig({ METRICS_TOKEN: 'short' })).toThrow(/at least 16/);
    // On the public port of an API listening beyond the machine: a long token.
    expect(() => loadMetricsConfig({ HOST: '0.0.0.0', METRICS_TOKEN: 'sixteen-chars-ok' })).toThrow(/at least 32/);
    expect(loadMetricsConfig({ HOST: '0.0.0.0', METRICS_PORT: '9464', METRICS_TOKEN: 'sixteen-chars-ok' }).token).toBe('sixteen-chars-ok');
    // Its own listener beyond loopback: a token is required.
    expect(() => loadMetricsConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' })).toThrow(/set METRICS_TOKEN/);
    expect(loadApiConfig({ ...API, METRICS_TOKEN: 'm'.repeat(20) }).metrics.token).toBe('m'.repeat(20));
  });

  it('compare tokens whatever their length, without telling how much matched', () => {
    expect(sameToken('a'.repeat(32), 'a'.repeat(32))).toBe(true);
    expect(sameToken('a'.repeat(31), 'a'.repeat(32))).toBe(false);
    expect(sameToken('', 'a'.repeat(32))).toBe(false);
  });

  it('generate a metrics token with the other secrets in development, unless METRICS_PORT keeps /metrics off the public port', () => {
    expect(metricsTokenNeeded({})).toBe(true);
    expect(metricsTokenNeeded({ METRICS_PORT: '9464' })).toBe(false);
    expect(metricsTokenNeeded({ METRICS_TOKEN: 'set-by-the-operator-0123' })).toBe(false);
    expect(metricsTokenNeeded({ NODE_ENV: 'production' })).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'khidma-metrics-secret-'));
    try {
      const env: NodeJS.ProcessEnv = {};
      ensureSecrets(env, dir);
      expect(ensureSecrets(env, dir, [METRICS_TOKEN]).generated).toEqual([METRICS_TOKEN]);
      expect(env.METRICS_TOKEN!.length).toBeGreaterThanOrEqual(32);
      const stored = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as Record<string, string>;
      expect(stored.METRICS_TOKEN).toBe(env.METRICS_TOKEN);
      expect(stored.JWT_SECRET).toBe(env.JWT_SECRET);
      const again: NodeJS.ProcessEnv = {};
      ensureSecrets(again, dir, [METRICS_TOKEN]);
      expect(again.METRICS_TOKEN).toBe(env.METRICS_TOKEN);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('TEMPORAL_UI_ORIGIN', () => {
  it('takes comma-separated origins and refuses paths and other schemes', () => {
    expect(parseOrigins(undefined)).toEqual([]);
    expect(parseOrigins('http://127.0.0.1:8233, https://temporal.example.gov/')).toEqual(['http://127.0.0.1:8233', 'https://temporal.example.gov']);
    expect(() => parseOrigins('http://127.0.0.1:8233/ui')).toThrow(/no path/);
    expect(() => parseOrigins('ftp://x')).toThrow(/TEMPORAL_UI_ORIGIN/);
    expect(() => parseOrigins('not a url')).toThrow(/TEMPORAL_UI_ORIGIN/);
    expect(loadApiConfig({ ...API, TEMPORAL_UI_ORIGIN: 'http://127.0.0.1:8233' }).temporalUiOrigins).toEqual(['http://127.0.0.1:8233']);
  });
});
