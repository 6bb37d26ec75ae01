import type { Static } from 'typebox';
import { localDateTimeOfMs } from '../../domain/calendar/zoned-time.js';
import { CATEGORY_LABELS, PROCEDURE_LABELS, STATUS_LABELS, referencePath, tenderStatus } from '../../domain/tenders/tender.js';
import type { TenderRecord } from '../../domain/tenders/tender-record.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';
import type { TenderView } from '../schemas/tenders.js';

export const PUBLIC_TENDERS_PATH = '/api/v1/public/tenders';

/** "YYYY-MM-DD HH:mm" on the Moroccan legal clock. */
export function moroccanWallClock(ms: number): string {
  return localDateTimeOfMs(ms, moroccoLegalTime()).slice(0, 16);
}

/** A call as the public API shows it at `nowMs`: nothing but what the buyer published, the status derived now. */
export function tenderView(record: TenderRecord, nowMs: number, closingSoonDays: number): Static<typeof TenderView> {
  const status = tenderStatus(record, nowMs, closingSoonDays);
  const self = `${PUBLIC_TENDERS_PATH}/${referencePath(record.reference)}`;
  return {
    reference: record.reference,
    path: referencePath(record.reference),
    objects: { fr: record.objectFr, ar: record.objectAr },
    buyer: { code: record.buyerCode, name: { fr: record.buyerName, ar: record.buyerNameAr } },
    category: record.category,
    procedure: record.procedure,
    status,
    labels: { category: CATEGORY_LABELS[record.category], procedure: PROCEDURE_LABELS[record.procedure], status: STATUS_LABELS[status] },
    publishedOn: record.publishedOn,
    deadlineAt: new Date(record.deadlineAt).toISOString(),
    deadlineLocal: moroccanWallClock(record.deadlineAt),
    openingAt: new Date(record.openingAt).toISOString(),
    openingLocal: moroccanWallClock(record.openingAt),
    openingPlace: record.openingPlace,
    estimateCentimes: record.estimateCentimes,
    guaranteeCentimes: record.guaranteeCentimes,
    lots: record.lots.map((lot) => ({
      number: lot.number,
      objects: { fr: lot.objectFr, ar: lot.objectAr },
      estimateCentimes: lot.estimateCentimes,
      guaranteeCentimes: lot.guaranteeCentimes,
    })),
    documents: record.documents.map((doc) => ({
      fileName: doc.fileName,
      sizeBytes: doc.sizeBytes,
      url: doc.url ?? `${self}/documents/${encodeURIComponent(doc.fileName)}`,
    })),
    cancellation: record.cancelledOn ? { cancelledOn: record.cancelledOn, reason: record.cancellationReason } : null,
    award: record.award,
    links: { self, calendar: `${self}/deadline.ics` },
  };
}
