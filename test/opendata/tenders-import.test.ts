import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../domain/open-data/import-report.js';
import { startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';
import { csvOf, DOCUMENTS, LOTS, row, type Row } from '../support/tender-rows.js';
import { testBuyerCode } from '../support/tenders.js';

/*
 * Administrators import calls for tenders from CSV (lots and documents as JSON in their cells) or
 * JSON (as arrays): good rows are stored and public at once, bad rows reported with their line and
 * reasons, a re-import changes nothing, a dry run writes nothing.
 */
let platform: TestPlatform;
let admin: Record<string, string>;

beforeAll(async () => {
  platform = await startPlatform();
  admin = await staffHeaders(platform.app, 'admin');
});
afterAll(() => platform?.close());

async function importFile(body: string, options: { type?: string; dryRun?: boolean; headers?: Record<string, string> } = {}) {
  return platform.app.inject({
    method: 'POST',
    url: `/api/v1/admin/imports/tenders?dryRun=${options.dryRun ?? false}`,
    headers: { ...(options.headers ?? admin), 'content-type': options.type ?? 'text/csv' },
    payload: body,
  });
}

async function imported(body: string, options: { type?: string; dryRun?: boolean } = {}): Promise<ImportReport> {
  const res = await importFile(body, options);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ImportReport>();
}

async function publicCall(reference: string) {
  const res = await platform.app.inject({ method: 'GET', url: `/api/v1/public/tenders/${encodeURIComponent(reference)}` });
  return { status: res.statusCode, body: res.statusCode === 200 ? res.json<{ estimateCentimes: number; deadlineLocal: string; lots: { number: number; estimateCentimes: number }[]; documents: { url: string }[]; status: string }>() : null };
}

async function publicTotal(buyer: string): Promise<number> {
  const res = await platform.app.inject({ method: 'GET', url: `/api/v1/public/tenders?buyer=${buyer}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ total: number }>().total;
}

describe('importing calls for tenders from CSV', () => {
  it('stores the good rows, public at once; reports each bad row with its line and reasons; a re-import changes nothing', async () => {
    const buyer = testBuyerCode();
    const rows = [
      row(buyer, 1, { lots: LOTS, documents: DOCUMENTS }),
      row(buyer, 2, { category: 'batiment', deadline: '20/01/2031 10:00' }),
      row(buyer, 3, { deadline: '2026-12-01 10:00', openingAt: '2026-12-01 11:00', awardee: 'Bureau Ingéconseil', awardAmount: '1 150 000', awardedOn: '2026-12-05' }),
      row(buyer, 4, { estimate: '12.345', lots: '[{"number":1,', objectFr: 'Objet\u0007' }),
      row(buyer, 5, { cancelledOn: '2026-12-02', cancellationReason: 'Dossier à revoir' }),
      row(buyer, 1, { objectFr: 'La même référence que la ligne 2' }),
    ];
    const file = csvOf(rows);
    const first = await imported(file);
    expect(first).toMatchObject({ dataset: 'tenders', dryRun: false, format: 'csv', rows: 6, created: 3, updated: 0, unchanged: 0 });
    const reasons = Object.fromEntries(first.rejected.map((r) => [r.row, r.reasons.map((reason) => `${reason.field}:${reason.code}`)]));
    expect(reasons).toEqual({
      3: ['category:unknown_value', 'deadline:not_a_date'],
      5: ['objectFr:control_characters', 'estimate:too_many_decimals', 'lots:wrong_type'],
      7: ['*:duplicate_key'],
    });
    expect(first.changes.map((c) => [c.row, c.action, c.key])).toEqual([
      [2, 'create', rows[0]!.reference],
      [4, 'create', rows[2]!.reference],
      [6, 'create', rows[4]!.reference],
    ]);

    const call = await publicCall(String(rows[0]!.reference));
    expect(call.body).toMatchObject({ status: 'open', estimateCentimes: 120_000_000, deadlineLocal: '2031-01-20 10:00', documents: [{ url: 'https://marches.example.test/dce/RC.pdf' }] });
    expect(call.body?.lots.map((l) => [l.number, l.estimateCentimes])).toEqual([[1, 50_000_000], [2, 70_000_000]]);
    expect((await publicCall(String(rows[2]!.reference))).body?.status).toBe('awarded');
    expect((await publicCall(String(rows[4]!.reference))).body?.status).toBe('cancelled');

    const again = await imported(file);
    expect(again).toMatchObject({ rows: 6, created: 0, updated: 0, unchanged: 3, changes: [] });
    expect(again.rejected.map((r) => r.row)).toEqual([3, 5, 7]);
  });

  it('dry-runs a changed file: says which fields would change, and writes nothing', async () => {
    const buyer = testBuyerCode();
    const original = [row(buyer, 1, { lots: LOTS }), row(buyer, 2)];
    await imported(csvOf(original));
    const before = await platform.prisma.tender.findMany({ where: { buyerCode: buyer }, orderBy: { reference: 'asc' } });
    const changed = [row(buyer, 1, { lots: LOTS, estimate: '1 300 000', deadline: '2031-01-27 10:00', openingAt: '2031-01-27 10:30' }), row(buyer, 2), row(buyer, 3)];
    const dry = await imported(csvOf(changed), { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, rows: 3, created: 1, updated: 1, unchanged: 1 });
    expect(dry.changes).toEqual([
      { row: 2, key: changed[0]!.reference, action: 'update', fields: ['deadline', 'openingAt', 'estimate'] },
      { row: 4, key: changed[2]!.reference, action: 'create' },
    ]);
    expect(await platform.prisma.tender.findMany({ where: { buyerCode: buyer }, orderBy: { reference: 'asc' } })).toEqual(before);
    expect((await publicCall(String(changed[2]!.reference))).status).toBe(404);
    // Read (and kept by the API) before the import, which shows at once all the same.
    expect((await publicCall(String(changed[0]!.reference))).body).toMatchObject({ estimateCentimes: 120_000_000 });
    expect(await publicTotal(buyer)).toBe(2);

    const applied = await imported(csvOf(changed));
    expect(applied).toMatchObject({ dryRun: false, created: 1, updated: 1, unchanged: 1 });
    expect((await publicCall(String(changed[0]!.reference))).body).toMatchObject({ estimateCentimes: 130_000_000, deadlineLocal: '2031-01-27 10:00' });
    expect(await publicTotal(buyer)).toBe(3);
  });
});

describe('importing calls for tenders from JSON', () => {
  it('takes lots and documents as arrays, and numbers rows by their index', async () => {
    const buyer = testBuyerCode();
    const elements = [
      { ...row(buyer, 1), lots: LOTS, documents: DOCUMENTS, estimate: 1200000 },
      'AO N° 2',
      { ...row(buyer, 3), lots: [{ number: 0, objectFr: 'x', objectAr: 'س' }], documents: [{ fileName: 'a.pdf', sizeBytes: 10, url: 'javascript:alert(1)' }] },
      { ...row(buyer, 4), montant: 12 },
    ];
    const report = await imported(JSON.stringify(elements), { type: 'application/json' });
    expect(report).toMatchObject({ format: 'json', rows: 4, created: 1 });
    expect(Object.fromEntries(report.rejected.map((r) => [r.row, r.reasons.map((reason) => `${reason.field}:${reason.code}`)]))).toEqual({
      2: ['*:not_an_object'],
      3: ['lots.0.number:out_of_range', 'documents.0.url:unknown_value'],
      4: ['montant:unknown_field'],
    });
    expect((await publicCall(String((elements[0] as Row).reference))).body?.lots).toHaveLength(2);
    expect(await imported(JSON.stringify(elements), { type: 'application/json' })).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });

  it('is for administrators only', async () => {
    const buyer = testBuyerCode();
    const res = await importFile(JSON.stringify([row(buyer, 1)]), { type: 'application/json', headers: await staffHeaders(platform.app, 'handler') });
    expect(res.statusCode).toBe(403);
    expect(await platform.prisma.tender.count({ where: { buyerCode: buyer } })).toBe(0);
  });
});
