import { describe, expect, it } from 'vitest';
import { formatMad, parseMad } from '../../domain/tenders/money.js';
import { referencePath, tenderStatus, type TenderFacts } from '../../domain/tenders/tender.js';
import { readTenderRow, tenderSearchText } from '../../domain/tenders/tender-record.js';
import { foldForSearch } from '../../domain/search-fold.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';
import { seedTenderRecords } from '../../prisma/seed-tenders.js';

const DAY_MS = 86_400_000;
const deadline = Date.parse('2027-01-18T10:00:00Z');
const open: TenderFacts = { deadlineAt: deadline, cancelledOn: null, award: null };

describe('a call’s status, read at different instants', () => {
  it('is open, then closing soon N days before the deadline, then closed from the deadline on', () => {
    expect(tenderStatus(open, deadline - 30 * DAY_MS)).toBe('open');
    expect(tenderStatus(open, deadline - 7 * DAY_MS - 1)).toBe('open');
    expect(tenderStatus(open, deadline - 7 * DAY_MS)).toBe('closing_soon');
    expect(tenderStatus(open, deadline - 1)).toBe('closing_soon');
    expect(tenderStatus(open, deadline)).toBe('closed');
    expect(tenderStatus(open, deadline + 400 * DAY_MS)).toBe('closed');
  });

  it('takes the closing-soon window it is given', () => {
    expect(tenderStatus(open, deadline - 10 * DAY_MS, 14)).toBe('closing_soon');
    expect(tenderStatus(open, deadline - 2 * DAY_MS, 1)).toBe('open');
  });

  it('is awarded once the award is known, and cancelled whatever the clock says', () => {
    const awarded = { ...open, award: { awardee: 'Société Atlas SARL', amountCentimes: 100, awardedOn: '2027-02-01' } };
    expect(tenderStatus(awarded, deadline + DAY_MS)).toBe('awarded');
    expect(tenderStatus({ ...awarded, cancelledOn: '2027-02-03' }, deadline + DAY_MS)).toBe('cancelled');
    expect(tenderStatus({ ...open, cancelledOn: '2027-01-02' }, deadline - 30 * DAY_MS)).toBe('cancelled');
  });
});

describe('amounts in dirhams', () => {
  it.each([
    ['1250000', 125_000_000],
    ['1 250 000,50', 125_000_050],
    ['1\u202F250\u202F000.5', 125_000_050],
    ['0.07', 7],
  ])('reads %j as %d centimes', (text, centimes) => expect(parseMad(text)).toBe(centimes));

  it.each(['', '-5', '1e309', '12.345', '1,2,3', 'NaN', '99999999999999', 'douze'])('refuses %j', (text) => expect(parseMad(text)).toBeNull());

  it('writes centimes back exactly', () => {
    expect(formatMad(125_000_050)).toBe('1250000.50');
    expect(formatMad(7)).toBe('0.07');
  });
});

const ROW = {
  reference: 'AO N° 12/2026/MJ',
  objectFr: 'Étude de faisabilité',
  objectAr: 'دِرَاسَة الجدوى',
  buyerCode: 'MJ',
  buyerName: 'Ministère de la Justice',
  buyerNameAr: 'وزارة العدل',
  category: 'etudes',
  procedure: 'appel_offres_ouvert',
  publishedOn: '2026-12-01',
  deadline: '2027-01-18 10:00',
  openingAt: '2027-01-18 10:30',
  openingPlace: 'Rabat',
  estimate: '1 200 000,00',
  guarantee: '18000',
  lots: '[{"number":2,"objectFr":"Lot B","objectAr":"الحصة ب","estimate":"600000"},{"number":1,"objectFr":"Lot A","objectAr":"الحصة أ","estimate":600000}]',
  documents: '[{"fileName":"RC.pdf","sizeBytes":12345,"url":"https://www.marchespublics.gov.ma/dce/RC.pdf"}]',
};

describe('a row of an import', () => {
  it('reads the local deadline in Moroccan legal time, amounts in centimes, lots in order', () => {
    const read = readTenderRow(ROW, moroccoLegalTime());
    expect('record' in read).toBe(true);
    if (!('record' in read)) return;
    // UTC+0 all year since 2026-09-20 (tz 2026f), where Node's own ICU still says UTC+1.
    expect(new Date(read.record.deadlineAt).toISOString()).toBe('2027-01-18T10:00:00.000Z');
    expect(read.record.estimateCentimes).toBe(120_000_000);
    expect(read.record.lots.map((l) => [l.number, l.estimateCentimes])).toEqual([[1, 60_000_000], [2, 60_000_000]]);
    expect(read.record.documents).toEqual([{ fileName: 'RC.pdf', sizeBytes: 12345, url: 'https://www.marchespublics.gov.ma/dce/RC.pdf' }]);
    expect(read.record.award).toBeNull();
  });

  it('gives every reason a row is refused, each naming its field', () => {
    const read = readTenderRow(
      { ...ROW, reference: '', category: 'batiment', deadline: '18/01/2027', estimate: '12.345', awardee: 'Atlas', lots: '[{"number":1}', documents: '[{"fileName":"a/b.pdf","sizeBytes":-1}]' },
      moroccoLegalTime(),
    );
    expect('reasons' in read && read.reasons.map((r) => [r.field, r.code])).toEqual([
      ['reference', 'required'],
      ['category', 'unknown_value'],
      ['deadline', 'not_a_date'],
      ['estimate', 'too_many_decimals'],
      ['lots', 'wrong_type'],
      ['documents.0.fileName', 'unknown_value'],
      ['documents.0.sizeBytes', 'out_of_range'],
      ['awardee', 'inconsistent'],
    ]);
  });

  it('refuses references a URL path would collapse or that name the feeds', () => {
    for (const reference of ['.', '..', '...', 'feed.atom', 'FEED.RSS']) {
      const read = readTenderRow({ ...ROW, reference }, moroccoLegalTime());
      expect('reasons' in read && read.reasons.map((r) => [r.field, r.code]), reference).toEqual([['reference', 'unknown_value']]);
    }
    expect('record' in readTenderRow({ ...ROW, reference: 'AO N° 1/2026/..' }, moroccoLegalTime())).toBe(true);
  });

  it('names unknown columns and refuses what is not an object', () => {
    const read = readTenderRow({ ...ROW, montant: '12' }, moroccoLegalTime());
    expect('reasons' in read && read.reasons).toEqual([{ field: 'montant', code: 'unknown_field', message: expect.stringContaining('unknown field "montant"') }]);
    const notObject = readTenderRow(['AO 1'], moroccoLegalTime());
    expect('reasons' in notObject && notObject.reasons).toEqual([{ field: '*', code: 'not_an_object', message: expect.any(String) }]);
  });

  it('refuses control characters and inconsistent dates', () => {
    const read = readTenderRow({ ...ROW, objectFr: 'Étude\u0000', openingAt: '2027-01-17 09:00' }, moroccoLegalTime());
    expect('reasons' in read && read.reasons.map((r) => [r.field, r.code])).toEqual([
      ['objectFr', 'control_characters'],
      ['openingAt', 'inconsistent'],
    ]);
  });
});

describe('the search text and the URL form of a reference', () => {
  it('folds the objects in both languages so a query without accents or diacritics finds them', () => {
    const text = tenderSearchText({ ...ROW, lots: [{ number: 1, objectFr: 'Lot Électricité', objectAr: 'الكهرباء', estimateCentimes: null, guaranteeCentimes: null }] });
    for (const query of ['etude', 'ÉTUDE', 'دراسة', 'electricite', 'ao n° 12/2026/mj']) expect(text).toContain(foldForSearch(query));
  });

  it('percent-encodes a reference as one path segment', () => {
    expect(referencePath('AO N° 12/2026/MJ')).toBe('AO%20N%C2%B0%2012%2F2026%2FMJ');
    expect(decodeURIComponent(referencePath('AO N° 12/2026/MJ'))).toBe('AO N° 12/2026/MJ');
  });
});

describe('the seeded calls', () => {
  it('show every status on the day of the seed, each with a dossier, all published by then', async () => {
    const now = Date.parse('2026-12-07T09:00:00Z');
    const calls = await seedTenderRecords(now);
    expect(calls.length).toBeGreaterThanOrEqual(30);
    expect(new Set(calls.map((c) => c.record.reference)).size).toBe(calls.length);
    const counts: Record<string, number> = {};
    for (const { record } of calls) counts[tenderStatus(record, now)] = (counts[tenderStatus(record, now)] ?? 0) + 1;
    for (const status of ['open', 'closing_soon', 'closed', 'awarded', 'cancelled']) expect(counts[status], status).toBeGreaterThanOrEqual(4);
    for (const { record, files } of calls) {
      expect(record.publishedOn <= '2026-12-07').toBe(true);
      expect(record.documents.map((d) => [d.fileName, d.sizeBytes, d.url])).toEqual(files.map((f) => [f.fileName, f.content.byteLength, null]));
      expect(Buffer.from(files[0]!.content.subarray(0, 5)).toString()).toBe('%PDF-');
    }
    // A week later the same calls have moved on by themselves.
    const later = calls.filter(({ record }) => tenderStatus(record, now + 7 * DAY_MS) !== tenderStatus(record, now));
    expect(later.length).toBeGreaterThan(0);
  });
});
