import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fromEpochDay, toEpochDay } from '../../domain/calendar/iso-date.js';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { createAppointmentOffice } from '../support/appointments.js';
import { today } from '../support/dates.js';
import { eventually, SCREENSHOT_DIR, usePagesBrowser } from './pages-harness.js';

const { web, newPage } = usePagesBrowser();

async function adminPage(viewport: { width: number; height: number }): Promise<Page> {
  const page = await newPage(viewport);
  await page.goto(`${web.baseUrl}/staff/`);
  await page.getByLabel('Identifiant').fill('admin');
  await page.getByLabel('Mot de passe').fill(TEST_SEED_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('#admin-workspace').waitFor();
  return page;
}

describe('the slots of an office on the staff page', () => {
  it('lets an administrator add a weekly template and a closure, and says what they did to the published slots', async () => {
    const f = await createAppointmentOffice(web.platform.prisma);
    const page = await adminPage({ width: 1280, height: 900 });
    // By role: the handlers' agenda has a "Bureau" field too, hidden from administrators.
    const office = page.getByRole('combobox', { name: 'Bureau', exact: true });
    await eventually(() => office.locator('option').allTextContents()).toContain(`${f.office.name} (${f.entity.code})`);
    await office.selectOption({ label: `${f.office.name} (${f.entity.code})` });
    await eventually(() => page.locator('#templates-empty').isVisible()).toBe(true);

    const templateForm = page.locator('#template-form');
    await templateForm.getByLabel('Service', { exact: true }).selectOption({ label: f.service.name });
    await templateForm.getByLabel('Jour').selectOption({ label: 'Mercredi' });
    await templateForm.getByLabel('Début').fill('09:00');
    await templateForm.getByLabel('Fin').fill('11:00');
    await templateForm.getByLabel('Durée d’un créneau (minutes)').fill('30');
    await templateForm.getByLabel('Places').fill('2');
    await templateForm.getByRole('button', { name: 'Ajouter un modèle' }).click();
    await eventually(() => page.locator('#slots-notice').textContent()).toMatch(/^Enregistré : \d+ créneaux ajoutés, 0 modifiés, 0 retirés, 0 fermés/);
    await eventually(() => page.locator('#template-rows').textContent()).toContain('Mercredi');
    expect(await page.locator('#template-rows').textContent()).toContain('09:00–11:00');
    const slots = await web.platform.prisma.slot.findMany({ where: { officeId: f.office.id }, orderBy: { startsAt: 'asc' } });
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.every((s) => s.seats === 2)).toBe(true);

    // A closure of a Wednesday, typed and sent from the keyboard (Enter in the last field).
    const later = fromEpochDay(toEpochDay(today()) + 2);
    const day = slots.map((s) => s.localDate.toISOString().slice(0, 10)).find((d) => d >= later)!;
    const exceptionForm = page.locator('#exception-form');
    await exceptionForm.getByLabel('Date').fill(day);
    await exceptionForm.getByLabel('Nature').selectOption('closure');
    await exceptionForm.getByLabel('Motif').focus();
    await page.keyboard.type('Inventaire annuel');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('#slots-notice').textContent()).toBe('Enregistré : 0 créneaux ajoutés, 0 modifiés, 4 retirés, 0 fermés avec des réservations à annuler.');
    await eventually(() => page.locator('#exception-rows').textContent()).toContain('Inventaire annuel');
    expect(await page.locator('#exception-rows').textContent()).toContain('Toute la journée');
    expect(await web.platform.prisma.slot.count({ where: { officeId: f.office.id, localDate: new Date(`${day}T00:00:00Z`) } })).toBe(0);
    expect(await page.locator('[role=alert]:visible').count()).toBe(0);

    // A refusal is said in the page's language, naming the field.
    await templateForm.getByLabel('Début').fill('10:00');
    await templateForm.getByLabel('Fin').fill('10:10');
    await templateForm.getByRole('button', { name: 'Ajouter un modèle' }).click();
    await eventually(() => page.locator('#template-alert').textContent()).toBe('Refusé : une donnée n’est pas valide — horaires');

    // Removing the closure from its row publishes that day again.
    await page.getByRole('button', { name: `Supprimer : Fermeture du ${day}` }).click();
    await eventually(() => page.locator('#slots-notice').textContent()).toContain('4 créneaux ajoutés');
    await eventually(() => page.locator('#exceptions-empty').isVisible()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/khidma-admin-slots.png`, fullPage: true });
  });

  it('fits a phone and speaks Arabic', async () => {
    const f = await createAppointmentOffice(web.platform.prisma);
    const page = await adminPage({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'العربية' }).click();
    expect(await page.locator('#slots-heading').textContent()).toBe('مواعيد الاستقبال');
    const office = page.locator('#slot-office');
    await eventually(() => office.locator('option').allTextContents()).toContain(`${f.office.name} (${f.entity.code})`);
    await office.selectOption({ label: `${f.office.name} (${f.entity.code})` });
    await eventually(() => page.locator('#tpl-weekday option').allTextContents()).toContain('الأربعاء');
    await page.locator('#template-form button[type=submit]').scrollIntoViewIfNeeded();
    expect(await page.locator('#template-form button[type=submit]').isVisible()).toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/khidma-admin-slots-arabic-phone.png`, fullPage: true });
  });
});
