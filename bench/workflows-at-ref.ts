import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';

const REPO = fileURLToPath(new URL('..', import.meta.url));

/**
 * The case workflows as they were at a git ref, bundled, so a benchmark can run an earlier version
 * beside today's in the same process. Only workflows/ and domain/ are taken: the workflow code
 * reaches activities by name, and today's activities keep the names and arguments it calls.
 * Extracted inside the repository (under .data/, ignored by git) so packages resolve from node_modules.
 */
export async function bundleWorkflowsAt(ref: string): Promise<WorkflowBundle> {
  const dir = `${REPO}.data/workflows-at-${ref}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const archive = execFileSync('git', ['-C', REPO, 'archive', '--format=tar', ref, 'workflows', 'domain'], { maxBuffer: 64 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  return bundleWorkflowCode({
    workflowsPath: `${dir}/workflows/index.ts`,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (message: string) => console.error(message) },
  });
}
