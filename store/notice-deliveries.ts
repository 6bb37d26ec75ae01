import type { Prisma } from '../prisma/generated/client.js';
import type { CaseEventRecord } from '../domain/cases/case-event.js';
import type { StaffRole } from '../domain/cases/actor.js';
import type { NoticeAudience } from '../domain/cases/notices.js';
import { contactPreferences, STAFF_LANGUAGE, staffRecipientsOf, type ApplicantContact } from '../domain/notices/contact.js';

type Tx = Prisma.TransactionClient;

/**
 * Queues the delivery of each notice just written, in the same transaction: a notice is delivered
 * exactly when it is recorded, and the unique (notice, channel, recipient) key makes a second queueing
 * a no-op. Only who and how is stored; the address is read when sending.
 */
export async function queueNoticeDeliveries(tx: Tx, event: CaseEventRecord, notices: { id: bigint; audience: string }[]): Promise<void> {
  if (notices.length === 0) return;
  const now = new Date();
  const rows: Prisma.NoticeDeliveryCreateManyInput[] = [];
  const queue = (notificationId: bigint, channel: string, recipientKind: 'citizen' | 'staff', recipientRef: string, language: string) =>
    rows.push({ notificationId, channel, recipientKind, recipientRef, language, nextAttemptAt: now, createdAt: now });

  const citizen = notices.filter((n) => n.audience === 'citizen');
  if (citizen.length > 0) {
    // A submission carries the applicant its case row was created with.
    const applicant = event.submission?.applicant ?? (await tx.case.findUniqueOrThrow({ where: { id: event.caseId }, select: { applicant: true } })).applicant;
    const { language, channels } = contactPreferences(applicant as ApplicantContact);
    for (const notice of citizen) for (const channel of channels) queue(notice.id, channel, 'citizen', event.caseId, language);
  }

  const staffNotices = notices.filter((n) => n.audience !== 'citizen');
  if (staffNotices.length > 0) {
    const rules = staffNotices.map((n) => ({ id: n.id, rule: staffRecipientsOf(n.audience as Exclude<NoticeAudience, 'citizen'>, event.projection.assigneeId) }));
    // Staff without an address read their notices in the staff page only.
    const staff = await tx.staffUser.findMany({
      where: {
        active: true,
        email: { not: null },
        OR: [
          { id: { in: rules.flatMap(({ rule }) => ('userId' in rule ? [rule.userId] : [])) } },
          { entityId: event.entityId, role: { in: rules.flatMap(({ rule }) => ('roles' in rule ? rule.roles : [])) } },
        ],
      },
      select: { id: true, role: true, entityId: true },
    });
    for (const { id, rule } of rules) {
      const recipients = 'userId' in rule
        ? staff.filter((s) => s.id === rule.userId)
        : staff.filter((s) => s.entityId === event.entityId && rule.roles.includes(s.role as StaffRole));
      for (const person of recipients) queue(id, 'email', 'staff', person.id, STAFF_LANGUAGE);
    }
  }
  if (rows.length > 0) await tx.noticeDelivery.createMany({ data: rows, skipDuplicates: true });
}
