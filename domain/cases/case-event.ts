import type { DeadlineExplanation } from '../sla/explanation.js';
import type { CaseNotice } from './notices.js';

export const CASE_EVENT_TYPES = [
  'submitted',
  'transition',
  'due_recomputed',
  'sla_warning',
  'sla_breached',
  'escalated',
  'deadline_extended',
  'implicit_decision',
  'reminder',
  'seat_offered',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** The failure type of an event the database can never accept: the workflow flags the case for staff instead of retrying. */
export const RECORD_REJECTED = 'CaseRecordRejected';

/** The PostgreSQL NOTIFY channel on which every recorded event wakes the API instances' feeds. */
export const CASE_EVENT_CHANNEL = 'case_event';

export type SlaState = 'on_track' | 'warning' | 'breached' | 'paused' | 'stopped';

/** One named clock as the read model keeps it. */
export interface ClockProjection {
  clock: string;
  /** an SLA state, or not_started for a clock no transition has started yet */
  state: SlaState | 'not_started';
  startedAt: string | null;
  dueAt: string | null;
  paused: boolean;
  stoppedAt: string | null;
  breachedAt: string | null;
  escalationLevel: number;
  explanation: DeadlineExplanation | null;
}

/** The read-model columns of a case that every event brings up to date. */
export interface CaseProjection {
  status: string;
  assigneeId: string | null;
  /** the main clock's */
  slaState: SlaState;
  dueAt: string | null;
  explanation: DeadlineExplanation | null;
  closedAt: string | null;
  /** how the case ended, once it has; absent from events of workflows older than named clocks */
  outcome?: string | null;
  escalationLevel?: number;
  clocks?: ClockProjection[];
  /** absent from events of workflows older than facts */
  facts?: Record<string, unknown>;
}

/** The applicant as submitted: identity and contact texts, the language and the channels chosen for notices (domain/notices/contact.ts). */
export type ApplicantRecord = Record<string, string | string[]>;

/** The columns written once, with the first event of a case. */
export interface CaseSubmission {
  workflowId: string;
  trackingCode: string;
  caseType: string;
  entityId: string;
  serviceId: string;
  officeId: string | null;
  applicant: ApplicantRecord;
  details: Record<string, unknown>;
  /** the case whose effect opened this one */
  originCaseId?: string | null;
  /** the slot whose held seat the case books with this first event */
  seat?: { slotId: string; serviceId: string };
  submittedAt: string;
  idempotencyKeyHash: string | null;
  requestFingerprint: string;
}

/** One state change as the workflow hands it to the recording activity. `seq` makes retries harmless. */
export interface CaseEventRecord {
  caseId: string;
  entityId: string;
  seq: number;
  type: CaseEventType;
  actor: string;
  occurredAt: string;
  payload: Record<string, unknown>;
  projection: CaseProjection;
  /** who is told, written in the same transaction as the event */
  notices: CaseNotice[];
  submission?: CaseSubmission;
}

/** An event as citizens and staff receive it over HTTP and WebSocket. `id` is the global outbox position. */
export interface CaseEventView {
  id: string;
  caseId: string;
  seq: number;
  type: CaseEventType;
  status: string;
  actor: string;
  payload: Record<string, unknown>;
  occurredAt: string;
}
