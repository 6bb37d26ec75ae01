import { validateSlaPolicy, type SlaPolicy } from './policy.js';

/** The named clocks' policies a case needs from its service's `clocks`; throws a readable Error naming the clock. */
export function clockPolicies(stored: unknown, names: readonly string[]): Record<string, SlaPolicy> {
  const clocks = (stored ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    names.map((name) => {
      if (typeof clocks !== 'object' || !Object.hasOwn(clocks, name)) throw new Error(`the service sets no policy for the clock '${name}'`);
      try {
        return [name, validateSlaPolicy(clocks[name])];
      } catch (err) {
        throw new Error(`clock '${name}': ${(err as Error).message}`);
      }
    }),
  );
}

/** The stored policy of a service's main clock (the first its case type declares), unchecked; null when absent. */
export function storedMainPolicy(stored: unknown, mainClock: string): unknown {
  const clocks = (stored ?? {}) as Record<string, unknown>;
  return typeof clocks === 'object' && Object.hasOwn(clocks, mainClock) ? clocks[mainClock] : null;
}
