import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { eventually, SCREENSHOT_DIR, uniqueName, usePagesBrowser } from './pages-harness.js';

/*
 * The new case types in the pages, drawn from GET /api/v1/case-types with no per-type code: a
 * citizen files an information request and a complaint with the fields their definitions declare,
 * a handler acts on each in the staff page (a legal ground chosen from its list), the citizen
 * follows live and answers from the step their definition offers, in French and in Arabic.
 */
const { web, newPage } = usePagesBrowser();

const MINISTRY_OF_JUSTICE = 'Ministère de la Justice';

/** Fills the citizen's form up to the details; returns the name used, to find the case. */
async function startRequest(page: Page, serviceName: string) {
  await page.goto(web.baseUrl);
  await page.getByLabel('Administration', { exact: true }).selectOption({ label: MINISTRY_OF_JUSTICE });
  await page.getByLabel('Démarche', { exact: true }).selectOption({ label: serviceName });
  const name = uniqueName();
  await page.getByLabel('Nom complet').fill(name);
  await page.getByLabel('Numéro de CIN').fill('AB123456');
  await page.getByLabel('Téléphone').fill('+212 612345678');
  return name;
}

async function receiptOf(page: Page) {
  await page.locator('#receipt').waitFor({ timeout: 15_000 });
  return { trackingCode: (await page.locator('#receipt-tracking-code').textContent())!, accessToken: (await page.locator('#receipt-access-token').textContent())! };
}

async function staffPage() {
  const staff = await newPage();
  await staff.goto(`${web.baseUrl}/staff/`);
  await staff.getByLabel('Identifiant').fill('handler');
  await staff.getByLabel('Mot de passe').fill(TEST_SEED_PASSWORD);
  await staff.getByRole('button', { name: 'Se connecter' }).click();
  await eventually(() => staff.locator('#live-state').getAttribute('data-state')).toBe('live');
  return staff;
}

async function openInStaffPage(staff: Page, trackingCode: string) {
  const row = staff.locator('#queue-rows tr').filter({ hasText: trackingCode });
  await row.waitFor({ timeout: 15_000 });
  await row.getByRole('button').click();
  await eventually(() => staff.locator('#case-heading').textContent()).toContain(trackingCode);
}

describe('the pages for information requests and complaints', () => {
  it('a citizen files an information request with its fields, the handler refuses it on a legal ground chosen from its list, the citizen sees it live and complains', async () => {
    const citizen = await newPage({ width: 390, height: 844 });
    await startRequest(citizen, 'Demande d’accès à l’information');
    // The fields come from the definition: without the subject the form says what is missing.
    await citizen.getByRole('button', { name: 'Envoyer la demande' }).click();
    await eventually(() => citizen.locator('#detail-subject-error').textContent()).toContain('Information demandée');
    await citizen.getByLabel('Information demandée').fill('Le budget 2025 des tribunaux de Rabat');
    await citizen.getByRole('button', { name: 'Envoyer la demande' }).click();
    const receipt = await receiptOf(citizen);
    await citizen.getByRole('button', { name: 'Suivre cette demande' }).click();
    await eventually(() => citizen.locator('#live-state').getAttribute('data-state')).toBe('live');
    expect(await citizen.locator('#case-status').textContent()).toBe('Demande reçue');

    const staff = await staffPage();
    await openInStaffPage(staff, receipt.trackingCode);
    await staff.getByRole('button', { name: 'Prendre en charge' }).click();
    await eventually(() => staff.locator('#case-notice').textContent()).toContain('En traitement');
    await eventually(() => citizen.locator('#case-status').textContent()).toBe('En cours de traitement');
    await staff.getByLabel('Message au demandeur ou motif').fill('Données nominatives de tiers.');
    await staff.getByLabel('Motif légal').selectOption({ label: 'Information exclue du droit d’accès (art. 7)' });
    await staff.getByRole('button', { name: 'Refuser' }).click();
    // The alert, if any, says why in the failure message.
    await eventually(async () => `${await staff.locator('#case-status').textContent()}${await staff.locator('#case-alert').textContent()}`).toBe('Refusé');

    // Live, the citizen reads the refusal and may complain within the window the page now shows.
    await eventually(() => citizen.locator('#case-status').textContent()).toBe('Demande refusée');
    await eventually(() => citizen.locator('#case-deadlines').textContent()).toContain('Délai de réclamation');
    await citizen.getByLabel('Votre message ou motif').fill('Les données demandées sont agrégées, sans nom.');
    await citizen.getByRole('button', { name: 'Réclamer auprès du chef de l’institution' }).click();
    await eventually(() => citizen.locator('#case-status').textContent()).toBe('Votre réclamation est examinée par le chef de l’institution');
    await citizen.screenshot({ path: `${SCREENSHOT_DIR}/khidma-citizen-information-request.png`, fullPage: true });
    const stored = await web.platform.prisma.case.findFirstOrThrow({ where: { trackingCode: receipt.trackingCode } });
    await eventually(() => web.platform.prisma.case.count({ where: { originCaseId: stored.id, caseType: 'information_complaint' } })).toBe(1);
  });

  it('a citizen files a complaint of a chosen kind, the handler acknowledges and answers it, the citizen rates the answer — and the Arabic page reads right to left', async () => {
    const citizen = await newPage();
    await startRequest(citizen, 'Réclamation, observation ou suggestion');
    await citizen.getByLabel('Nature').selectOption({ label: 'Réclamation' });
    await citizen.getByLabel('Objet').fill('Accueil au guichet');
    await citizen.getByLabel('Description').fill('Trois heures d’attente sans information.');
    await citizen.getByRole('button', { name: 'Envoyer la demande' }).click();
    const receipt = await receiptOf(citizen);
    await citizen.getByRole('button', { name: 'Suivre cette demande' }).click();
    await eventually(() => citizen.locator('#live-state').getAttribute('data-state')).toBe('live');

    const staff = await staffPage();
    await openInStaffPage(staff, receipt.trackingCode);
    await staff.getByRole('button', { name: 'Accuser réception' }).click();
    await eventually(() => staff.locator('#case-notice').textContent()).toContain('Accusé de réception envoyé');
    await eventually(() => citizen.locator('#case-status').textContent()).toBe('Réception confirmée, en cours d’examen');
    await staff.getByLabel('Message au demandeur ou motif').fill('Un second guichet ouvre dès lundi.');
    await staff.getByRole('button', { name: 'Répondre', exact: true }).click();
    await eventually(() => citizen.locator('#case-status').textContent()).toBe('Réponse envoyée');

    await citizen.getByRole('button', { name: 'العربية' }).click();
    expect(await citizen.locator('html').getAttribute('dir')).toBe('rtl');
    await eventually(() => citizen.locator('#case-status').textContent()).toBe('تم إرسال الجواب');
    await citizen.getByLabel('التقييم (1 إلى 5)').fill('4');
    await citizen.getByRole('button', { name: 'تقييم الجواب' }).click();
    await eventually(async () => `${await citizen.locator('#case-notice').textContent()}|${await citizen.locator('#case-alert').textContent()}`).toContain('تم التسجيل');
    await citizen.screenshot({ path: `${SCREENSHOT_DIR}/khidma-citizen-complaint-arabic.png`, fullPage: true });
    const events = await web.platform.prisma.caseEvent.findMany({ where: { case: { trackingCode: receipt.trackingCode } }, orderBy: { seq: 'asc' } });
    expect(events.at(-1)?.payload).toMatchObject({ action: 'rate', rating: 4 });
  });
});
