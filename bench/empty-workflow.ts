import { allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** The baseline of the benchmark: a workflow that does nothing, so a start costs only Temporal itself. */
export async function emptyWorkflow(): Promise<void> {}

export const readyUpdate = defineUpdate<string>('ready');

/** The second baseline: update-with-start answered at once, the Temporal part of our submission path. */
export async function emptyWorkflowWithUpdate(): Promise<void> {
  setHandler(readyUpdate, () => 'ready');
  await condition(allHandlersFinished);
}
