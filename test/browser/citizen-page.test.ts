import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { moroccanDate } from '../support/dates.js';
import { eventually, handlerStep, SCREENSHOT_DIR, serviceIdOf, submitOverApi, uniqueName, usePagesBrowser } from './pages-harness.js';

const FRENCH_MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

const { web, newPage } = usePagesBrowser();
let page: Page;
let criminalRecordId: string;

beforeAll(async () => {
  criminalRecordId = await serviceIdOf(web.platform, 'CASIER-JUDICIAIRE');
});
beforeEach(async () => {
  page = await newPage({ width: 1100, height: 900 });
});

/** The Moroccan calendar date of an instant: the day the page must show. */
function moroccanDateParts(instant: Date) {
  const [year, month, day] = moroccanDate(instant).split('-').map(Number);
  return { year: year!, month: month!, day: day! };
}

/*
 * The catalogue lists entities by code, and other test files add entities of their own (CAL-…,
 * OH-…) that may come first: each test chooses the seeded ministry rather than rely on the default.
 */
const MINISTRY_OF_JUSTICE = 'Ministère de la Justice';

async function openTracking(trackingCode: string, accessToken: string) {
  await page.goto(`${web.baseUrl}/#suivi`);
  await page.getByLabel('Code de suivi').fill(trackingCode);
  await page.getByLabel('Code d’accès').fill(accessToken);
  await page.getByRole('button', { name: 'Afficher ma demande' }).click();
}

describe('the citizen page', () => {
  it('submits a document request once, even on a double click, and shows the receipt with its codes and dates', async () => {
    await page.goto(web.baseUrl);
    await eventually(() => page.locator('html').getAttribute('lang')).toBe('fr');
    await page.getByLabel('Administration', { exact: true }).selectOption({ label: MINISTRY_OF_JUSTICE });
    await page.getByLabel('Démarche', { exact: true }).selectOption({ label: 'Extrait du casier judiciaire' });
    await eventually(() => page.locator('#service-info').textContent()).toContain('10 jours ouvrables');
    // Law 55-19: the documents that may be asked for are shown before filing.
    expect(await page.locator('#required-documents').textContent()).toMatch(/^Pièces à fournir : Carte nationale d'identité électronique/);
    const fullName = uniqueName();
    await page.getByLabel('Nom complet').fill(fullName);
    await page.getByLabel('Numéro de CIN').fill('ab123456');
    await page.getByLabel('Téléphone').fill('+212 612345678');
    await page.getByRole('button', { name: 'Envoyer la demande' }).dblclick();

    const receipt = page.getByRole('region', { name: 'Votre demande est enregistrée' });
    await receipt.waitFor();
    const trackingCode = (await page.locator('#receipt-tracking-code').textContent())!;
    expect(trackingCode).toMatch(/^KH-/);
    expect((await page.locator('#receipt-access-token').textContent())!.length).toBeGreaterThan(20);
    expect(await receipt.textContent()).toContain('le code d’accès ne sera plus affiché');

    const stored = await web.platform.prisma.case.findMany({ where: { applicant: { path: ['fullName'], equals: fullName } } });
    expect(stored.map((c) => c.trackingCode)).toEqual([trackingCode]);
    // Messages in the page's language, by SMS: no e-mail address was given.
    expect(stored[0]!.applicant).toMatchObject({ nationalId: 'AB123456', language: 'fr', contactBy: ['sms'] });
    const due = moroccanDateParts(stored[0]!.dueAt!);
    const dueText = (await page.locator('#receipt-due').textContent())!;
    expect(dueText).toContain(String(due.year));
    expect(dueText).toContain(`${due.day} ${FRENCH_MONTHS[due.month - 1]}`);
    expect(await page.locator('#receipt-estimate').textContent()).toMatch(/date limite légale|demandes récentes/);
    const explanation = stored[0]!.explanation as { text: { fr: string; ar: string } };
    expect(await page.locator('#receipt-explanation').textContent()).toBe(explanation.text.fr);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/khidma-citizen-receipt.png`, fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger le récépissé (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe(`recepisse-${trackingCode}.pdf`);

    await page.getByRole('button', { name: 'العربية' }).click();
    expect(await page.locator('#receipt-explanation').textContent()).toBe(explanation.text.ar);
    // Each date of the explanation is isolated left to right and never broken across lines in the Arabic text.
    const dates = page.locator('#receipt-explanation bdi');
    expect(await dates.count()).toBeGreaterThan(0);
    for (const date of await dates.all()) {
      expect(await date.getAttribute('dir')).toBe('ltr');
      expect(await date.evaluate((node) => (globalThis as unknown as { getComputedStyle(n: unknown): { whiteSpace: string } }).getComputedStyle(node).whiteSpace)).toBe('nowrap');
    }
  });

  it('lets the citizen choose the language of messages and how they come', async () => {
    await page.goto(web.baseUrl);
    await page.getByLabel('Administration', { exact: true }).selectOption({ label: MINISTRY_OF_JUSTICE });
    await page.getByLabel('Démarche', { exact: true }).selectOption({ label: 'Extrait du casier judiciaire' });
    const fullName = uniqueName();
    await page.getByLabel('Nom complet').fill(fullName);
    await page.getByLabel('Numéro de CIN').fill('ab123456');
    await page.getByLabel('Téléphone').fill('+212 612345678');
    const byEmail = page.getByLabel('par e-mail');
    expect(await byEmail.isDisabled()).toBe(true);
    await page.getByLabel('Adresse e-mail (facultatif)').fill('amina@exemple.test');
    expect(await byEmail.isChecked()).toBe(true);
    await page.getByLabel('par SMS').uncheck();
    expect(await page.getByLabel('Langue des messages').inputValue()).toBe('fr');
    await page.getByLabel('Langue des messages').selectOption('ar');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByRole('region', { name: 'Votre demande est enregistrée' }).waitFor();
    const stored = await web.platform.prisma.case.findMany({ where: { applicant: { path: ['fullName'], equals: fullName } } });
    expect(stored[0]!.applicant).toMatchObject({ email: 'amina@exemple.test', language: 'ar', contactBy: ['email'] });
  });

  it('refuses an incomplete form in the citizen’s language, without sending it', async () => {
    await page.goto(web.baseUrl);
    await page.getByLabel('Administration', { exact: true }).selectOption({ label: MINISTRY_OF_JUSTICE });
    await page.getByLabel('Nom complet').fill('Amina El Idrissi');
    await page.getByLabel('Numéro de CIN').fill('123');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await eventually(() => page.locator('#nationalId-error').textContent()).toContain('une ou deux lettres');
    expect(await page.locator('#phone-error').isVisible()).toBe(true);
    expect(await page.getByRole('alert').first().textContent()).toContain('corriger');
    expect(await page.locator('#receipt').isVisible()).toBe(false);
  });

  it('follows a request live: steps taken by the administration appear without reload, also after a dropped connection, and the citizen answers', async () => {
    const receipt = await submitOverApi(web.platform, criminalRecordId);
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await openTracking(receipt.trackingCode, receipt.accessToken);
    await eventually(() => page.locator('#case-status').textContent()).toBe('Demande reçue');
    await eventually(() => page.locator('#live-state').getAttribute('data-state')).toBe('live');
    expect(await page.getByRole('button', { name: 'Retirer ma demande' }).isVisible()).toBe(true);
    await page.evaluate(() => ((globalThis as { notReloaded?: boolean }).notReloaded = true));

    await handlerStep(web.platform, receipt.caseId, 'claim');
    await eventually(() => page.locator('#case-status').textContent()).toBe('En cours d’examen');
    const lastSeen = (await web.platform.prisma.caseEvent.findFirstOrThrow({ where: { caseId: receipt.caseId }, orderBy: { id: 'desc' } })).id;

    // The server drops every live connection; the step taken meanwhile reaches the page after it reconnects.
    for (const client of web.platform.app.websocketServer.clients) client.terminate();
    await handlerStep(web.platform, receipt.caseId, 'request_info', { message: 'Merci de joindre une copie de votre CIN.' });
    await eventually(() => page.locator('#case-status').textContent()).toBe('En attente de vos compléments');
    await eventually(() => page.locator('#case-due').textContent()).toContain('Suspendue');
    await eventually(async () => sockets.length).toBeGreaterThanOrEqual(2);
    // It resumed from what it had seen, never from the start.
    expect(BigInt(new URL(sockets[1]!).searchParams.get('after') ?? '0')).toBeGreaterThanOrEqual(lastSeen);
    expect(sockets.every((url) => !url.includes('Amina'))).toBe(true);
    expect(await page.locator('#info-request').textContent()).toContain('Merci de joindre une copie de votre CIN.');
    expect(await page.locator('#timeline li').count()).toBe(3);

    await page.getByLabel('Votre réponse').fill('Copie déposée au guichet le matin.');
    await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await eventually(() => page.locator('#case-notice').textContent()).toContain('transmise');
    expect(await page.locator('#case-status').textContent()).toBe('En cours d’examen');
    expect(await page.locator('#provide-info').isVisible()).toBe(false);
    await eventually(() => page.locator('#timeline').textContent()).toContain('Copie déposée au guichet le matin.');
    expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(page.url()).not.toContain(receipt.accessToken);
    const stored = await web.platform.prisma.case.findUniqueOrThrow({ where: { id: receipt.caseId } });
    expect(stored.status).toBe('in_review');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/khidma-citizen-tracking.png`, fullPage: true });
  });

  it('switches to Arabic, right to left, and keeps the choice; English reads left to right', async () => {
    await page.goto(web.baseUrl);
    await page.getByRole('button', { name: 'العربية' }).click();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await page.locator('#request-heading').textContent()).toBe('تقديم طلب');
    expect(await page.getByRole('button', { name: 'العربية' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByLabel('الإدارة', { exact: true }).selectOption({ label: MINISTRY_OF_JUSTICE });
    await eventually(() => page.getByLabel('الخدمة المطلوبة').locator('option').allTextContents()).toContain('مستخرج من السجل العدلي');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/khidma-citizen-arabic-phone.png`, fullPage: true });

    await page.reload();
    // The page's modules apply the kept language once they have loaded, a moment after the load event.
    await eventually(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.locator('#request-heading').textContent()).toBe('Make a request');
    // The catalogue speaks the page's language too.
    await page.getByLabel('Administration', { exact: true }).selectOption({ label: MINISTRY_OF_JUSTICE });
    await eventually(() => page.getByLabel('Service requested').locator('option').allTextContents()).toContain('Extract from the criminal record');
  });

  it('says in the page’s language that no case matches a wrong access token, and shows none; with the right one the citizen can withdraw', async () => {
    const receipt = await submitOverApi(web.platform, criminalRecordId);
    const wrongToken = receipt.accessToken.slice(0, -1) + (receipt.accessToken.endsWith('A') ? 'B' : 'A');
    await openTracking(receipt.trackingCode, wrongToken);
    const alert = page.locator('#track-alert');
    await alert.waitFor();
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toContain('Aucune demande ne correspond');
    // Said in the page's language: the API's English message never shows in a French page.
    expect(await alert.textContent()).not.toContain('no case with this tracking code');
    expect(await page.locator('#case').isVisible()).toBe(false);

    await page.getByLabel('Code d’accès').fill(receipt.accessToken);
    await page.getByRole('button', { name: 'Afficher ma demande' }).click();
    await eventually(() => page.locator('#case-status').textContent()).toBe('Demande reçue');
    expect(await alert.isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Retirer ma demande' }).click();
    await page.getByRole('button', { name: 'Oui, retirer la demande' }).click();
    await eventually(() => page.locator('#case-status').textContent()).toBe('Demande retirée');
    await eventually(() => page.getByRole('button', { name: 'Retirer ma demande' }).isVisible()).toBe(false);
    expect((await web.platform.prisma.case.findUniqueOrThrow({ where: { id: receipt.caseId } })).status).toBe('withdrawn');
  });
});

describe('the pages beside the API', () => {
  it('serves the citizen and staff pages with a strict content policy, and leaves the API’s own answers alone', async () => {
    const citizenPage = await web.platform.app.inject({ method: 'GET', url: '/' });
    expect(citizenPage.statusCode).toBe(200);
    expect(citizenPage.headers['content-type']).toMatch(/^text\/html/);
    expect(citizenPage.headers['content-security-policy']).toContain("script-src 'self'");
    expect(citizenPage.headers['referrer-policy']).toBe('no-referrer');
    expect(citizenPage.body).toContain('/citizen/citizen.js');

    const staffPage = await web.platform.app.inject({ method: 'GET', url: '/staff/' });
    expect(staffPage.statusCode).toBe(200);
    expect(staffPage.body).toContain('/staff/staff.js');

    const unknown = await web.platform.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'not_found' });
    const missingPage = await web.platform.app.inject({ method: 'GET', url: '/no-such-page.html' });
    expect(missingPage.statusCode).toBe(404);
    expect((await web.platform.app.inject({ method: 'GET', url: '/api/v1/services' })).statusCode).toBe(200);
    expect((await web.platform.app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
  });

  it('names each status as the domain does', async () => {
    const { STATUS_LABELS } = await import('../../domain/cases/status-labels.js');
    const served = await web.platform.app.inject({ method: 'GET', url: '/assets/status-labels.js' });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toMatch(/javascript/);
    expect(served.body).toBe(`export const STATUS_LABELS = ${JSON.stringify(STATUS_LABELS)};\n`);
    expect(STATUS_LABELS.information_request!.deemed_refused!.citizen.fr).toContain('refus implicite');
  });
});
