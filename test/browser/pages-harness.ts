import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { browserExecutable } from '../support/browser.js';
import { APPLICANT, staffToken, startPlatform, type TestPlatform } from '../support/platform.js';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: browserExecutable(), args: CHROMIUM_ARGS });
}

export interface WebPlatform {
  platform: TestPlatform;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real platform listening on a free port of 127.0.0.1, pages and API on the same origin. */
export async function startWebPlatform(): Promise<WebPlatform> {
  const platform = await startPlatform();
  await platform.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = platform.app.server.address() as AddressInfo;
  return { platform, baseUrl: `http://127.0.0.1:${port}`, close: () => platform.close() };
}

export interface PagesBrowser {
  /** The file's platform: the same object throughout, its fields set once beforeAll has run. */
  web: WebPlatform;
  /** A context of the file's browser with the file's options (and `options` over them), closed after the test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a context of its own, closed after the test. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** Closes the contexts the test opened; afterEach does it anyway, for a file that must check something after. */
  closeContexts(): Promise<void>;
}

/**
 * The set-up the page tests of the shared platform repeated file after file: one platform and one
 * Chromium per file, started together before its tests and closed after them, and the contexts a
 * test opens closed after it, so one test's pages never see the next one's. Call it at the top of
 * the file, before the file's own hooks: vitest runs beforeAll hooks in the order they are
 * declared, so a file's own beforeAll (seeding) finds the platform up. `contextOptions` apply to
 * every context of the file (e.g. acceptDownloads).
 */
export function usePagesBrowser(contextOptions: BrowserContextOptions = {}): PagesBrowser {
  // Filled in rather than replaced, so a file can destructure `web` at its top and use it in its tests.
  const web = {} as WebPlatform;
  let started: WebPlatform | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await Promise.all([
      startWebPlatform().then((platform) => Object.assign(web, (started = platform))),
      launchChromium().then((launched) => (browser = launched)),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await started?.close();
  });
  const closeContexts = async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  };
  afterEach(closeContexts);

  const newContext = async (options: BrowserContextOptions = {}) => {
    if (!browser) throw new Error('usePagesBrowser: the browser is not launched yet (call it at the top of the file, use it in tests and hooks)');
    const context = await browser.newContext({ ...contextOptions, ...options });
    contexts.push(context);
    return context;
  };
  const newPage = async (viewport = { width: 1280, height: 900 }) => (await newContext({ viewport })).newPage();
  return { web, newContext, newPage, closeContexts };
}

export interface Receipt {
  caseId: string;
  trackingCode: string;
  accessToken: string;
  dueAt: string | null;
}

export async function serviceIdOf(platform: TestPlatform, code: string): Promise<string> {
  return (await platform.prisma.service.findFirstOrThrow({ where: { code } })).id;
}

/** A request submitted over the API, under a name of its own so a test can find its case. */
export async function submitOverApi(platform: TestPlatform, serviceId: string): Promise<Receipt> {
  const res = await platform.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    payload: { serviceId, applicant: { ...APPLICANT, fullName: uniqueName() } },
  });
  if (res.statusCode !== 201) throw new Error(`submission failed: ${res.body}`);
  return res.json<Receipt>();
}

export function uniqueName(): string {
  return `Amina Test ${randomUUID().slice(0, 8)}`;
}

/** A handler step taken over the API, as another agent's browser would. */
export async function handlerStep(platform: TestPlatform, caseId: string, action: string, payload: object = {}) {
  const token = await staffToken(platform.app, 'handler');
  const res = await platform.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/actions/${action}`,
    headers: { authorization: `Bearer ${token}` },
    payload,
  });
  if (res.statusCode !== 200) throw new Error(`${action} failed: ${res.body}`);
  return res.json<{ status: string }>();
}

export const SCREENSHOT_DIR = '/tmp';

/**
 * Waits for what a page shows to reach the expected value: live updates cross PostgreSQL, the
 * feed, a WebSocket and a re-read of the case, which takes more than expect.poll's 1 s default
 * on a busy two-core machine.
 */
export function eventually<T>(read: () => Promise<T>) {
  return expect.poll(read, { timeout: 10_000, interval: 100 });
}
