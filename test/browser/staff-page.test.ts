import { pino } from 'pino';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeFlagCaseForAttention } from '../../activities/case-attention.js';
import { notices } from '../../domain/cases/notices.js';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { createTestService } from '../support/platform.js';
import { eventually, SCREENSHOT_DIR, submitOverApi, usePagesBrowser } from './pages-harness.js';

const { web, newPage } = usePagesBrowser();
/**
 * The test database is shared with every other test file, whose cases fill the entity's queue too:
 * this service's cases fall due within the hour, so they come first in the queue (oldest due first).
 */
let soonDueServiceId: string;

beforeAll(async () => {
  soonDueServiceId = (await createTestService(web.platform.prisma, { budget: { unit: 'duration', iso: 'PT1H' }, warnAt: [] })).id;
});

async function signIn(page: Page, password: string, username = 'handler') {
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

function queueRow(page: Page, trackingCode: string) {
  return page.locator('#queue-rows tr').filter({ hasText: trackingCode });
}

describe('the staff page', () => {
  it('refuses a wrong password, then signs the handler in and takes a case from the queue through claim and approve', async () => {
    const receipt = await submitOverApi(web.platform, soonDueServiceId);
    const page = await newPage();
    await page.goto(`${web.baseUrl}/staff/`);
    await signIn(page, 'not-the-password');
    const alert = page.locator('#signin-alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Connexion refusée : identification requise, expirée ou refusée');
    expect(await page.locator('#workspace').isVisible()).toBe(false);

    await signIn(page, TEST_SEED_PASSWORD);
    await page.locator('#workspace').waitFor();
    expect(await page.locator('#signed-in').textContent()).toContain('handler');
    expect(await page.evaluate('Object.keys(sessionStorage)')).toContain('khidma.staff.session');
    expect(await page.evaluate('Object.keys(localStorage)')).not.toContain('khidma.staff.session');
    expect(page.url()).toBe(`${web.baseUrl}/staff/`);

    const row = queueRow(page, receipt.trackingCode);
    await row.waitFor();
    expect(await row.textContent()).toContain('Non attribué');
    await row.getByRole('button', { name: `Ouvrir le dossier ${receipt.trackingCode}` }).click();
    await eventually(() => page.locator('#case-heading').textContent()).toBe(`Dossier ${receipt.trackingCode}`);
    expect(await page.locator('#applicant-cin').textContent()).toBe('AB123456');
    expect(await page.locator('#case-status').textContent()).toBe('Nouvelle demande');

    await page.getByRole('button', { name: 'Prendre en charge' }).click();
    await eventually(() => page.locator('#case-status').textContent()).toBe('En instruction');
    expect(await page.locator('#case-assignee').textContent()).toBe('Moi');
    await eventually(() => row.textContent()).toContain('Moi');

    // Requesting information needs a message: the page says so instead of sending an empty step.
    await page.getByRole('button', { name: 'Demander des compléments' }).click();
    expect(await page.locator('#case-alert').textContent()).toContain('Écrivez le message');

    await page.getByRole('button', { name: 'Approuver', exact: true }).click();
    await eventually(() => page.locator('#case-notice').textContent()).toContain('Document en préparation');
    expect(await page.locator('#case-status').textContent()).toBe('Document en préparation');
    const stored = await web.platform.prisma.case.findUniqueOrThrow({ where: { id: receipt.caseId } });
    expect(stored.status).toBe('in_production');
    expect(await page.locator('#timeline li').count()).toBe(3);
    expect(await page.locator('#timeline').textContent()).toContain('handler');
    // No dispatcher runs here: the citizen's SMS of each notice waits, its number masked.
    await eventually(() => page.locator('#case-notices li').count()).toBeGreaterThan(0);
    expect(await page.locator('#case-notices').textContent()).toMatch(/Au demandeur.*SMS \+2126\*\*\*\*5678 — en attente/);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/khidma-staff.png`, fullPage: true });
    await page.getByRole('button', { name: 'العربية' }).click();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('#case-status').textContent()).toBe('الوثيقة قيد الإعداد');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/khidma-staff-arabic-phone.png`, fullPage: true });
  });

  it('shows new cases live, and the citizen page of another browser follows the handler’s request for information as it happens', async () => {
    const staff = await newPage();
    await staff.goto(`${web.baseUrl}/staff/`);
    await signIn(staff, TEST_SEED_PASSWORD);
    await staff.locator('#workspace').waitFor();
    await staff.getByLabel('Attribution').selectOption('none');
    await eventually(() => staff.locator('#live-state').getAttribute('data-state')).toBe('live');

    const receipt = await submitOverApi(web.platform, soonDueServiceId);
    const row = queueRow(staff, receipt.trackingCode);
    await row.waitFor({ timeout: 15_000 });

    const citizen = await newPage({ width: 390, height: 844 });
    await citizen.goto(`${web.baseUrl}/#suivi`);
    await citizen.getByLabel('Code de suivi').fill(receipt.trackingCode);
    await citizen.getByLabel('Code d’accès').fill(receipt.accessToken);
    await citizen.getByRole('button', { name: 'Afficher ma demande' }).click();
    await eventually(() => citizen.locator('#live-state').getAttribute('data-state')).toBe('live');

    await row.getByRole('button').click();
    await staff.getByRole('button', { name: 'Prendre en charge' }).click();
    await eventually(() => citizen.locator('#case-status').textContent()).toBe('En cours d’examen');
    await staff.getByLabel('Message au demandeur ou motif').fill('Merci de fournir une photo d’identité.');
    await staff.getByRole('button', { name: 'Demander des compléments' }).click();
    await eventually(() => citizen.locator('#case-status').textContent()).toBe('En attente de vos compléments');
    // The same state, said from each side.
    await eventually(() => staff.locator('#case-status').textContent()).toBe('En attente du demandeur');
    expect(await citizen.locator('#info-request').textContent()).toContain('Merci de fournir une photo d’identité.');
    await citizen.screenshot({ path: `${SCREENSHOT_DIR}/khidma-citizen-phone.png`, fullPage: true });

    await citizen.getByLabel('Votre réponse').fill('Photo déposée au guichet.');
    await citizen.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await eventually(() => staff.locator('#case-status').textContent()).toBe('En instruction');
    expect(await staff.locator('#timeline').textContent()).toContain('Photo déposée au guichet.');
  });

  it('lists the handler’s notifications and marks one read', async () => {
    // Past its one-second budget the case is in breach, and its handler (anyone, while unassigned) is told.
    const warned = await createTestService(web.platform.prisma, { budget: { unit: 'duration', iso: 'PT1S' }, warnAt: [] });
    const receipt = await submitOverApi(web.platform, warned.id);
    const page = await newPage();
    await page.goto(`${web.baseUrl}/staff/`);
    await signIn(page, TEST_SEED_PASSWORD);
    const notification = page.locator('#notifications li').filter({ hasText: receipt.trackingCode });
    await notification.waitFor({ timeout: 15_000 });
    expect(await notification.getAttribute('data-read')).toBe('false');
    await notification.getByRole('button', { name: 'Marquer comme lue' }).click();
    await eventually(() => notification.getAttribute('data-read')).toBe('true');
    const id = await notification.getAttribute('data-notification-id');
    const stored = await web.platform.prisma.notification.findUniqueOrThrow({ where: { id: BigInt(id!) } });
    expect(stored.readBy).toBe('staff:handler');
  });

  it('marks a case one of whose steps could not be recorded, in the queue and in its view, in the page’s language', async () => {
    const receipt = await submitOverApi(web.platform, soonDueServiceId);
    const row = await web.platform.prisma.case.findUniqueOrThrow({ where: { id: receipt.caseId } });
    // What the worker does when an event of the case can never be recorded.
    const flag = makeFlagCaseForAttention({ prisma: web.platform.prisma, log: pino({ level: 'silent' }) });
    await flag({ caseId: row.id, entityId: row.entityId, seq: 2, reason: 'refused', at: new Date().toISOString(), notices: notices.needsAttention(row.trackingCode) });
    const healthy = await submitOverApi(web.platform, soonDueServiceId);

    const page = await newPage();
    await page.goto(`${web.baseUrl}/staff/`);
    await signIn(page, TEST_SEED_PASSWORD, 'supervisor');
    const flagged = queueRow(page, receipt.trackingCode);
    await flagged.waitFor();
    expect(await flagged.textContent()).toContain('À examiner');
    await queueRow(page, healthy.trackingCode).waitFor();
    expect(await queueRow(page, healthy.trackingCode).textContent()).not.toContain('À examiner');

    await flagged.getByRole('button', { name: `Ouvrir le dossier ${receipt.trackingCode}` }).click();
    const attention = page.locator('#case-attention');
    await attention.waitFor();
    expect(await attention.textContent()).toMatch(/^Une étape de ce dossier n’a pas pu être enregistrée \(depuis le .+\) : vérifiez son historique avant d’agir\.$/);
    await page.getByRole('button', { name: 'العربية' }).click();
    await eventually(() => attention.textContent()).toMatch(/^تعذر تسجيل إحدى مراحل هذا الملف/);
    expect(await flagged.textContent()).toContain('يحتاج إلى مراجعة');

    await queueRow(page, healthy.trackingCode).getByRole('button').click();
    await eventually(() => page.locator('#case-heading').textContent()).toContain(healthy.trackingCode);
    expect(await attention.isHidden()).toBe(true);
  });

  it('gives an administrator the catalogue and the holiday calendar instead of errors, and adds a service from the page', async () => {
    const page = await newPage();
    await page.goto(`${web.baseUrl}/staff/`);
    await signIn(page, TEST_SEED_PASSWORD, 'admin');
    await page.locator('#admin-workspace').waitFor();
    expect(await page.locator('#workspace').isVisible()).toBe(false);
    expect(await page.locator('[role=alert]:visible').count()).toBe(0);
    await eventually(() => page.locator('#service-rows').textContent()).toContain('Extrait du casier judiciaire');
    await eventually(() => page.locator('#holiday-rows').textContent()).toContain('Fête du Trône');

    const form = page.locator('#service-form');
    const code = `PAGE-${Date.now()}`;
    await page.getByRole('button', { name: 'Nouveau service' }).click();
    await form.getByLabel('Code de l’entité').fill('MJ');
    await form.getByLabel('Code du service').fill(code);
    await form.getByLabel('Nom (français)').fill('Attestation depuis la page');
    await form.getByLabel('Nom (arabe)').fill('شهادة من الصفحة');
    await form.getByLabel('Nom (anglais)').fill('Attestation from the page');
    await form.getByLabel('Délai (nombre de jours)').fill('7');
    await form.getByLabel('Base légale').fill('Loi 55-19, art. 6');
    await form.getByLabel('Pièces à fournir').fill('CNIE | البطاقة الوطنية | National ID card');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await eventually(() => page.locator('#service-notice').textContent()).toContain('à partir de maintenant');
    await eventually(() => page.locator('#service-rows').textContent()).toContain(code);
    const stored = await web.platform.prisma.service.findFirstOrThrow({ where: { code } });
    expect(stored).toMatchObject({ nameEn: 'Attestation from the page', clocks: { decision: { budget: { unit: 'working_days', amount: 7 } } } });
    expect(stored.requiredDocuments).toEqual([{ fr: 'CNIE', ar: 'البطاقة الوطنية', en: 'National ID card' }]);

    // A refusal of the API is shown in the form, and nothing is stored.
    await page.getByRole('button', { name: 'Nouveau service' }).click();
    await form.getByLabel('Code de l’entité').fill('MJ');
    await form.getByLabel('Code du service').fill(code);
    for (const [label, value] of [['Nom (français)', 'Doublon'], ['Nom (arabe)', 'مكرر'], ['Nom (anglais)', 'Duplicate'], ['Délai (nombre de jours)', '3'], ['Base légale', 'Loi']]) {
      await form.getByLabel(label!).fill(value!);
    }
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await eventually(() => page.locator('#service-form-alert').textContent()).toBe('Refusé : ce code existe déjà — code du service');
    expect(await web.platform.prisma.service.count({ where: { code } })).toBe(1);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/khidma-admin.png`, fullPage: true });
  });

  it('lets an administrator add a day off to the holiday calendar, move it and remove it, from the page', async () => {
    const page = await newPage();
    await page.goto(`${web.baseUrl}/staff/`);
    await signIn(page, TEST_SEED_PASSWORD, 'admin');
    await page.locator('#admin-workspace').waitFor();
    // Late next year: no case or published slot of the other tests reaches that far.
    const year = new Date().getFullYear() + 1;
    const [day, movedTo] = [`${year}-12-29`, `${year}-12-30`];
    await page.locator('#calendar-year').selectOption(String(year));
    const form = page.locator('#holiday-form');
    await form.getByLabel('Date').fill(day);
    await form.getByLabel('Nom (français)').fill('Journée de test du calendrier');
    await form.getByLabel('Nom (arabe)').fill('يوم اختبار التقويم');
    await form.getByLabel('Nom (anglais)').fill('Calendar test day');
    await form.getByRole('button', { name: 'Ajouter un jour chômé' }).click();
    const row = (date: string) => page.locator('#holiday-rows tr').filter({ hasText: date });
    await eventually(() => row(day).textContent()).toContain('Journée de test du calendrier');
    expect(await page.locator('#calendar-notice').textContent()).toContain('Calendrier modifié');
    const stored = () => web.platform.prisma.holidayOverride.findMany({ where: { nameEn: 'Calendar test day', removed: false }, select: { date: true } });
    expect((await stored()).map((r) => r.date.toISOString().slice(0, 10))).toEqual([day]);

    await row(day).getByLabel('Nouvelle date pour Journée de test du calendrier').fill(movedTo);
    await row(day).getByRole('button', { name: 'Déplacer' }).click();
    await eventually(() => row(movedTo).textContent()).toContain('Journée de test du calendrier');
    expect(await row(day).count()).toBe(0);
    expect((await stored()).map((r) => r.date.toISOString().slice(0, 10))).toEqual([movedTo]);

    await row(movedTo).getByRole('button', { name: 'Supprimer' }).click();
    await eventually(() => row(movedTo).count()).toBe(0);
    expect(await stored()).toEqual([]);
  });
});

