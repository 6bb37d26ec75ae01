// docker-compose one-shot `temporal-setup`: waits for the Temporal cluster at TEMPORAL_ADDRESS and registers
// the case search attributes (workflows/search-attributes.ts, the single list) before the worker and API start.
import { resolveTemporal } from '../../platform/temporal-server.js';

if (!process.env.TEMPORAL_ADDRESS) {
  console.error('TEMPORAL_ADDRESS must name the Temporal cluster to prepare');
  process.exit(1);
}

try {
  // With TEMPORAL_ADDRESS set nothing is started, so the mode is irrelevant.
  const temporal = await resolveTemporal({
    mode: 'ephemeral',
    startupTimeoutMs: 5 * 60_000,
    log: (obj, msg) => console.log(msg, JSON.stringify(obj)),
  });
  await temporal.stop();
  console.log('Temporal cluster ready', JSON.stringify({ address: temporal.address, namespace: temporal.namespace }));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
