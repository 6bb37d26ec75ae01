import type { LocalizedName } from '../domain/calendar/types.js';
import type { ContactChannel, NoticeLanguage } from '../domain/notices/contact.js';
import type { PrismaClient } from '../platform/prisma.js';

/*
 * The delivery outbox as senders see it. A sender claims due rows in one statement (FOR UPDATE
 * SKIP LOCKED, so senders never wait on each other nor take the same row) and holds each for a
 * lease; `attempts`, raised by the claim, fences its answer: a sender whose lease ran out and
 * whose row was claimed again cannot overwrite the newer attempt's outcome.
 */

export interface ClaimedDelivery {
  id: bigint;
  attempts: number;
  channel: ContactChannel;
  language: NoticeLanguage;
  caseId: string;
  notificationId: bigint;
  trackingCode: string;
  message: LocalizedName;
  /** where to send it, read now; null when the recipient has none (or the account is disabled) */
  address: string | null;
}

export interface ClaimOptions {
  batchSize: number;
  leaseMs: number;
  maxAttempts: number;
}

export const LAST_ATTEMPT_INTERRUPTED = 'the sender stopped during the last attempt';

/** Claims the rows due now, with what sending them needs. */
export async function claimDueDeliveries(prisma: PrismaClient, options: ClaimOptions): Promise<ClaimedDelivery[]> {
  // A sender that died holding a row's last attempt leaves it to fail here rather than try once more than allowed.
  await prisma.$executeRaw`
    UPDATE notice_delivery SET state = 'failed', last_error = ${LAST_ATTEMPT_INTERRUPTED}
    WHERE state = 'sending' AND next_attempt_at <= now() AND attempts >= ${options.maxAttempts}::int`;
  const claimed = await prisma.$queryRaw<{ id: bigint; attempts: number }[]>`
    UPDATE notice_delivery SET state = 'sending', attempts = attempts + 1,
      next_attempt_at = now() + make_interval(secs => ${options.leaseMs / 1000}::double precision)
    WHERE id IN (
      SELECT id FROM notice_delivery
      WHERE state IN ('pending', 'sending') AND next_attempt_at <= now()
      ORDER BY next_attempt_at, id
      LIMIT ${options.batchSize}::int
      FOR UPDATE SKIP LOCKED)
    RETURNING id, attempts`;
  if (claimed.length === 0) return [];
  const rows = await prisma.noticeDelivery.findMany({
    where: { id: { in: claimed.map((c) => c.id) } },
    include: { notification: { select: { caseId: true, message: true, case: { select: { trackingCode: true, applicant: true } } } } },
  });
  const staffIds = rows.filter((r) => r.recipientKind === 'staff').map((r) => r.recipientRef);
  const staff = staffIds.length === 0 ? [] : await prisma.staffUser.findMany({ where: { id: { in: staffIds } }, select: { id: true, email: true, active: true } });
  const attempts = new Map(claimed.map((c) => [c.id, c.attempts]));
  return rows.map((row) => {
    const applicant = row.notification.case.applicant as { email?: string; phone?: string };
    const person = staff.find((s) => s.id === row.recipientRef);
    const address =
      row.recipientKind === 'staff'
        ? (person?.active ? person.email : null)
        : ((row.channel === 'email' ? applicant.email : applicant.phone) ?? null);
    return {
      id: row.id,
      attempts: attempts.get(row.id)!,
      channel: row.channel as ContactChannel,
      language: row.language as NoticeLanguage,
      caseId: row.notification.caseId,
      notificationId: row.notificationId,
      trackingCode: row.notification.case.trackingCode,
      message: row.notification.message as unknown as LocalizedName,
      address: address || null,
    };
  });
}

const claimedBy = (delivery: Pick<ClaimedDelivery, 'id' | 'attempts'>) => ({ id: delivery.id, state: 'sending', attempts: delivery.attempts });

/** false: the lease ran out and another sender took the row over. */
export async function markSent(prisma: PrismaClient, delivery: ClaimedDelivery, providerMessageId: string | null): Promise<boolean> {
  const { count } = await prisma.noticeDelivery.updateMany({
    where: claimedBy(delivery),
    data: { state: 'sent', sentAt: new Date(), providerMessageId, lastError: null },
  });
  return count === 1;
}

/** `retryAt` null: no attempt is left, the delivery failed for good. */
export async function markAttemptFailed(prisma: PrismaClient, delivery: ClaimedDelivery, error: string, retryAt: Date | null): Promise<boolean> {
  const { count } = await prisma.noticeDelivery.updateMany({
    where: claimedBy(delivery),
    data: retryAt ? { state: 'pending', nextAttemptAt: retryAt, lastError: error } : { state: 'failed', lastError: error },
  });
  return count === 1;
}

/** Nothing will send it (no gateway, no address): said once, not retried. */
export async function markNotSent(prisma: PrismaClient, delivery: ClaimedDelivery, reason: string): Promise<boolean> {
  const { count } = await prisma.noticeDelivery.updateMany({ where: claimedBy(delivery), data: { state: 'not_sent', lastError: reason } });
  return count === 1;
}
