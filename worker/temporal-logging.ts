import { Runtime, type LogLevel, type LogMetadata } from '@temporalio/worker';
import type { Logger } from 'pino';

let installed = false;

/**
 * Sends the Temporal SDK's own logs (worker state, core) through pino; once per process, before the
 * first worker. `ownSignals`: the process stops its worker itself, in its own order (npm start stops
 * the API first, so steps in flight finish while the worker still runs); otherwise the SDK starts
 * draining the worker on SIGINT/SIGTERM.
 */
export function routeTemporalLogsTo(log: Logger, options: { ownSignals?: boolean } = {}): void {
  if (installed) return;
  installed = true;
  const sdkLog = log.child({ component: 'temporal-sdk' });
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const method = level === 'TRACE' ? 'trace' : level === 'DEBUG' ? 'debug' : level === 'INFO' ? 'debug' : level === 'WARN' ? 'warn' : 'error';
    sdkLog[method](meta ?? {}, message);
  };
  // Only possible before the first native connection; afterwards the SDK keeps its default logger.
  if (Runtime.instantiator) {
    log.debug('Temporal runtime already running; its logs keep the SDK default format');
    return;
  }
  Runtime.install({
    ...(options.ownSignals ? { shutdownSignals: [] } : {}),
    logger: {
      log: write,
      trace: (m, meta) => write('TRACE', m, meta),
      debug: (m, meta) => write('DEBUG', m, meta),
      info: (m, meta) => write('INFO', m, meta),
      warn: (m, meta) => write('WARN', m, meta),
      error: (m, meta) => write('ERROR', m, meta),
    },
  });
}
