import type { LocalizedName } from '../calendar/types.js';
import type { DeadlineExplanation } from '../sla/explanation.js';
import type { SlaState } from './case-event.js';

/** A case as its workflow sees it right now: returned by every action and by the case query. */
export interface CaseView {
  caseId: string;
  trackingCode: string;
  caseType: string;
  status: string;
  statusLabel: LocalizedName;
  assigneeId: string | null;
  submittedAt: string;
  dueAt: string | null;
  explanation: DeadlineExplanation | null;
  sla: { state: SlaState; escalationLevel: number };
  lastSeq: number;
}
