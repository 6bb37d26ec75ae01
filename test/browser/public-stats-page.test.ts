import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma } from '../../platform/prisma.js';
import { seed } from '../../prisma/seed.js';
import { moroccanToday } from '../../store/slot-publication.js';
import { generateVolume } from '../../store/volume/generate-volume.js';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startPlatform, type TestPlatform } from '../support/platform.js';
import { launchChromium, SCREENSHOT_DIR } from './pages-harness.js';

/*
 * The public statistics page in Chromium, over generated cases: charts drawn and tables beside
 * them in French, Arabic (right to left) and English, withheld figures said in the page's
 * language, the entity and service in the URL, usable at 360 px, reached from the citizen page.
 */
type Lang = 'fr' | 'ar' | 'en';
// The page's own words, read from the module it loads (a plain ES module of web/).
const { PUBLIC_STATS_MESSAGES } = (await import(new URL('../../web/public/public-stats-messages.js', import.meta.url).href)) as { PUBLIC_STATS_MESSAGES: Record<Lang, Record<string, string>> };
const SECTIONS = ['volume', 'deadlines', 'processing_times', 'appointments', 'complaints'];

let database: TestDatabase;
let platform: TestPlatform;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
  const prisma = createPrisma(database.url);
  await seed(prisma, { password: TEST_SEED_PASSWORD, nodeEnv: 'test', log: () => undefined });
  await prisma.$disconnect();
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  try {
    await generateVolume(pool, { cases: 1500, seed: 12, endDate: moroccanToday(), years: 1 });
  } finally {
    await pool.end();
  }
  platform = await startPlatform({ databaseUrl: database.url });
  await platform.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(platform.app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await platform?.close();
  await database?.drop();
});

async function openIn(lang: Lang, query: string, viewport = { width: 1200, height: 900 }, refusedByApi = false): Promise<Page> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(`window.localStorage.setItem('khidma.language', '${lang}')`);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    // Chromium logs every 4xx answer; the one the test provokes is expected.
    if (message.type() === 'error' && !(refusedByApi && message.text().includes('status of 400'))) errors.push(message.text());
  });
  await page.goto(`${baseUrl}/public/stats.html${query}`);
  await chartsDrawn(page);
  expect(errors).toEqual([]);
  return page;
}

/** Every shown section has its chart drawn by Chart.js on its canvas, and its table filled. */
/** What the page functions below read of the DOM and of Chart.js (the tests compile without the DOM's types). */
interface Node {
  hidden: boolean;
  width: number;
  dataset: Record<string, string>;
  querySelector(selector: string): Node | null;
  querySelectorAll(selector: string): Iterable<Node> & { length: number };
}
interface PageGlobals {
  document: Node;
  Chart: { getChart(canvas: Node | null): { data: { datasets: Array<{ data: Array<number | null> }> } } | undefined };
}

/** Every shown section has its chart drawn by Chart.js on its canvas, and its table filled. */
async function chartsDrawn(page: Page) {
  await page.waitForFunction(() => {
    const { document, Chart } = globalThis as unknown as PageGlobals;
    const shown = [...document.querySelectorAll('section[data-table]')].filter((s) => !s.hidden);
    return shown.length > 0 && shown.every((s) => Chart.getChart(s.querySelector('canvas')) && s.querySelector('tbody tr'));
  });
}

interface DrawnSection {
  table: string;
  canvasWidth: number;
  /** values Chart.js holds (withheld ones left out) */
  values: number;
  rows: number;
}

async function drawnSections(page: Page): Promise<DrawnSection[]> {
  return page.evaluate(() => {
    const { document, Chart } = globalThis as unknown as PageGlobals;
    return [...document.querySelectorAll('section[data-table]')]
      .filter((s) => !s.hidden)
      .map((s) => {
        const canvas = s.querySelector('canvas')!;
        const drawn = Chart.getChart(canvas);
        return {
          table: s.dataset.table!,
          canvasWidth: canvas.width,
          values: drawn ? drawn.data.datasets.flatMap((d) => d.data).filter((v) => v !== null).length : -1,
          rows: s.querySelectorAll('tbody tr').length,
        };
      });
  });
}

/** Words of the English page that a French or Arabic page must never show (those French shares, like "administration", aside). */
const wordsOf = (lang: Lang) => Object.values(PUBLIC_STATS_MESSAGES[lang]).flatMap((m) => m.split(/[^A-Za-z]+/)).filter((w) => w.length > 3);
const FRENCH = new Set(wordsOf('fr').map((w) => w.toLowerCase()));
const ENGLISH = [...new Set(wordsOf('en'))].filter((w) => !FRENCH.has(w.toLowerCase()));

describe('the public statistics page', () => {
  it.each(['fr', 'ar', 'en'] as const)('draws a chart and a table per figure for an entity in %s, withheld figures said in the page’s language', async (lang) => {
    const page = await openIn(lang, '?entity=MJ');
    const sections = await drawnSections(page);
    expect(sections.map((s) => s.table)).toEqual(SECTIONS);
    for (const s of sections) {
      expect(s.canvasWidth, s.table).toBeGreaterThan(100);
      expect(s.values, s.table).toBeGreaterThan(0);
      expect(s.rows, s.table).toBeGreaterThan(0);
    }
    const messages = PUBLIC_STATS_MESSAGES[lang];
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    expect(await page.locator('h1').textContent()).toBe(messages.heading);
    expect(await page.locator('#stats-entity').inputValue()).toBe('MJ');
    // A service with few cases of the period: its share is withheld, in words of the page.
    await expect.poll(() => page.locator('#table-deadlines').textContent()).toContain(messages.tooFew);
    // The service select names the services as the catalogue does, in the page's language.
    const services = await platform.prisma.service.findMany({ where: { entity: { code: 'MJ' } } });
    const names = services.map((s) => (lang === 'fr' ? s.name : lang === 'ar' ? s.nameAr : s.nameEn) || s.name);
    expect((await page.locator('#stats-service option').allTextContents()).slice(1).sort()).toEqual(names.sort());
    const text = await page.locator('body').innerText();
    if (lang !== 'en') {
      const found = ENGLISH.filter((w) => new RegExp(`\\b${w}\\b`).test(text));
      expect(found, `English in the ${lang} page`).toEqual([]);
    }
    if (lang === 'ar') expect(text).toContain('وزارة العدل');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/public-stats-${lang}.png`, fullPage: true });
    await page.context().close();
  });

  it('keeps the entity and the service in the URL, narrows the figures to the service, and keeps them on reload', async () => {
    const page = await openIn('fr', '?entity=MJ');
    const service = await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } });
    await page.locator('#stats-service').selectOption(service.id);
    await expect.poll(() => new URL(page.url()).searchParams.get('serviceId')).toBe(service.id);
    await chartsDrawn(page);
    // A document service books no appointment and takes no complaint: those sections are gone.
    expect((await drawnSections(page)).map((s) => s.table)).toEqual(['volume', 'deadlines', 'processing_times']);
    expect(await page.locator('#table-processing tbody th').allTextContents()).toEqual([service.name]);
    await page.reload();
    await chartsDrawn(page);
    expect(await page.locator('#stats-service').inputValue()).toBe(service.id);
    const csv = await page.locator('section[data-table="volume"] .download a').getAttribute('href');
    expect(csv).toBe(`/api/v1/public/stats/volume?format=csv&entity=MJ&serviceId=${service.id}`);
    const download = await page.request.get(`${baseUrl}${csv}`);
    expect(download.status()).toBe(200);
    expect((await download.text()).split('\n')[0]).toBe('entity,serviceId,serviceCode,month,submitted,finished');

    await page.locator('#stats-entity').selectOption('');
    await expect.poll(() => page.url()).toBe(`${baseUrl}/public/stats.html`);
    await chartsDrawn(page);
    // Every entity side by side.
    expect(await page.locator('#table-processing tbody th').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Commune de Rabat'), expect.stringContaining('Ministère de la Justice')]));
    await page.context().close();
  });

  it('says in the page’s language that an entity named in the URL does not exist, and shows every entity instead', async () => {
    const page = await openIn('ar', '?entity=NOPE', undefined, true);
    await expect.poll(() => page.locator('#stats-alert').textContent()).toBe(PUBLIC_STATS_MESSAGES.ar.unknownChoice);
    expect(await page.locator('#stats-entity').inputValue()).toBe('');
    await page.context().close();
  });

  it('is usable at 360 px: nothing wider than the screen but the tables, which scroll in their box', async () => {
    const page = await openIn('ar', '?entity=MJ', { width: 360, height: 740 });
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    for (const s of await drawnSections(page)) expect(s.canvasWidth, s.table).toBeGreaterThan(200);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/public-stats-ar-360.png`, fullPage: true });
    await page.context().close();
  });

  it('is reached from the citizen page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: 'Statistiques publiques des administrations' }).click();
    await page.waitForURL(`${baseUrl}/public/stats.html`);
    await chartsDrawn(page);
    expect(await page.locator('h1').textContent()).toBe(PUBLIC_STATS_MESSAGES.fr.heading);
    await context.close();
  });
});
