import type { PrismaClient } from '../../platform/prisma.js';

/** Fewer closed cases than this and a percentile says more about chance than about the service. */
export const MIN_CASES_FOR_ESTIMATE = 20;
const LOOKBACK_DAYS = 90;

export interface DeliveryEstimate {
  /** when the citizen can realistically expect an answer */
  at: string | null;
  /** `recent_cases`: p90 of the service's recent processing times; `legal_maximum`: not enough history yet */
  basis: 'recent_cases' | 'legal_maximum';
  sampleSize: number;
}

/**
 * The second date shown to the citizen: submission + the 90th percentile of the processing time
 * of the service's cases closed at the same entity in the last 90 days; the legal maximum until
 * there are enough of them. It is not capped by the legal maximum: a slow service should show it.
 */
export async function deliveryEstimate(
  prisma: PrismaClient,
  target: { serviceId: string; entityId: string; submittedAt: Date; legalDueAt: string | null },
): Promise<DeliveryEstimate> {
  const [row] = await prisma.$queryRaw<{ p90: number | null; n: bigint }[]>`
    SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM closed_at - submitted_at)) AS p90, COUNT(*) AS n
    FROM "case"
    WHERE service_id = ${target.serviceId}::uuid AND entity_id = ${target.entityId}::uuid
      AND outcome = 'granted' AND closed_at > now() - make_interval(days => ${LOOKBACK_DAYS})`;
  const sampleSize = Number(row?.n ?? 0);
  if (sampleSize < MIN_CASES_FOR_ESTIMATE || row?.p90 == null) {
    return { at: target.legalDueAt, basis: 'legal_maximum', sampleSize };
  }
  return { at: new Date(target.submittedAt.getTime() + Number(row.p90) * 1000).toISOString(), basis: 'recent_cases', sampleSize };
}
