import { randomUUID } from 'node:crypto';
import type { TenderRecord } from '../../domain/tenders/tender-record.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { tenderColumns } from '../../store/tenders/tender-store.js';

const DAY_MS = 86_400_000;

/** A buyer code no other test file uses, so that a file's filters see only its own calls. */
export function testBuyerCode(): string {
  return `T-${randomUUID().slice(0, 8).toUpperCase()}`;
}

/** A published call of `buyerCode`, deadline a month ahead unless told. */
export function tenderRecord(buyerCode: string, overrides: Partial<TenderRecord> = {}): TenderRecord {
  const now = Date.now();
  return {
    reference: `AO N° ${randomUUID().slice(0, 6)}/2026/${buyerCode}`,
    objectFr: 'Fourniture de papeterie',
    objectAr: 'توريد اللوازم المكتبية',
    buyerCode,
    buyerName: 'Acheteur de test',
    buyerNameAr: 'مشتري تجريبي',
    category: 'fournitures',
    procedure: 'appel_offres_ouvert',
    publishedOn: new Date(now - 10 * DAY_MS).toISOString().slice(0, 10),
    deadlineAt: now + 30 * DAY_MS,
    openingAt: now + 30 * DAY_MS + 30 * 60_000,
    openingPlace: 'Salle des réunions',
    estimateCentimes: 12_500_000,
    guaranteeCentimes: 187_500,
    lots: [],
    documents: [],
    cancelledOn: null,
    cancellationReason: null,
    award: null,
    ...overrides,
  };
}

export async function createTender(prisma: PrismaClient, record: TenderRecord, updatedAt = new Date()): Promise<TenderRecord> {
  await prisma.tender.create({ data: { ...tenderColumns(record), createdAt: updatedAt, updatedAt } });
  return record;
}
