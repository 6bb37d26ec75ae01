// Runs `prisma generate` at install time (npm postinstall) so prisma/generated exists.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const prismaBin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'prisma.cmd' : 'prisma');

// The Prisma CLI looks for its native schema engine before any command, `generate`
// included, and downloads it when missing; offline that download fails. `generate`
// never runs the engine, so any existing file satisfies the look-up. We point at this
// script itself unless the caller chose a real engine.
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);

const result = spawnSync(prismaBin, ['generate', '--schema', path.join('prisma', 'schema.prisma')], {
  cwd: root,
  env,
  stdio: 'inherit',
});

if (result.error) {
  console.error(`prisma generate could not start (${prismaBin}): ${result.error.message}`);
  process.exit(1);
}
if (result.status !== 0) {
  console.error(`prisma generate failed with exit code ${result.status ?? `signal ${result.signal}`}`);
  process.exit(result.status || 1);
}
