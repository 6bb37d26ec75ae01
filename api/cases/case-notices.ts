import type { Static } from 'typebox';
import { maskEmail, maskPhone } from '../../domain/notices/redaction.js';
import type { PrismaClient } from '../../platform/prisma.js';
import type { CaseNotices, NoticeDelivery } from '../schemas/notice.js';

/** A case's notices, oldest first, each with how its deliveries went; addresses masked. */
export async function caseNotices(prisma: PrismaClient, caseRow: { id: string; applicant: unknown }): Promise<Static<typeof CaseNotices>> {
  const notices = await prisma.notification.findMany({
    where: { caseId: caseRow.id },
    orderBy: { id: 'asc' },
    include: { deliveries: { orderBy: { id: 'asc' } } },
  });
  const staffIds = [...new Set(notices.flatMap((n) => n.deliveries.filter((d) => d.recipientKind === 'staff').map((d) => d.recipientRef)))];
  const staff = staffIds.length === 0 ? [] : await prisma.staffUser.findMany({ where: { id: { in: staffIds } }, select: { id: true, email: true } });
  const applicant = caseRow.applicant as { email?: string; phone?: string };
  const recipient = (d: { recipientKind: string; recipientRef: string; channel: string }): string | null => {
    if (d.recipientKind === 'staff') {
      const email = staff.find((s) => s.id === d.recipientRef)?.email;
      return email ? maskEmail(email) : null;
    }
    if (d.channel === 'email') return applicant.email ? maskEmail(applicant.email) : null;
    return applicant.phone ? maskPhone(applicant.phone) : null;
  };
  return {
    items: notices.map((n) => ({
      id: n.id.toString(),
      eventSeq: n.eventSeq,
      audience: n.audience,
      kind: n.kind,
      message: n.message as Static<typeof CaseNotices>['items'][number]['message'],
      createdAt: n.createdAt.toISOString(),
      deliveries: n.deliveries.map((d) => ({
        channel: d.channel as Static<typeof NoticeDelivery>['channel'],
        recipientKind: d.recipientKind as Static<typeof NoticeDelivery>['recipientKind'],
        recipient: recipient(d),
        language: d.language,
        state: d.state as Static<typeof NoticeDelivery>['state'],
        attempts: d.attempts,
        lastError: d.lastError,
        sentAt: d.sentAt?.toISOString() ?? null,
        nextAttemptAt: d.state === 'pending' ? d.nextAttemptAt.toISOString() : null,
      })),
    })),
  };
}
