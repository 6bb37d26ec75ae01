import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { expect } from 'vitest';
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
