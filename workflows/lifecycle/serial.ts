/**
 * Runs async steps one after another. Update handlers await activities, so without this two
 * steps accepted at the same moment could interleave and both act on the state they validated.
 */
export function createSerializer() {
  let tail: Promise<unknown> = Promise.resolve();
  return function serialize<T>(step: () => Promise<T>): Promise<T> {
    const run = tail.then(step, step);
    tail = run.catch(() => undefined);
    return run;
  };
}
