import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../domain/open-data/import-report.js';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { staffHeaders } from '../support/platform.js';
import { csvOf, grantRow, testEntityCode, type GrantRow } from '../opendata/grant-rows.js';
import { eventually, SCREENSHOT_DIR, usePagesBrowser } from './pages-harness.js';

/*
 * The public grants page in Chromium, with no account: filters kept in the URL, totals, the
 * charts, the list a page at a time, the export links; in French, Arabic (right to left) and
 * English, and on a 360 px phone. The awards of an entity of its own keep the counts exact.
 */
const pages = usePagesBrowser();
const { web } = pages;
const entity = testEntityCode('WEB');

const ROWS: GrantRow[] = Array.from({ length: 30 }, (_, i) =>
  grantRow(entity, i, {
    agreementReference: `WEB-${String(i).padStart(3, '0')}`,
    year: String(2022 + (i % 3)),
    region: i % 2 === 0 ? '06' : '09',
    province: i % 2 === 0 ? 'CASABLANCA' : 'TIZNIT',
    beneficiaryName: i % 5 === 0 ? `Bureau d’Études Atlas ${i}` : `جمعية الأمل ${i}`,
    amount: `${(i + 1) * 1000}.00`,
  }),
);

beforeAll(async () => {
  const admin = await staffHeaders(web.platform.app, 'admin');
  const res = await web.platform.app.inject({ method: 'POST', url: '/api/v1/admin/imports/grants', headers: { ...admin, 'content-type': 'text/csv' }, payload: csvOf(ROWS) });
  expect(res.json<ImportReport>()).toMatchObject({ created: ROWS.length, rejected: [] });
});
const pageErrors: string[] = [];
afterEach(async () => {
  // Closed first, as errors thrown while the pages close count too.
  await pages.closeContexts();
  expect(pageErrors.splice(0)).toEqual([]);
});

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await pages.newPage(viewport);
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return page;
}

/** Opens the page and waits until it has shown its `n`th answer. */
async function loaded(page: Page, n = 1) {
  await eventually(async () => Number((await page.locator('body').getAttribute('data-loaded')) ?? 0)).toBeGreaterThanOrEqual(n);
}

describe('the public grants page', () => {
  it('shows totals, charts and the list, pages through it, filters from the form into the URL, and offers the filtered list to download (French)', async () => {
    const page = await newPage();
    await page.goto(`${web.baseUrl}/public/grants.html?entity=${entity}`);
    await loaded(page);
    expect(await page.locator('h1').textContent()).toBe('Subventions et aides accordées');
    // Morocco's French writes thousands with a dot (CLDR fr-MA).
    expect((await page.locator('#totals').textContent())?.replace(/\s/g, ' ')).toBe('30 subventions, 465.000,00 MAD au total');
    expect(await page.locator('#rows tr').count()).toBe(20);
    expect(await page.locator('#page-info').textContent()).toBe('1–20 sur 30');

    const years = await page.evaluate(() => {
      const chart = (globalThis as unknown as { Chart: { getChart(id: string): { data: { labels: string[]; datasets: { data: number[] }[] } } } }).Chart.getChart('chart-year');
      return { labels: chart.data.labels, values: chart.data.datasets[0]!.data };
    });
    const byYear = (year: string) => ROWS.filter((r) => r.year === year).reduce((sum, r) => sum + Number(r.amount), 0);
    expect(years).toEqual({ labels: ['2022', '2023', '2024'], values: [byYear('2022'), byYear('2023'), byYear('2024')] });
    const regions = await page.evaluate(() => (globalThis as unknown as { Chart: { getChart(id: string): { data: { labels: string[] } } } }).Chart.getChart('chart-region').data.labels);
    expect(regions).toEqual(['Casablanca-Settat', 'Souss-Massa']);

    await page.click('#next');
    await loaded(page, 2);
    expect(page.url()).toContain('offset=20');
    expect(await page.locator('#rows tr').count()).toBe(10);
    expect(await page.locator('#page-info').textContent()).toBe('21–30 sur 30');

    await page.selectOption('#f-year', '2023');
    await page.selectOption('#f-region', '09');
    await page.click('#filters button[type=submit]');
    await loaded(page, 3);
    const expected = ROWS.filter((r) => r.year === '2023' && r.region === '09');
    expect(new URL(page.url()).searchParams.get('year')).toBe('2023');
    expect(new URL(page.url()).searchParams.get('offset')).toBeNull();
    expect(await page.locator('#rows tr').count()).toBe(expected.length);
    expect((await page.locator('#totals').textContent())?.startsWith(`${expected.length} subventions`)).toBe(true);
    const csvHref = await page.locator('#export-csv').getAttribute('href');
    expect(Object.fromEntries(new URL(csvHref!, web.baseUrl).searchParams)).toEqual({ entity, year: '2023', region: '09', format: 'csv' });
    const csv = await page.evaluate(async (href) => (await fetch(href!)).text(), csvHref);
    expect(csv.trim().split('\n')).toHaveLength(expected.length + 1);

    await page.goBack();
    await loaded(page, 4);
    expect(await page.locator('#page-info').textContent()).toBe('21–30 sur 30');
  });

  it('searches accent- and case-insensitively, and refuses an amount it cannot read in the page’s language', async () => {
    const page = await newPage();
    await page.goto(`${web.baseUrl}/public/grants.html?entity=${entity}`);
    await loaded(page);
    await page.fill('#f-q', 'ETUDES');
    await page.click('#filters button[type=submit]');
    await loaded(page, 2);
    const names = await page.locator('#rows tr td:first-child span[dir=auto]').allTextContents();
    expect(names.sort()).toEqual(ROWS.filter((r) => r.beneficiaryName.startsWith('Bureau')).map((r) => r.beneficiaryName).sort());

    await page.fill('#f-amountMin', 'beaucoup');
    await page.click('#filters button[type=submit]');
    await expect.poll(() => page.locator('#error').textContent()).toMatch(/^Montant invalide/);
    expect(await page.locator('#f-amountMin').getAttribute('aria-invalid')).toBe('true');
  });

  it('speaks Arabic right to left and fits a 360 px phone, with no French or English in its own words', async () => {
    const page = await newPage({ width: 360, height: 740 });
    await page.goto(`${web.baseUrl}/public/grants.html?entity=${entity}`);
    await loaded(page);
    await page.click('button[data-language=ar]');
    await eventually(() => page.evaluate('[document.documentElement.lang, document.documentElement.dir]')).toEqual(['ar', 'rtl']);
    expect(await page.locator('h1').textContent()).toBe('المنح والإعانات الممنوحة');
    expect(await page.locator('#totals').textContent()).toMatch(/^30 منحة، بمجموع /);
    const ownWords = await page
      .locator('[data-i18n], label, #page-info, #totals, #f-year option, #f-beneficiaryType option, #f-region option, #rows td:first-child .muted, #rows td:nth-child(3)')
      .allTextContents();
    // Words of three Latin letters or more would be French or English left in the Arabic page (API names, MAD and CSV/JSON aside).
    const latin = ownWords.flatMap((text) => text.replace(/\b(API|JSON|CSV|MAD)\b/g, '').match(/[A-Za-z]{3,}/g) ?? []);
    expect(latin).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/khidma-grants-ar-360.png`, fullPage: true });
  });

  it('speaks English, and the citizen page links to it', async () => {
    const page = await newPage();
    await page.goto(`${web.baseUrl}/`);
    await page.click('button[data-language=en]');
    await eventually(() => page.locator('#grants-link').textContent()).toBe('Grants and subsidies awarded (open data)');
    await page.click('#grants-link');
    await page.waitForURL(/\/public\/grants\.html$/);
    await loaded(page);
    expect(await page.locator('h1').textContent()).toBe('Grants and subsidies awarded');
    expect(await page.locator('label[for=f-beneficiaryType]').textContent()).toBe('Beneficiary type');
    expect(await page.evaluate('document.documentElement.dir')).toBe('ltr');
  });
});

describe('the import on the staff page', () => {
  it('checks a file, shows refused rows with their reasons in the page’s language, then imports it; Arabic too', async () => {
    const page = await newPage();
    await page.goto(`${web.baseUrl}/staff/`);
    await page.getByLabel('Identifiant').fill('admin');
    await page.getByLabel('Mot de passe').fill(TEST_SEED_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.locator('#import-section h2').waitFor();
    const importEntity = testEntityCode('ADM');
    const file = csvOf([grantRow(importEntity, 1), grantRow(importEntity, 2, { amount: '12,345' }), grantRow(importEntity, 3)]);
    await page.setInputFiles('#import-file', { name: 'subventions.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    expect(await page.locator('#import-apply').isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Vérifier (sans rien enregistrer)' }).click();
    await eventually(() => page.locator('#import-summary').textContent()).toBe('Vérification : 3 lignes — 2 à créer, 0 à modifier, 0 inchangées, 1 refusées.');
    expect(await page.locator('#import-details tr[data-row]').allTextContents()).toEqual(['3amountplus de deux décimales']);
    expect(await web.platform.prisma.grantAward.count({ where: { grantingEntityCode: importEntity } })).toBe(0);

    await page.click('#import-apply');
    await eventually(() => page.locator('#import-summary').textContent()).toMatch(/^Import fait : 3 lignes — 2 créées/);
    expect(await web.platform.prisma.grantAward.count({ where: { grantingEntityCode: importEntity } })).toBe(2);
    expect(await page.locator('#import-apply').isDisabled()).toBe(true);

    await page.click('button[data-language=ar]');
    await eventually(() => page.locator('#import-section h2').textContent()).toBe('استيراد البيانات المفتوحة');
    expect(await page.locator('#import-details tr[data-row] td:last-child').textContent()).toBe('أكثر من رقمين عشريين');
  });
});
