import { existsSync } from 'node:fs';

/** Debian's Chromium: the browser tests drive it with playwright-core and never download one. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The Chromium the browser tests launch; throws, so the tests fail rather than skip, when it is missing. */
export function browserExecutable(): string {
  if (!existsSync(DEBIAN_CHROMIUM)) {
    throw new Error(
      `the browser tests need Debian's Chromium at ${DEBIAN_CHROMIUM}, which is missing: install it with ` +
        '`sudo apt-get install chromium` (playwright-core drives it; no browser is downloaded)',
    );
  }
  return DEBIAN_CHROMIUM;
}
