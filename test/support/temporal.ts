import { resolveTemporal } from '../../platform/temporal-server.js';

export interface TestTemporal {
  address: string;
  namespace: string;
  stop(): Promise<void>;
}

/**
 * One Temporal server for a whole vitest run, meant for `globalSetup`: an in-memory dev server without UI,
 * or the server named by TEMPORAL_ADDRESS (e.g. in CI). Search attributes are registered either way.
 * Hand `address`/`namespace` to the test files (vitest `provide`/`inject`) and call `stop()` in teardown.
 */
export async function startTestTemporal(dynamicConfig: Readonly<Record<string, string | number>> = {}): Promise<TestTemporal> {
  const temporal = await resolveTemporal({
    mode: 'ephemeral',
    ui: false,
    dynamicConfig,
    // Test output stays quiet unless the server itself reports an error.
    log: (obj, msg) => {
      if ('temporalServer' in obj) console.error(msg, obj);
    },
  });
  // Test files open their own connections (a native connection cannot cross worker processes).
  await temporal.connection.close();
  return { address: temporal.address, namespace: temporal.namespace, stop: () => temporal.stop() };
}
