/** Runtime settings, all from the environment; README.md lists them with their defaults. */
export interface ApiConfig {
  port: number;
  host: string;
  logLevel: string;
  jwtSecret: string;
  /** signs the access tokens citizens receive at submission */
  accessTokenSecret: string;
  temporalNamespace: string;
}

const DEV_SECRET = 'khidma-development-secret-not-for-production';

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const production = env.NODE_ENV === 'production';
  const secret = (name: 'JWT_SECRET' | 'ACCESS_TOKEN_SECRET'): string => {
    const value = env[name];
    if (value && value.length >= 16) return value;
    if (value) throw new Error(`${name} must be at least 16 characters long`);
    if (production) throw new Error(`${name} must be set when NODE_ENV=production`);
    return `${DEV_SECRET}:${name}`;
  };
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    logLevel: env.LOG_LEVEL ?? 'info',
    jwtSecret: secret('JWT_SECRET'),
    accessTokenSecret: secret('ACCESS_TOKEN_SECRET'),
    temporalNamespace: env.TEMPORAL_NAMESPACE ?? 'default',
  };
}
