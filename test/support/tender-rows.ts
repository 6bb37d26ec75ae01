import { stringify } from 'csv-stringify/sync';
import { TENDER_COLUMNS } from '../../domain/tenders/tender-record.js';

/** Rows of a tenders import file as an administrator writes them: CSV cells, lots and documents as JSON text. */
export type Row = Record<(typeof TENDER_COLUMNS)[number], unknown>;

export function row(buyer: string, n: number, overrides: Partial<Row> = {}): Row {
  return {
    reference: `AO N° ${String(n).padStart(2, '0')}/2031/${buyer}`,
    objectFr: `Étude n° ${n} du schéma directeur`,
    objectAr: `دِرَاسَة رقم ${n} للمخطط المديري`,
    buyerCode: buyer,
    buyerName: 'Agence urbaine de test',
    buyerNameAr: 'الوكالة الحضرية التجريبية',
    category: 'etudes',
    procedure: 'appel_offres_ouvert',
    publishedOn: '2026-11-30',
    deadline: '2031-01-20 10:00',
    openingAt: '2031-01-20 10:30',
    openingPlace: 'Siège de l’agence, Rabat',
    estimate: '1 200 000,00',
    guarantee: '18000',
    lots: '',
    documents: '',
    cancelledOn: '',
    cancellationReason: '',
    awardee: '',
    awardAmount: '',
    awardedOn: '',
    ...overrides,
  };
}

export const LOTS = [
  { number: 1, objectFr: 'Diagnostic', objectAr: 'التشخيص', estimate: '500000', guarantee: '7500' },
  { number: 2, objectFr: 'Plan d’action', objectAr: 'مخطط العمل', estimate: '700000.00', guarantee: '10500' },
];
export const DOCUMENTS = [{ fileName: 'RC.pdf', sizeBytes: 48128, url: 'https://marches.example.test/dce/RC.pdf' }];

export function csvOf(rows: Row[]): string {
  const cells = rows.map((r) => ({ ...r, lots: typeof r.lots === 'string' ? r.lots : JSON.stringify(r.lots), documents: typeof r.documents === 'string' ? r.documents : JSON.stringify(r.documents) }));
  return `\uFEFF${stringify(cells, { header: true, columns: [...TENDER_COLUMNS], delimiter: ';' })}`;
}
