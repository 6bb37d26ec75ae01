import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { APPLICANT, startPlatform, type TestPlatform } from '../support/platform.js';
import { until } from '../support/until.js';
import { launchChromium } from './pages-harness.js';

/*
 * What the Temporal UI does once an administrator turns on "Include cross-origin credentials":
 * from its own origin, the browser POSTs the history's payloads to our /codec/decode with
 * credentials. A stand-in page on another port of 127.0.0.1 plays the UI (the test server runs
 * without one); the cookie comes from signing in on the staff page, as an administrator would.
 */
let platform: TestPlatform;
let browser: Browser;
let ui: Server;
let uiOrigin: string;
let baseUrl: string;
let sealed: { metadata: Record<string, string>; data: string };
let trackingCode: string;

beforeAll(async () => {
  ui = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Temporal UI stand-in</title>'));
  await new Promise<void>((resolve) => ui.listen(0, '127.0.0.1', resolve));
  uiOrigin = `http://127.0.0.1:${(ui.address() as AddressInfo).port}`;
  [platform, browser] = await Promise.all([startPlatform({ config: { temporalUiOrigins: [uiOrigin] } }), launchChromium()]);
  await platform.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(platform.app.server.address() as AddressInfo).port}`;

  const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
  const receipt = (await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } })).json<{ caseId: string; trackingCode: string }>();
  trackingCode = receipt.trackingCode;
  const { workflowId } = (await until(() => platform.prisma.case.findUnique({ where: { id: receipt.caseId } }), (row) => row !== null))!;
  const payload = (await platform.temporal.workflow.getHandle(workflowId).fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
  const b64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('base64');
  sealed = { metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, b64(v)])), data: b64(payload.data) };
});
afterAll(async () => {
  await browser?.close();
  await platform?.close();
  await new Promise((resolve) => ui?.close(resolve));
});

describe('the Temporal UI decoding through /codec in a browser', () => {
  it('decodes once an administrator has signed in on the staff page, and no longer once signed out', async () => {
    const context = await browser.newContext();
    try {
      const staff = await context.newPage();
      const uiPage = await context.newPage();
      await uiPage.goto(uiOrigin);
      const decodeFromUi = (credentials: 'include' | 'omit') =>
        uiPage.evaluate(
          async ({ url, body, credentials }) => {
            const res = await fetch(url, { method: 'POST', credentials, headers: { 'content-type': 'application/json', 'x-namespace': 'default' }, body });
            return { status: res.status, text: await res.text() };
          },
          { url: `${baseUrl}/codec/decode`, body: JSON.stringify({ payloads: [sealed] }), credentials },
        );
      expect((await decodeFromUi('include')).status).toBe(401);

      await staff.goto(`${baseUrl}/staff/`);
      await staff.getByLabel('Identifiant').fill('admin');
      await staff.getByLabel('Mot de passe').fill(TEST_SEED_PASSWORD);
      await staff.getByRole('button', { name: 'Se connecter' }).click();
      await staff.locator('#admin-workspace').waitFor();
      await until(async () => (await context.cookies(baseUrl + '/codec/decode')).map((c) => c.name), (names) => names.includes('khidma_codec'), 10_000);
      const cookie = (await context.cookies(baseUrl + '/codec/decode')).find((c) => c.name === 'khidma_codec')!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/codec' });
      // Pages of our own origin cannot read it.
      expect(await staff.evaluate('document.cookie')).not.toContain('khidma_codec');

      const decoded = await decodeFromUi('include');
      expect(decoded.status, decoded.text).toBe(200);
      const data = Buffer.from((JSON.parse(decoded.text) as { payloads: Array<{ data: string }> }).payloads[0]!.data, 'base64').toString();
      expect(data).toContain(trackingCode);
      expect(data).toContain(APPLICANT.nationalId);
      expect((await decodeFromUi('omit')).status).toBe(401);

      await staff.locator('#sign-out').click();
      await until(async () => (await context.cookies(baseUrl + '/codec/decode')).length, (n) => n === 0, 10_000);
      expect((await decodeFromUi('include')).status).toBe(401);
    } finally {
      await context.close();
    }
  });
});
