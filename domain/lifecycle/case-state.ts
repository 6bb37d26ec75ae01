import type { CaseTypeDefinition } from '../cases/case-definition.js';
import type { CaseProjection } from '../cases/case-event.js';
import type { CaseView } from '../cases/case-view.js';
import { statusLabel } from '../cases/status-labels.js';
import type { CaseClocks } from './case-clocks.js';

/** Who a case is: what never changes about it but its entity (a transfer moves it). */
export interface CaseIdentity {
  caseId: string;
  trackingCode: string;
  caseType: string;
  entityId: string;
  entityCode: string;
}

/** What a case is, apart from its clocks, as plain data carried across continue-as-new. */
export interface StateSnapshot {
  status: string;
  assigneeId: string | null;
  entityId: string;
  entityCode: string;
  seq: number;
  closedAt: string | null;
  decided: string | null;
  taken: string[];
  submittedAt: string;
  /** absent from snapshots of runs older than facts and timers */
  facts?: Record<string, unknown>;
  timersFired?: string[];
}

/**
 * What a running case is, apart from its clocks: status, assignee, entity, the actions taken,
 * how it ended, and the sequence number of its last event. The views and the projection the
 * read model stores are derived from it and from the clocks.
 */
export class CaseState {
  status: string;
  assigneeId: string | null = null;
  entityId: string;
  entityCode: string;
  seq = 0;
  closedAt: string | null = null;
  /** the outcome of the last status that had one */
  decided: string | null = null;
  readonly taken: string[] = [];
  clocks: CaseClocks | null = null;
  /** what effects set (an appointment's slot, start and meeting link), shown with the case */
  facts: Record<string, unknown> = {};
  /** the service's settings of this case type, defaults filled in (reminder offsets, notice period…) */
  settings: Readonly<Record<string, unknown>> = {};
  /** the timers (by key) that fired or were passed over */
  readonly timersFired: string[] = [];

  constructor(
    private readonly definition: CaseTypeDefinition,
    private readonly input: CaseIdentity,
    readonly submittedAt: string,
  ) {
    this.status = definition.machine.initial;
    this.entityId = input.entityId;
    this.entityCode = input.entityCode;
  }

  snapshot(): StateSnapshot {
    const { status, assigneeId, entityId, entityCode, seq, closedAt, decided, submittedAt } = this;
    return { status, assigneeId, entityId, entityCode, seq, closedAt, decided, taken: [...this.taken], submittedAt, facts: { ...this.facts }, timersFired: [...this.timersFired] };
  }

  restore(snapshot: StateSnapshot): void {
    this.status = snapshot.status;
    this.assigneeId = snapshot.assigneeId;
    this.entityId = snapshot.entityId;
    this.entityCode = snapshot.entityCode;
    this.seq = snapshot.seq;
    this.closedAt = snapshot.closedAt;
    this.decided = snapshot.decided;
    this.taken.push(...snapshot.taken);
    this.facts = { ...snapshot.facts };
    this.timersFired.push(...(snapshot.timersFired ?? []));
  }

  /** What a definition's notice may name: the service's figures, the case's facts and its tracking code. */
  noticeFacts(): Record<string, unknown> {
    const figures = this.clocks && this.definition.noticeFigures?.({ policies: this.clocks.policies, settings: this.settings });
    return { ...figures, ...this.facts, trackingCode: this.input.trackingCode };
  }

  get terminal(): boolean {
    return this.definition.machine.terminal.includes(this.status);
  }

  /** Moves to `status`, keeping what it says about how the case ended. */
  enter(status: string, at: string): void {
    this.status = status;
    const outcome = this.definition.statuses[status]?.outcome;
    if (outcome && outcome !== 'as_decided') this.decided = outcome;
    if (this.terminal) this.closedAt = at;
  }

  get outcome(): string | null {
    return this.terminal ? this.decided : null;
  }

  view(): CaseView {
    const main = this.clocks?.main;
    return {
      caseId: this.input.caseId,
      trackingCode: this.input.trackingCode,
      caseType: this.input.caseType,
      status: this.status,
      statusLabel: statusLabel(this.input.caseType, this.status),
      assigneeId: this.assigneeId,
      submittedAt: this.submittedAt,
      dueAt: main?.due.dueAt ?? null,
      explanation: main?.due.explanation ?? null,
      sla: { state: main?.slaState() ?? 'on_track', escalationLevel: this.clocks?.escalationLevel ?? 0 },
      deadlines: (this.clocks?.projection() ?? []).map(({ clock, dueAt, state, breachedAt, explanation }) => ({ clock, dueAt, state, breachedAt, explanation })),
      outcome: this.outcome,
      facts: { ...this.facts },
      lastSeq: this.seq,
    };
  }

  projection(): CaseProjection {
    const current = this.view();
    return {
      status: this.status,
      assigneeId: this.assigneeId,
      slaState: current.sla.state,
      dueAt: current.dueAt,
      explanation: current.explanation,
      closedAt: this.closedAt,
      outcome: this.outcome,
      escalationLevel: current.sla.escalationLevel,
      clocks: this.clocks?.projection() ?? [],
      facts: { ...this.facts },
    };
  }
}
