import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_SEED_PASSWORD } from '../global-setup.js';
import { csvOf, row } from '../support/tender-rows.js';
import { createTender, tenderRecord, testBuyerCode } from '../support/tenders.js';
import { eventually, SCREENSHOT_DIR, usePagesBrowser } from './pages-harness.js';

/*
 * The public pages of the calls for tenders in Chromium: search and filters kept in the address,
 * the detail with its lots, dossier and calendar link, in French, Arabic (right to left) and
 * English, on a 360 px phone; the Atom feed the pages announce, parsed by the browser's XML parser.
 */
const { web, newPage } = usePagesBrowser();
const buyer = testBuyerCode();
const DAY_MS = 86_400_000;
const study = tenderRecord(buyer, {
  reference: `AO N° 31/2026/${buyer}`,
  objectFr: 'Étude de faisabilité du port sec de Zenata',
  objectAr: 'دِرَاسَة جدوى الميناء الجاف بزناتة',
  buyerName: 'Agence de test des marchés',
  buyerNameAr: 'وكالة اختبار الصفقات',
  category: 'etudes',
  procedure: 'appel_offres_ouvert',
  deadlineAt: Date.parse('2031-03-17T10:00:00Z'),
  openingAt: Date.parse('2031-03-17T10:30:00Z'),
  openingPlace: 'Salle des réunions, Casablanca',
  estimateCentimes: 120_000_000,
  guaranteeCentimes: 1_800_000,
  lots: [
    { number: 1, objectFr: 'Diagnostic', objectAr: 'التشخيص', estimateCentimes: 50_000_000, guaranteeCentimes: 750_000 },
    { number: 2, objectFr: 'Schéma directeur', objectAr: 'المخطط المديري', estimateCentimes: 70_000_000, guaranteeCentimes: 1_050_000 },
  ],
  documents: [{ fileName: 'RC.pdf', sizeBytes: 48_128, url: 'https://marches.example.test/dce/RC.pdf' }],
});
const works = tenderRecord(buyer, { reference: `AO N° 32/2026/${buyer}`, objectFr: 'Travaux de voirie', objectAr: 'أشغال الطرق', category: 'travaux', deadlineAt: Date.now() + 2 * DAY_MS, publishedOn: new Date(Date.now() - DAY_MS).toISOString().slice(0, 10) });
const awarded = tenderRecord(buyer, { reference: `AO N° 33/2026/${buyer}`, objectFr: 'Fourniture de mobilier', objectAr: 'توريد الأثاث', deadlineAt: Date.now() - 30 * DAY_MS, publishedOn: '2026-06-01', award: { awardee: 'Société Atlas SARL', amountCentimes: 9_900_000, awardedOn: '2026-07-15' } });

beforeAll(async () => {
  for (const record of [study, works, awarded]) await createTender(web.platform.prisma, record);
});

const loaded = (page: Page) => page.locator('html[data-loaded="true"]').waitFor({ timeout: 15_000 });
const detailUrl = (reference: string) => `${web.baseUrl}/tenders/tender.html?ref=${encodeURIComponent(reference)}`;

describe('the list of calls for tenders', () => {
  it('is linked from the citizen page, and searches with the filters in the address', async () => {
    const page = await newPage();
    await page.goto(web.baseUrl);
    await page.getByRole('link', { name: 'Appels d’offres publics' }).click();
    await loaded(page);
    expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href')).toBe('/api/v1/public/tenders/feed.atom');
    await page.getByLabel('Mots-clés').fill('etude zenata');
    await page.getByLabel('Acheteur').selectOption(buyer);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await loaded(page);
    const url = new URL(page.url());
    // Only the filters chosen go into the address.
    expect(Object.fromEntries(url.searchParams)).toEqual({ q: 'etude zenata', buyer });
    await eventually(() => page.locator('.tender').count()).toBe(1);
    const card = page.locator('.tender').first();
    expect(await card.locator('h2').textContent()).toBe(study.objectFr);
    expect(await card.locator('.tender-status').textContent()).toBe('Ouvert');
    expect(await card.locator('time').textContent()).toBe('17 mar. 2031, 10:00 (heure du Maroc)');

    await page.goto(`${web.baseUrl}/tenders/?buyer=${buyer}&status=closing_soon`);
    await loaded(page);
    expect(await page.getByLabel('État').inputValue()).toBe('closing_soon');
    await eventually(() => page.locator('.tender .reference').allTextContents()).toEqual([works.reference]);
    expect(await page.locator('.tender-status').textContent()).toBe('Clôture proche');

    await page.goto(`${web.baseUrl}/tenders/?buyer=${buyer}&deadlineFrom=2031-02-30`);
    await loaded(page);
    expect(await page.getByRole('alert').textContent()).toBe('Un des filtres n’est pas valable : Date limite à partir du. Corrigez-le puis relancez la recherche.');
  });

  it('reads right to left in Arabic, and fits a 360 px phone with nothing in French', async () => {
    const page = await newPage({ width: 360, height: 740 });
    await page.goto(`${web.baseUrl}/tenders/?buyer=${buyer}&sort=reference`);
    await loaded(page);
    await page.getByRole('button', { name: 'العربية' }).click();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('h1').textContent()).toBe('طلبات العروض');
    await eventually(() => page.locator('.tender h2').allTextContents()).toEqual([study.objectAr, works.objectAr, awarded.objectAr]);
    expect(await page.locator('.tender-status').allTextContents()).toEqual(['مفتوح', 'قرب أجل الإيداع', 'تم الإسناد']);
    const text = (await page.locator('main').innerText()).replace(/AO N° \d+\/2026\/T-[0-9A-F]+/g, '');
    for (const french of ['Date limite', 'Estimation', 'Acheteur', 'Rechercher', 'Tous', 'Études', 'Ouvert', 'heure du Maroc']) expect(text).not.toContain(french);
    // scrollWidth misses an overflow to the left, which is where a right-to-left page overflows: every card must lie inside the screen.
    const fits = async () => {
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      const cards = await page.locator('.tender').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect()).map((r) => [Math.floor(r.left), Math.ceil(r.right)]));
      for (const [left, right] of cards) expect([left! >= 0, right! <= 360]).toEqual([true, true]);
    };
    await fits();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/tenders-ar-360.png`, fullPage: true });
    await page.goto(`${web.baseUrl}/tenders/?lang=fr`);
    await page.getByRole('button', { name: 'Français' }).click();
    await loaded(page);
    await eventually(() => page.locator('.tender').count()).toBeGreaterThan(3);
    await fits();
  });
});

describe('the detail of a call', () => {
  it('shows the dates on the Moroccan clock, the lots, the dossier and the calendar link, in French and English', async () => {
    const page = await newPage();
    await page.goto(detailUrl(study.reference));
    await loaded(page);
    expect(await page.locator('h1').textContent()).toBe(study.objectFr);
    expect(await page.locator('#reference').textContent()).toBe(study.reference);
    expect(await page.locator('#deadline').textContent()).toBe('lundi 17 mars 2031 — 10:00 (heure du Maroc)');
    expect(await page.locator('#opening').textContent()).toBe('lundi 17 mars 2031 — 10:30 (heure du Maroc), Salle des réunions, Casablanca');
    // French as written in Morocco (CLDR fr-MA): dots between thousands.
    expect(await page.locator('#estimate').textContent()).toBe('1.200.000,00\u00a0MAD');
    expect(await page.locator('#lots tr').count()).toBe(2);
    expect(await page.locator('#lots tr').nth(1).locator('td').nth(1).textContent()).toBe('Schéma directeur');
    expect(await page.getByRole('link', { name: /Télécharger RC\.pdf/ }).getAttribute('href')).toBe('https://marches.example.test/dce/RC.pdf');
    const calendar = await page.getByRole('link', { name: 'Ajouter la date limite à mon agenda (.ics)' }).getAttribute('href');
    expect(calendar).toBe(`/api/v1/public/tenders/${encodeURIComponent(study.reference)}/deadline.ics?lang=fr`);
    const ics = await page.evaluate(async (href) => (await fetch(href)).text(), calendar!);
    expect(ics).toContain('DTSTART;TZID=Africa/Casablanca:20310317T100000');

    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('#deadline').textContent()).toBe('Monday, 17 March 2031 — 10:00 (Moroccan time)');
    expect(await page.locator('dt').allTextContents()).toEqual(['Buyer', 'Category', 'Procedure', 'Published on', 'Deadline for bids', 'Opening of bids', 'Estimate', 'Provisional guarantee']);
    expect(await page.locator('#category').textContent()).toBe('Studies');
    expect(await page.getByRole('link', { name: 'Add the deadline to my calendar (.ics)' }).getAttribute('href')).toMatch(/lang=en$/);
  });

  it('shows an award, in Arabic, right to left', async () => {
    const page = await newPage({ width: 360, height: 740 });
    await page.goto(detailUrl(awarded.reference));
    await loaded(page);
    await page.getByRole('button', { name: 'العربية' }).click();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('h1').textContent()).toBe(awarded.objectAr);
    expect(await page.locator('#status').textContent()).toBe('تم الإسناد');
    expect(await page.locator('#outcome-text').textContent()).toContain('Société Atlas SARL');
    expect(await page.locator('#outcome-text').textContent()).toMatch(/^أسند بتاريخ/);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  });

  it('says in the page’s language that an unknown call does not exist', async () => {
    const page = await newPage();
    await page.goto(detailUrl('AO N° 0/1900/NOBODY'));
    await loaded(page);
    expect(await page.getByRole('alert').textContent()).toBe('Cet appel d’offres n’existe pas ou n’est pas encore publié.');
    await page.getByRole('button', { name: 'العربية' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('طلب العروض هذا غير موجود أو لم ينشر بعد.');
  });
});

describe('the feed of new calls', () => {
  it('is well-formed XML for the browser’s parser, newest publication first', async () => {
    const page = await newPage();
    await page.goto(`${web.baseUrl}/tenders/`);
    // Run in the page: the browser's own XML parser says whether the feed is well-formed.
    const feed = await page.evaluate<{ errors: number; root: string; published: string[]; titles: string[] }>(`(async () => {
      const xml = await (await fetch('/api/v1/public/tenders/feed.atom?lang=ar')).text();
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      const entries = [...doc.getElementsByTagName('entry')];
      return {
        errors: doc.getElementsByTagName('parsererror').length,
        root: doc.documentElement.namespaceURI,
        published: entries.map((e) => e.getElementsByTagName('published')[0]?.textContent ?? ''),
        titles: entries.map((e) => e.getElementsByTagName('title')[0]?.textContent ?? ''),
      };
    })()`);
    expect(feed.errors).toBe(0);
    expect(feed.root).toBe('http://www.w3.org/2005/Atom');
    expect(feed.published.length).toBeGreaterThan(3);
    expect([...feed.published].sort().reverse()).toEqual(feed.published);
    expect(feed.titles).toContain(`${works.reference} — ${works.objectAr}`);
  });
});

describe('the import of calls for tenders on the staff page', () => {
  it('checks a file of calls, shows the refused row, imports the others, which the public list then shows', async () => {
    const page = await newPage();
    await page.goto(`${web.baseUrl}/staff/`);
    await page.getByLabel('Identifiant').fill('admin');
    await page.getByLabel('Mot de passe').fill(TEST_SEED_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.locator('#import-section h2').waitFor();
    const importBuyer = testBuyerCode();
    const file = csvOf([row(importBuyer, 1), row(importBuyer, 2, { category: 'batiment' }), row(importBuyer, 3)]);
    await page.locator('#import-dataset').selectOption({ label: 'Appels d’offres' });
    await page.setInputFiles('#import-file', { name: 'appels-offres.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.getByRole('button', { name: 'Vérifier (sans rien enregistrer)' }).click();
    await eventually(() => page.locator('#import-summary').textContent()).toBe('Vérification : 3 lignes — 2 à créer, 0 à modifier, 0 inchangées, 1 refusées.');
    expect(await page.locator('#import-details tr[data-row] td').first().textContent()).toBe('3');
    expect(await page.locator('#import-details tr[data-row] td:last-child').textContent()).toBe('valeur non reconnue');
    expect(await web.platform.prisma.tender.count({ where: { buyerCode: importBuyer } })).toBe(0);

    await page.click('#import-apply');
    await eventually(() => page.locator('#import-summary').textContent()).toMatch(/^Import fait : 3 lignes — 2 créées/);
    const list = await newPage();
    await list.goto(`${web.baseUrl}/tenders/?buyer=${importBuyer}`);
    await loaded(list);
    await eventually(() => list.locator('.tender .reference').allTextContents()).toEqual([String(row(importBuyer, 1).reference), String(row(importBuyer, 3).reference)]);
  });
});
