import type { CaseNotice } from '../domain/cases/notices.js';
import type { ActivityDeps } from './deps.js';

export interface AttentionFlag {
  caseId: string;
  entityId: string;
  /** the seq of the event that could not be recorded */
  seq: number;
  reason: string;
  at: string;
  notices: CaseNotice[];
}

/**
 * Marks a case as needing staff attention when one of its events can never be recorded, and tells
 * the head of service; written apart from the refused event so that it cannot fail the same way.
 */
export function makeFlagCaseForAttention({ prisma, log }: ActivityDeps) {
  return async function flagCaseForAttention(flag: AttentionFlag): Promise<{ flagged: boolean }> {
    const flagged = await prisma.$transaction(async (tx) => {
      const { count } = await tx.case.updateMany({
        where: { id: flag.caseId },
        data: { attentionReason: flag.reason, attentionSince: new Date(flag.at) },
      });
      if (count === 0) return false;
      await tx.notification.createMany({
        data: flag.notices.map((notice) => ({
          caseId: flag.caseId,
          entityId: flag.entityId,
          eventSeq: flag.seq,
          audience: notice.audience,
          kind: 'needs_attention',
          message: notice.message as object,
          createdAt: new Date(flag.at),
        })),
        skipDuplicates: true,
      });
      return true;
    });
    log.warn({ caseId: flag.caseId, seq: flag.seq, reason: flag.reason, flagged }, 'case needs attention: an event could not be recorded');
    return { flagged };
  };
}
