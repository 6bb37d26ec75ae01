import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../domain/open-data/import-report.js';
import { startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';
import { csvOf, grantRow, testEntityCode, type GrantRow } from './grant-rows.js';

/*
 * Administrators import grants from CSV or JSON: good rows are stored, bad ones reported with
 * their line and reasons, a second import of the same file changes nothing, a dry run writes
 * nothing, and no file, however hostile, gets anything but a report or a 4xx.
 */
let platform: TestPlatform;
let admin: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
});
afterAll(() => platform?.close());

async function importFile(body: string | Buffer, options: { type?: string; dryRun?: boolean; headers?: Record<string, string> } = {}) {
  return platform.app.inject({
    method: 'POST',
    url: `/api/v1/admin/imports/grants?dryRun=${options.dryRun ?? false}`,
    headers: { ...(options.headers ?? admin), 'content-type': options.type ?? 'text/csv' },
    payload: body,
  });
}

async function imported(body: string | Buffer, options: { type?: string; dryRun?: boolean } = {}): Promise<ImportReport> {
  const res = await importFile(body, options);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ImportReport>();
}

async function storedOf(entity: string) {
  const rows = await platform.prisma.grantAward.findMany({ where: { grantingEntityCode: entity }, orderBy: { agreementReference: 'asc' } });
  return rows.map((r) => ({ ref: r.agreementReference, amount: r.amountCentimes, name: r.beneficiaryName, province: r.province, updatedAt: r.updatedAt.getTime() }));
}

describe('importing grants from CSV', () => {
  it('stores the good rows, reports each bad row with its line and reasons, and a re-import changes nothing', async () => {
    const entity = testEntityCode('IMP');
    const rows: GrantRow[] = [
      grantRow(entity, 1),
      grantRow(entity, 2, { amount: '12 500,75', region: 'Casablanca-Settat', province: 'Mohammédia' }),
      grantRow(entity, 3, { amount: '-5', year: '1999' }),
      grantRow(entity, 4, { beneficiaryType: 'person', province: 'RABAT' }),
      grantRow(entity, 5, { agreementDate: '2024-02-30', beneficiaryName: '' }),
      grantRow(entity, 6, { amount: '100.123' }),
      grantRow(entity, 1, { beneficiaryName: 'Même clé que la ligne 2' }),
      grantRow(entity, 8, { beneficiaryName: 'تعاونية النور', beneficiaryType: 'cooperative', region: 'سوس ماسة', province: 'تيزنيت', kind: 'in_kind' }),
    ];
    const file = csvOf(rows);
    const first = await imported(file);
    expect(first).toMatchObject({ dataset: 'grants', dryRun: false, format: 'csv', rows: 8, created: 3, updated: 0, unchanged: 0 });
    const reasons = Object.fromEntries(first.rejected.map((r) => [r.row, r.reasons.map((reason) => `${reason.field}:${reason.code}`)]));
    expect(reasons).toEqual({
      4: ['year:out_of_range', 'amount:out_of_range'],
      5: ['beneficiaryType:unknown_value', 'province:inconsistent'],
      6: ['agreementDate:not_a_date', 'beneficiaryName:required'],
      7: ['amount:too_many_decimals'],
      8: ['*:duplicate_key'],
    });
    expect(first.rejected.find((r) => r.row === 8)?.reasons[0]?.message).toMatch(/row 2 of this file/);
    expect(first.changes.map((c) => [c.row, c.action, c.key])).toEqual([
      [2, 'create', `${entity}|CONV-2022/0001`],
      [3, 'create', `${entity}|CONV-2023/0002`],
      [9, 'create', `${entity}|CONV-2024/0008`],
    ]);

    const stored = await storedOf(entity);
    expect(stored.map((s) => [s.ref, s.amount, s.name, s.province])).toEqual([
      ['CONV-2022/0001', 10_100_050n, 'Association Al Amal 1', 'CASABLANCA'],
      ['CONV-2023/0002', 1_250_075n, 'Association Al Amal 2', 'MOHAMMEDIA'],
      ['CONV-2024/0008', 10_800_050n, 'تعاونية النور', 'TIZNIT'],
    ]);

    const again = await imported(file);
    expect(again).toMatchObject({ rows: 8, created: 0, updated: 0, unchanged: 3, changes: [] });
    expect(again.rejected).toHaveLength(5);
    expect(await storedOf(entity)).toEqual(stored);
  });

  it('updates a changed row and says which fields changed; a dry run reports the same and writes nothing', async () => {
    const entity = testEntityCode('UPD');
    await imported(csvOf([grantRow(entity, 1), grantRow(entity, 2)]));
    const before = await storedOf(entity);
    const changed = csvOf([grantRow(entity, 1, { amount: '999.99', beneficiaryName: 'Association Al Amal (nouveau nom)' }), grantRow(entity, 2), grantRow(entity, 3)]);

    const dry = await imported(changed, { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, rows: 3, created: 1, updated: 1, unchanged: 1, rejected: [] });
    expect(dry.changes).toEqual([
      { row: 2, key: `${entity}|CONV-2022/0001`, action: 'update', fields: ['beneficiaryName', 'amount'] },
      { row: 4, key: `${entity}|CONV-2024/0003`, action: 'create' },
    ]);
    expect(await storedOf(entity)).toEqual(before);

    const applied = await imported(changed);
    expect(applied).toMatchObject({ dryRun: false, created: 1, updated: 1, unchanged: 1, changes: dry.changes });
    const after = await storedOf(entity);
    expect(after.map((s) => [s.ref, s.amount, s.name])).toEqual([
      ['CONV-2022/0001', 99_999n, 'Association Al Amal (nouveau nom)'],
      ['CONV-2023/0002', before[1]!.amount, before[1]!.name],
      ['CONV-2024/0003', 10_300_050n, 'Association Al Amal 3'],
    ]);
    expect(after[1]!.updatedAt).toBe(before[1]!.updatedAt);
  });

  it('reads `,` as well as `;`, a BOM, CRLF line ends, quoted cells holding the delimiter and line breaks', async () => {
    const entity = testEntityCode('CSV');
    const rows = [grantRow(entity, 1, { beneficiaryName: 'Coopérative "Atlas", Tiznit' }), grantRow(entity, 2), grantRow(entity, 3, { amount: 'beaucoup' })];
    const file = `\uFEFF${csvOf(rows, ',').replaceAll('\n', '\r\n')}`;
    const report = await imported(file, { type: 'text/csv; charset=utf-8' });
    expect(report).toMatchObject({ format: 'csv', rows: 3, created: 2 });
    expect(report.rejected).toEqual([{ row: 4, reasons: [{ field: 'amount', code: 'not_a_number', message: expect.stringMatching(/amount/) }] }]);
    expect((await storedOf(entity))[0]!.name).toBe('Coopérative "Atlas", Tiznit');

    // A line break inside a quoted cell: the next row's number is still its line in the file.
    const multiLine = `${csvOf([grantRow(entity, 4, { programme: 'Ligne 1\nLigne 2' })], ';').trimEnd()}\n${csvOf([grantRow(entity, 5, { year: 'deux mille' })], ';').split('\n')[1]}\n`;
    const second = await imported(multiLine);
    expect(second.rejected.map((r) => r.row)).toEqual([2, 4]);
    expect(second.rejected[0]!.reasons.map((r) => `${r.field}:${r.code}`)).toEqual(['programme:control_characters']);
    expect(second.rejected[1]!.reasons.map((r) => `${r.field}:${r.code}`)).toEqual(['year:not_an_integer']);
  });

  it('refuses hostile text per row — NUL, control characters, bidirectional overrides, bytes that are not UTF-8 — and keeps the other rows', async () => {
    const entity = testEntityCode('HOS');
    const hostile = ['\u0000', '\u0007', '\u001b[2J', '\u0085', '\u202e'];
    const rows = [grantRow(entity, 1), ...hostile.map((h, i) => grantRow(entity, 10 + i, { beneficiaryName: `Association ${h}Atlas` }))];
    const lines = csvOf(rows).trimEnd().split('\n');
    // Line 8: the bytes of a lone surrogate (ED A0 80), which no UTF-8 decoder accepts.
    const [before, after] = csvOf([grantRow(entity, 20)]).trimEnd().split('\n')[1]!.split('CONV');
    const invalid = Buffer.concat([Buffer.from(`${lines.join('\n')}\n${before}`, 'utf8'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(`CONV${after}\n`, 'utf8')]);
    const report = await imported(invalid);
    expect(report.created).toBe(1);
    const byRow = Object.fromEntries(report.rejected.map((r) => [r.row, r.reasons.map((reason) => `${reason.field}:${reason.code}`)]));
    expect(byRow).toEqual({
      3: ['beneficiaryName:control_characters'],
      4: ['beneficiaryName:control_characters'],
      5: ['beneficiaryName:control_characters'],
      6: ['beneficiaryName:control_characters'],
      7: ['beneficiaryName:control_characters'],
      8: ['agreementReference:not_utf8'],
    });
    expect((await storedOf(entity)).map((s) => s.ref)).toEqual(['CONV-2022/0001']);
  });
});

describe('importing grants from JSON', () => {
  it('takes an array of objects, numbers as numbers, and refuses per element what is not an award', async () => {
    const entity = testEntityCode('JSN');
    const good = { ...grantRow(entity, 1), year: 2022, amount: 1500.5 };
    const elements = [
      good,
      'not an object',
      { ...grantRow(entity, 2), amount: 0.1 + 0.2 },
      { ...grantRow(entity, 3), colour: 'blue' },
      { ...grantRow(entity, 4), beneficiaryName: { fr: 'x' } },
      { ...grantRow(entity, 5), year: 2024.5 },
      null,
    ];
    const text = JSON.stringify(elements);
    const withInfinity = text.slice(0, -1) + `,${JSON.stringify({ ...grantRow(entity, 6), amount: 0 }).replace('"amount":0', '"amount":1e309')}]`;
    const report = await imported(withInfinity, { type: 'application/json' });
    expect(report).toMatchObject({ format: 'json', rows: 8, created: 1 });
    const byRow = Object.fromEntries(report.rejected.map((r) => [r.row, r.reasons.map((reason) => `${reason.field}:${reason.code}`)]));
    expect(byRow).toEqual({
      2: ['*:not_an_object'],
      3: ['amount:too_many_decimals'],
      4: ['colour:unknown_field'],
      5: ['beneficiaryName:wrong_type'],
      6: ['year:not_an_integer'],
      7: ['*:not_an_object'],
      8: ['amount:out_of_range'],
    });
    expect((await storedOf(entity)).map((s) => s.amount)).toEqual([150_050n]);
  });

  it('refuses NUL, lone surrogates and control characters written as JSON escapes, per element', async () => {
    const entity = testEntityCode('JSE');
    const escapes = ['\\u0000', '\\ud800', '\\udfff', '\\u001b', '\\u202e'];
    const elements = escapes.map((escape, i) => JSON.stringify({ ...grantRow(entity, i), beneficiaryName: '__MARK__' }).replace('__MARK__', `Atlas ${escape}`));
    const report = await imported(`[${[JSON.stringify(grantRow(entity, 9)), ...elements].join(',')}]`, { type: 'application/json' });
    expect(report.created).toBe(1);
    expect(report.rejected.map((r) => [r.row, r.reasons.map((reason) => `${reason.field}:${reason.code}`)])).toEqual(
      escapes.map((_, i) => [i + 2, ['beneficiaryName:control_characters']]),
    );
  });
});

describe('files and callers the import refuses', () => {
  it.each([
    ['not JSON', 'application/json', '{"a":', /not valid JSON/],
    ['an object instead of an array', 'application/json', '{"programme":"x"}', /array of objects/],
    ['an empty file', 'text/csv', '  \n', /empty/],
    ['a header naming a column twice', 'text/csv', 'year;year\n2024;2024\n', /twice/],
    ['an unclosed quote', 'text/csv', 'year;amount\n"2024;1\n', /not valid CSV/],
  ])('%s → 400 unreadable_file, nothing stored', async (_label, type, body, message) => {
    const before = await platform.prisma.grantAward.count();
    const res = await importFile(body, { type });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'unreadable_file', message: expect.stringMatching(message) });
    expect(await platform.prisma.grantAward.count()).toBe(before);
  });

  it('a file over 10 MB → 413 file_too_large, nothing stored', async () => {
    const entity = testEntityCode('BIG');
    const line = csvOf([grantRow(entity, 1)]).split('\n')[1]!;
    const big = csvOf([]) + Array.from({ length: Math.ceil((11 * 1024 * 1024) / line.length) }, () => line).join('\n');
    expect(Buffer.byteLength(big)).toBeGreaterThan(10 * 1024 * 1024);
    const res = await importFile(big);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'file_too_large', message: expect.stringMatching(/10 MB/) });
    expect(await platform.prisma.grantAward.count({ where: { grantingEntityCode: entity } })).toBe(0);
  });

  it('another content type → 415; an unknown dataset or parameter → 400', async () => {
    expect((await importFile('a=b', { type: 'application/x-www-form-urlencoded' })).statusCode).toBe(415);
    const unknown = await platform.app.inject({ method: 'POST', url: '/api/v1/admin/imports/budgets', headers: { ...admin, 'content-type': 'text/csv' }, payload: 'a\n1\n' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ details: { field: 'params.dataset' } });
    const badQuery = await platform.app.inject({ method: 'POST', url: '/api/v1/admin/imports/grants?dryRun=maybe', headers: { ...admin, 'content-type': 'text/csv' }, payload: 'a\n1\n' });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json()).toMatchObject({ details: { field: 'querystring.dryRun' } });
  });

  it('without a token → 401; a handler or a manager → 403; nothing stored', async () => {
    const entity = testEntityCode('AUTH');
    const file = csvOf([grantRow(entity, 1)]);
    expect((await importFile(file, { headers: {} })).statusCode).toBe(401);
    for (const username of ['handler', 'manager']) {
      const res = await importFile(file, { headers: await staffHeaders(platform.app, username) });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'not_permitted' });
    }
    expect(await platform.prisma.grantAward.count({ where: { grantingEntityCode: entity } })).toBe(0);
  });
});
