import type { LocalizedName } from '../calendar/types.js';
import type { DeadlineExplanation } from '../sla/explanation.js';
import type { SlaState } from './case-event.js';

/** One named clock of a case as readers see it. */
export interface DeadlineView {
  clock: string;
  /** null while the clock is paused or not started */
  dueAt: string | null;
  /** on_track, warning, breached, paused, stopped or not_started */
  state: string;
  /** when it was first missed; stays set once missed, so a case closed late stays closed late */
  breachedAt: string | null;
  explanation: DeadlineExplanation | null;
}

/** A case as its workflow sees it right now: returned by every action and by the case query. */
export interface CaseView {
  caseId: string;
  trackingCode: string;
  caseType: string;
  status: string;
  statusLabel: LocalizedName;
  assigneeId: string | null;
  submittedAt: string;
  /** the main clock's */
  dueAt: string | null;
  explanation: DeadlineExplanation | null;
  sla: { state: SlaState; escalationLevel: number };
  /** every named clock; absent from views of workflows older than named clocks */
  deadlines?: DeadlineView[];
  /** how the case ended; null while it runs */
  outcome?: string | null;
  /** what the case's effects set: an appointment's slot, times, office and meeting link */
  facts?: Record<string, unknown>;
  lastSeq: number;
}
