import { readTenderRow, type TenderRecord } from '../../domain/tenders/tender-record.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';
import type { Dataset, ImportTx } from '../imports/dataset.js';
import { tenderColumns, tenderRecordOf } from './tender-store.js';

/** Each column of a tenders file, and what of a record it sets: a changed column is named as the file names it. */
const COMPARED: [column: string, value: (record: TenderRecord) => unknown][] = [
  ['objectFr', (r) => r.objectFr],
  ['objectAr', (r) => r.objectAr],
  ['buyerCode', (r) => r.buyerCode],
  ['buyerName', (r) => r.buyerName],
  ['buyerNameAr', (r) => r.buyerNameAr],
  ['category', (r) => r.category],
  ['procedure', (r) => r.procedure],
  ['publishedOn', (r) => r.publishedOn],
  ['deadline', (r) => r.deadlineAt],
  ['openingAt', (r) => r.openingAt],
  ['openingPlace', (r) => r.openingPlace],
  ['estimate', (r) => r.estimateCentimes],
  ['guarantee', (r) => r.guaranteeCentimes],
  ['lots', (r) => JSON.stringify(r.lots)],
  ['documents', (r) => JSON.stringify(r.documents)],
  ['cancelledOn', (r) => r.cancelledOn],
  ['cancellationReason', (r) => r.cancellationReason],
  ['awardee', (r) => r.award?.awardee ?? null],
  ['awardAmount', (r) => r.award?.amountCentimes ?? null],
  ['awardedOn', (r) => r.award?.awardedOn ?? null],
];

/** The calls for tenders as an import dataset: the reference is the natural key. */
export const tendersDataset: Dataset<TenderRecord> = {
  name: 'tenders',
  parse(values: unknown) {
    const read = readTenderRow(values, moroccoLegalTime());
    return 'record' in read ? { ok: true, record: read.record } : { ok: false, reasons: read.reasons };
  },
  naturalKey: (record: TenderRecord) => record.reference,
  async loadExisting(tx: ImportTx, keys: string[]): Promise<Map<string, TenderRecord>> {
    const rows = await tx.tender.findMany({ where: { reference: { in: keys } } });
    return new Map(rows.map((row) => [row.reference, tenderRecordOf(row)]));
  },
  compare: (stored: TenderRecord, incoming: TenderRecord): string[] => COMPARED.filter(([, value]) => value(stored) !== value(incoming)).map(([column]) => column),
  async write(tx: ImportTx, { created, updated }: { created: TenderRecord[]; updated: TenderRecord[] }): Promise<void> {
    const now = new Date();
    if (created.length > 0) await tx.tender.createMany({ data: created.map((record) => ({ ...tenderColumns(record), createdAt: now, updatedAt: now })) });
    if (updated.length === 0) return;
    // An imported dossier is linked where the buyer publishes it: files the platform held for these calls go.
    await tx.tenderFile.deleteMany({ where: { tender: { reference: { in: updated.map((r) => r.reference) } } } });
    for (const record of updated) await tx.tender.update({ where: { reference: record.reference }, data: { ...tenderColumns(record), updatedAt: now } });
  },
};
