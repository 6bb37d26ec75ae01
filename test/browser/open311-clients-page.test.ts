import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { APPLICANT } from '../support/platform.js';
import { eventually, SCREENSHOT_DIR, uniqueName, usePagesBrowser } from './pages-harness.js';

const { web, newPage } = usePagesBrowser();

async function adminPage(): Promise<Page> {
  const page = await newPage({ width: 1280, height: 900 });
  await page.goto(`${web.baseUrl}/staff/`);
  await page.getByLabel('Identifiant').fill('admin');
  await page.getByLabel('Mot de passe').fill(TEST_SEED_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.locator('#admin-workspace').waitFor();
  return page;
}

/** What an Open311 client submits with the key: a complaint to the ministry. */
function complaintWith(apiKey: string) {
  return new URLSearchParams({
    api_key: apiKey,
    service_code: 'MJ.RECLAMATION',
    first_name: 'Amina',
    last_name: 'El Idrissi',
    phone: APPLICANT.phone,
    description: 'Attente de trois heures au guichet.',
    'attribute[national_id]': APPLICANT.nationalId,
    'attribute[subject]': 'Accueil au guichet',
  }).toString();
}

const submit = (apiKey: string) =>
  fetch(`${web.baseUrl}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: complaintWith(apiKey) });

describe('Open311 applications on the staff page', () => {
  it('lets an administrator issue a key, shown once, that submits complaints, then revoke it', async () => {
    const page = await adminPage();
    const name = `Application ${uniqueName()}`;
    await page.getByLabel('Nom de l’application').fill(name);
    await page.getByRole('button', { name: 'Remettre une clé' }).click();
    const key = page.getByLabel('Clé (affichée cette fois seulement)');
    await eventually(() => key.inputValue()).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
    const apiKey = await key.inputValue();
    expect(await page.locator('#open311-issued-text').textContent()).toBe(`Clé remise à « ${name} ». Copiez-la maintenant : elle ne sera plus affichée.`);
    const row = page.locator('#open311-rows tr', { hasText: name });
    await eventually(() => row.textContent()).toContain('Active');
    expect(await row.textContent()).toContain(apiKey.slice(0, 11));
    expect(await row.textContent()).not.toContain(apiKey.slice(11));
    expect(await row.textContent()).toContain('Jamais');

    const accepted = await submit(apiKey);
    expect(accepted.status).toBe(201);
    await page.reload();
    await page.locator('#admin-workspace').waitFor();
    await eventually(() => row.textContent()).not.toContain('Jamais');
    // Shown once: after a reload the page has no way to show it again.
    expect(await page.content()).not.toContain(apiKey.slice(11));

    await page.getByRole('button', { name: `Révoquer la clé de ${name}` }).click();
    expect(await page.locator('#open311-confirm-text').textContent()).toBe(`Révoquer la clé de « ${name} » ? L’application ne pourra plus déposer de réclamation.`);
    await page.getByRole('button', { name: 'Oui, révoquer la clé' }).click();
    await eventually(() => row.textContent()).toContain('Révoquée le');
    expect(await row.getByRole('button').count()).toBe(0);
    const refused = await submit(apiKey);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual([{ code: 403, description: expect.stringContaining('revoked') }]);

    await page.getByRole('button', { name: 'العربية' }).click();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('#open311-heading').textContent()).toBe('تطبيقات Open311');
    await eventually(() => row.textContent()).toContain('ملغى منذ');
    expect(await page.locator('#open311-heading').locator('xpath=..').textContent()).not.toMatch(/Révoquée|Active|Jamais|Revoked|Never/);
    await page.locator('section[aria-labelledby="open311-heading"]').screenshot({ path: `${SCREENSHOT_DIR}/khidma-open311-arabic.png` });
    await page.getByRole('button', { name: 'English' }).click();
    await eventually(() => row.textContent()).toContain('Revoked on');
    expect(await page.getByLabel('Name of the application').count()).toBe(1);
  });

  it('says what is missing when the name is left blank', async () => {
    const page = await adminPage();
    await page.getByRole('button', { name: 'Remettre une clé' }).click();
    await eventually(() => page.locator('#open311-alert').textContent()).toBe('Écrivez le nom de l’application.');
  });
});
