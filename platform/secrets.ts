import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the embedded Temporal, PGlite and the generated secrets live: KHIDMA_DATA_DIR, else `<repo>/.data`. */
export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.KHIDMA_DATA_DIR || fileURLToPath(new URL('../.data', import.meta.url));
}

/** The secrets a platform needs, as environment variables. */
export const SECRET_NAMES = ['JWT_SECRET', 'ACCESS_TOKEN_SECRET', 'PAYLOAD_ENCRYPTION_KEY'] as const;
/** The bearer token of /metrics: generated like the others, but only where nothing else protects it (see metricsTokenNeeded). */
export const METRICS_TOKEN = 'METRICS_TOKEN';
type SecretName = (typeof SECRET_NAMES)[number] | typeof METRICS_TOKEN;

/** A development platform gets a generated METRICS_TOKEN unless /metrics is moved to its own port; production decides for itself. */
export function metricsTokenNeeded(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV !== 'production' && !env.METRICS_TOKEN && !env.METRICS_PORT;
}

function generate(name: SecretName): string {
  // The payload key is exactly 32 bytes (AES-256), in base64; the others are 32 random bytes as text.
  return name === 'PAYLOAD_ENCRYPTION_KEY' ? randomBytes(32).toString('base64') : randomBytes(32).toString('base64url');
}

/**
 * Fills the secrets left unset in `env` from `<dataDir>/secrets.json`, generating random ones there
 * (mode 0600) on the first start: a development platform then has secrets no one else knows, and
 * keeps them across restarts, so tokens and encrypted workflow payloads stay valid. Deployments
 * set the variables themselves (NODE_ENV=production requires it).
 */
export function ensureSecrets(env: NodeJS.ProcessEnv, dataDir: string, names: readonly SecretName[] = SECRET_NAMES): { generated: SecretName[] } {
  const missing = names.filter((name) => !env[name]);
  if (missing.length === 0) return { generated: [] };
  if (env.NODE_ENV === 'production') throw new Error(`${missing.join(', ')} must be set when NODE_ENV=production`);
  const file = join(dataDir, 'secrets.json');
  let generated: SecretName[] = [];
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const fresh = Object.fromEntries(names.map((name) => [name, generate(name)]));
    // Written whole, then linked into place: of two processes starting together (api and worker),
    // one wins and the other reads exactly what it wrote, never a half-written file.
    const draft = `${file}.${process.pid}.tmp`;
    writeFileSync(draft, JSON.stringify(fresh, null, 2) + '\n', { mode: 0o600 });
    try {
      linkSync(draft, file);
      generated = [...names];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(draft);
    }
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<SecretName, string>>;
  const added = missing.filter((name) => !stored[name]);
  if (added.length > 0) {
    for (const name of added) stored[name] = generate(name);
    writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
    generated = [...new Set([...generated, ...added])];
  }
  chmodSync(file, 0o600);
  for (const name of missing) env[name] = stored[name];
  return { generated: generated.filter((name) => missing.includes(name)) };
}
