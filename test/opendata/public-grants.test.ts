import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRANT_FIELDS } from '../../domain/open-data/grant-award.js';
import type { ImportReport } from '../../domain/open-data/import-report.js';
import { startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';
import { csvOf, grantRow, testEntityCode, type GrantRow } from './grant-rows.js';

/*
 * The public grants API, with no account: every number it gives (totals, facets) is what this
 * test computes from the rows it imported, searches ignore case, accents and Arabic diacritics,
 * exports round-trip through the import, and caching headers let a CDN keep answers.
 */
let platform: TestPlatform;
let admin: Record<string, string>;
const entity = testEntityCode('PUB');
const otherEntity = testEntityCode('PUB2');

const REGIONS_AND_PROVINCES = [
  ['06', 'CASABLANCA'],
  ['04', 'RABAT'],
  ['09', 'TIZNIT'],
  ['01', 'TETOUAN'],
] as const;
const TYPES = ['association', 'cooperative', 'company', 'other'] as const;
const PROGRAMMES = ['INDH — Programme 3', 'Soutien aux associations', 'Appui aux coopératives (ODCO)'];
const NAMES = ['Association Étude et Développement', 'جَمْعِيَّة الأَمَل للتنمية', 'Coopérative Tifawin', 'Société Atlas Études SARL', 'جمعية النور', 'Association des Jeunes de Tétouan'];

/** 48 awards of our entity over four years, four regions, four beneficiary types and three programmes. */
const ROWS: GrantRow[] = Array.from({ length: 48 }, (_, i) => {
  const [region, province] = REGIONS_AND_PROVINCES[i % 4]!;
  return grantRow(entity, i, {
    agreementReference: `PUB-${String(i).padStart(3, '0')}`,
    year: String(2021 + (i % 4)),
    agreementDate: `${2021 + (i % 4)}-0${1 + (i % 9)}-1${i % 10}`,
    region,
    province,
    beneficiaryType: TYPES[Math.floor(i / 4) % 4]!,
    programme: PROGRAMMES[i % 3]!,
    beneficiaryName: `${NAMES[i % NAMES.length]} ${i}`,
    amount: `${(i + 1) * 12_345}.${String(i % 100).padStart(2, '0')}`,
    kind: i % 5 === 0 ? 'in_kind' : 'financial',
  });
});

const mad = (centimes: bigint) => `${centimes / 100n}.${String(centimes % 100n).padStart(2, '0')}`;
const centimesOf = (amount: string) => BigInt(amount.replace('.', ''));

/** What the API must say about these rows: count and exact sum. */
function tally(rows: GrantRow[]) {
  return { count: rows.length, amount: mad(rows.reduce((sum, r) => sum + centimesOf(r.amount), 0n)) };
}
/** One entry per value of the field, as the API gives it, ordered by that value. */
function facet(rows: GrantRow[], key: (r: GrantRow) => string, name: string): Record<string, string | number>[] {
  const groups = new Map<string, GrantRow[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([value, group]) => ({ [name]: name === 'year' ? Number(value) : value, ...tally(group) }));
}

interface SearchAnswer {
  items: Record<string, unknown>[];
  total: number;
  totals: { count: number; amount: string };
  facets: Record<string, { count: number; amount: string; [k: string]: unknown }[]>;
}

async function get(url: string, headers: Record<string, string> = {}) {
  return platform.app.inject({ method: 'GET', url, headers });
}
async function search(query: string): Promise<SearchAnswer> {
  const res = await get(`/api/v1/public/grants?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<SearchAnswer>();
}

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
  const res = await platform.app.inject({
    method: 'POST',
    url: '/api/v1/admin/imports/grants',
    headers: { ...admin, 'content-type': 'text/csv' },
    payload: csvOf([...ROWS, grantRow(otherEntity, 1, { amount: '5000.00', year: '2022' })]),
  });
  expect(res.json<ImportReport>()).toMatchObject({ created: ROWS.length + 1, rejected: [] });
});
afterAll(() => platform?.close());

describe('GET /api/v1/public/grants', () => {
  it('lists the awards with no account, only their published fields, and totals and facets equal to the imported rows', async () => {
    const answer = await search(`entity=${entity}&limit=200`);
    expect(answer.total).toBe(ROWS.length);
    expect(answer.totals).toEqual(tally(ROWS));
    for (const item of answer.items) expect(Object.keys(item).sort()).toEqual([...GRANT_FIELDS].sort());
    const row7 = ROWS[7]!;
    expect(answer.items.find((i) => i.agreementReference === row7.agreementReference)).toEqual({ ...row7, year: Number(row7.year) });

    expect(answer.facets.byYear).toEqual(facet(ROWS, (r) => r.year, 'year'));
    expect(answer.facets.byRegion!.map(({ name: _name, ...rest }) => rest)).toEqual(facet(ROWS, (r) => r.region, 'region'));
    expect(answer.facets.byRegion!.find((r) => r.region === '09')?.name).toEqual({ fr: 'Souss-Massa', ar: 'سوس ماسة', en: 'Souss-Massa' });
    expect(answer.facets.byBeneficiaryType).toEqual(facet(ROWS, (r) => r.beneficiaryType, 'beneficiaryType'));
    expect(new Set(answer.facets.byProgramme)).toEqual(new Set(facet(ROWS, (r) => r.programme, 'programme')));
    // byEntity ignores the entity filter: our entity and the other one, each with its own totals.
    expect(answer.facets.byEntity).toEqual(expect.arrayContaining([{ entity, name: ROWS[0]!.grantingEntityName, ...tally(ROWS) }, { entity: otherEntity, name: ROWS[0]!.grantingEntityName, count: 1, amount: '5000.00' }]));
  });

  it('applies every filter to the list and the totals, and each facet every filter but its own', async () => {
    const cases: [string, (r: GrantRow) => boolean][] = [
      ['year=2022', (r) => r.year === '2022'],
      ['region=09', (r) => r.region === '09'],
      ['beneficiaryType=cooperative', (r) => r.beneficiaryType === 'cooperative'],
      [`programme=${encodeURIComponent('INDH — Programme 3')}`, (r) => r.programme === 'INDH — Programme 3'],
      ['amountMin=200000&amountMax=400000.5', (r) => centimesOf(r.amount) >= 20_000_000n && centimesOf(r.amount) <= 40_000_050n],
      ['year=2023&region=06&beneficiaryType=association', (r) => r.year === '2023' && r.region === '06' && r.beneficiaryType === 'association'],
    ];
    for (const [query, keep] of cases) {
      const expected = ROWS.filter(keep);
      const answer = await search(`entity=${entity}&${query}&limit=200`);
      expect(answer.totals, query).toEqual(tally(expected));
      expect(answer.items.map((i) => i.agreementReference).sort(), query).toEqual(expected.map((r) => r.agreementReference).sort());
    }
    const year2022 = await search(`entity=${entity}&year=2022&region=09`);
    const regionOnly = ROWS.filter((r) => r.region === '09');
    expect(year2022.facets.byYear).toEqual(facet(regionOnly, (r) => r.year, 'year'));
    const yearOnly = ROWS.filter((r) => r.year === '2022');
    expect(year2022.facets.byRegion!.map(({ name: _name, ...rest }) => rest)).toEqual(facet(yearOnly, (r) => r.region, 'region'));
    const both = ROWS.filter((r) => r.year === '2022' && r.region === '09');
    expect(year2022.facets.byBeneficiaryType).toEqual(facet(both, (r) => r.beneficiaryType, 'beneficiaryType'));
  });

  it('pages through the list in the order asked for', async () => {
    const byAmount = [...ROWS].sort((a, b) => (centimesOf(b.amount) > centimesOf(a.amount) ? 1 : -1)).map((r) => r.agreementReference);
    const pages = [];
    for (let offset = 0; offset < ROWS.length; offset += 20) pages.push(...(await search(`entity=${entity}&sort=-amount&limit=20&offset=${offset}`)).items.map((i) => i.agreementReference));
    expect(pages).toEqual(byAmount);
    const byDate = (await search(`entity=${entity}&sort=agreementDate&limit=200`)).items.map((i) => String(i.agreementDate));
    expect(byDate).toEqual([...byDate].sort());
    expect((await search(`entity=${entity}&offset=500`)).items).toEqual([]);
  });

  it('finds a beneficiary whatever the case, the accents and the Arabic diacritics', async () => {
    const refsOf = async (q: string) => (await search(`entity=${entity}&limit=200&q=${encodeURIComponent(q)}`)).items.map((i) => i.beneficiaryName as string);
    const etude = ROWS.filter((r) => /[ÉE]tude/i.test(r.beneficiaryName)).map((r) => r.beneficiaryName).sort();
    expect(etude.length).toBeGreaterThan(8);
    for (const q of ['Etude', 'étude', 'ÉTUDE', 'etudes'.slice(0, 5)]) expect((await refsOf(q)).sort(), q).toEqual(etude);
    const amal = ROWS.filter((r) => r.beneficiaryName.startsWith('جَمْعِيَّة الأَمَل')).map((r) => r.beneficiaryName).sort();
    for (const q of ['جمعية الامل', 'جَمْعِيَّة الأَمَل', 'الأمل']) expect((await refsOf(q)).sort(), q).toEqual(amal);
    const nour = ROWS.filter((r) => r.beneficiaryName.startsWith('جمعية النور')).map((r) => r.beneficiaryName).sort();
    expect((await refsOf('جَمْعِيَّةُ النُّور')).sort()).toEqual(nour);
    expect(await refsOf('tétouan 5')).toEqual(['Association des Jeunes de Tétouan 5']);
    expect(await refsOf('100%')).toEqual([]);
    expect(await refsOf('PUB-007')).toEqual([ROWS[7]!.beneficiaryName]);
  });
});

describe('exports', () => {
  it('CSV: a header, every filtered award, the filters in the file name, and importing it back changes nothing', async () => {
    const res = await get(`/api/v1/public/grants?entity=${entity}&year=2022&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="grants_entity-${entity}_year-2022.csv"`);
    const records = parse(res.body, { bom: true, columns: true }) as Record<string, string>[];
    const expected = ROWS.filter((r) => r.year === '2022');
    expect(records.map((r) => r.agreementReference).sort()).toEqual(expected.map((r) => r.agreementReference).sort());
    expect(Object.keys(records[0]!)).toEqual([...GRANT_FIELDS]);
    expect(records.find((r) => r.agreementReference === expected[0]!.agreementReference)).toEqual(expected[0]);

    const reimport = await platform.app.inject({ method: 'POST', url: '/api/v1/admin/imports/grants?dryRun=true', headers: { ...admin, 'content-type': 'text/csv' }, payload: res.rawPayload });
    expect(reimport.json<ImportReport>()).toMatchObject({ rows: expected.length, created: 0, updated: 0, unchanged: expected.length, rejected: [] });
  });

  it('CSV: a name that would start a spreadsheet formula is written as text', async () => {
    const formulaEntity = testEntityCode('FORMULA');
    const rows = [
      grantRow(formulaEntity, 0, { agreementReference: 'F-0', programme: '=HYPERLINK("http://evil.example","click")' }),
      grantRow(formulaEntity, 1, { agreementReference: 'F-1', beneficiaryName: "+cmd|' /C calc'!A0" }),
    ];
    const imported = await platform.app.inject({ method: 'POST', url: '/api/v1/admin/imports/grants', headers: { ...admin, 'content-type': 'text/csv' }, payload: csvOf(rows) });
    expect(imported.json<ImportReport>()).toMatchObject({ created: 2, rejected: [] });
    const records = parse((await get(`/api/v1/public/grants?entity=${formulaEntity}&format=csv`)).body, { bom: true, columns: true }) as Record<string, string>[];
    const cells = records.flatMap((r) => Object.values(r));
    expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
    expect(records.map((r) => r.programme)).toContain(`'=HYPERLINK("http://evil.example","click")`);
  });

  it('JSON: an array of every filtered award, equal to the pages of the list', async () => {
    const res = await get(`/api/v1/public/grants?entity=${entity}&q=${encodeURIComponent('جمعية')}&format=json&sort=amount`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="grants_entity-[A-Z0-9-]+_q-x\.json"$/);
    const listed = (await search(`entity=${entity}&q=${encodeURIComponent('جمعية')}&sort=amount&limit=200`)).items;
    expect(res.json()).toEqual(listed);
    expect(listed.length).toBe(16);
    const reimport = await platform.app.inject({ method: 'POST', url: '/api/v1/admin/imports/grants?dryRun=true', headers: { ...admin, 'content-type': 'application/json' }, payload: res.body });
    expect(reimport.json<ImportReport>()).toMatchObject({ created: 0, updated: 0, unchanged: 16, rejected: [] });
  });
});

describe('caching', () => {
  it('answers with an ETag and Cache-Control, 304 to If-None-Match, and a new ETag once an import changes the data', async () => {
    const url = `/api/v1/public/grants?entity=${entity}&region=04`;
    const first = await get(url);
    expect(first.headers['cache-control']).toBe('public, max-age=60');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(url, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await get(`${url}&year=2021`, { 'if-none-match': etag })).statusCode).toBe(200);
    const exportEtag = String((await get(`${url}&format=csv`)).headers.etag);
    expect((await get(`${url}&format=csv`, { 'if-none-match': exportEtag })).statusCode).toBe(304);

    const changed = { ...ROWS[1]!, amount: '1.00' };
    const imported = await platform.app.inject({ method: 'POST', url: '/api/v1/admin/imports/grants', headers: { ...admin, 'content-type': 'text/csv' }, payload: csvOf([changed]) });
    expect(imported.json<ImportReport>()).toMatchObject({ updated: 1 });
    const after = await get(url, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.json<SearchAnswer>().items.find((i) => i.agreementReference === changed.agreementReference)?.amount).toBe('1.00');
    await platform.app.inject({ method: 'POST', url: '/api/v1/admin/imports/grants', headers: { ...admin, 'content-type': 'text/csv' }, payload: csvOf([ROWS[1]!]) });
  });
});

describe('bad query parameters', () => {
  it.each([
    ['year=1e309', 'querystring.year'],
    ['year=abc', 'querystring.year'],
    ['year=1999', 'querystring.year'],
    ['limit=0', 'querystring.limit'],
    ['limit=201', 'querystring.limit'],
    ['offset=-1', 'querystring.offset'],
    ['offset=Infinity', 'querystring.offset'],
    ['region=13', 'querystring.region'],
    ['beneficiaryType=person', 'querystring.beneficiaryType'],
    ['amountMin=-5', 'querystring.amountMin'],
    ['amountMin=1e309', 'querystring.amountMin'],
    ['amountMax=10.123', 'querystring.amountMax'],
    ['amountMin=500&amountMax=100', 'querystring.amountMin'],
    ['q=', 'querystring.q'],
    ['q=a%00b', 'querystring.q'],
    ['q=%1B%5B2J', 'querystring.q'],
    [`q=${'a'.repeat(101)}`, 'querystring.q'],
    ['entity=lower', 'querystring.entity'],
    ['sort=random', 'querystring.sort'],
    ['format=xml', 'querystring.format'],
    ['colour=blue', 'querystring'],
  ])('%s → 400 naming %s', async (query, field) => {
    const res = await get(`/api/v1/public/grants?${query}`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_input', details: { field } });
    if (field === 'querystring') expect(res.json<{ message: string }>().message).toMatch(/colour/);
  });

  it('reads the bytes of a lone surrogate in q as U+FFFD, which matches nothing', async () => {
    const answer = await search('q=%ED%A0%80');
    expect(answer.total).toBe(0);
  });
});
