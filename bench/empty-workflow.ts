/** The baseline of the benchmark: a workflow that does nothing, so a start costs only Temporal itself. */
export async function emptyWorkflow(): Promise<void> {}
