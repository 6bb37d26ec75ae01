import type { SlaState } from '../../domain/cases/case-event.js';
import type { BusinessCalendar } from '../../domain/calendar/types.js';
import type { ClockEffect } from '../../domain/lifecycle/state-machine.js';
import { computeDue, slaMilestones, type DueComputation, type SlaExtension, type SlaMilestone, type SlaPause } from '../../domain/sla/clock.js';
import type { SlaPolicy } from '../../domain/sla/policy.js';

function milestoneKey(m: SlaMilestone): string {
  return m.kind === 'warning' ? `warning:${m.fraction}` : m.kind === 'escalation' ? `escalation:${m.level}` : 'breach';
}

/** What a change to the clock did to the due date, for the event that records it. */
export interface DueMove {
  dueAtBefore?: string;
  dueAt?: string | null;
}

/**
 * The SLA clock of one running case: its ledger of pauses and extension, the due date derived
 * from them, and which warnings, breach and escalations have already been raised.
 */
export class CaseClock {
  private readonly pauses: SlaPause[] = [];
  private readonly fired = new Set<string>();
  extension: SlaExtension | null = null;
  stopped = false;
  escalationLevel = 0;
  due: DueComputation;
  /** the last due date the citizen was given, kept across a pause so the resume can say how far it moved */
  private lastDueAt: string | null;
  private breached = false;
  private warned = false;

  constructor(
    readonly policy: SlaPolicy,
    private calendar: BusinessCalendar,
    private readonly startedAt: string,
  ) {
    this.due = this.compute();
    this.lastDueAt = this.due.dueAt;
  }

  private compute(): DueComputation {
    return computeDue({ policy: this.policy, calendar: this.calendar, startedAt: this.startedAt, pauses: this.pauses, extension: this.extension });
  }

  private recompute(): DueMove {
    this.due = this.compute();
    const dueAt = this.due.dueAt;
    if (dueAt === null || dueAt === this.lastDueAt) return {};
    const before = this.lastDueAt;
    this.lastDueAt = dueAt;
    return before === null ? { dueAt } : { dueAtBefore: before, dueAt };
  }

  slaState(): SlaState {
    if (this.stopped) return 'stopped';
    if (this.pauses.some((p) => p.endedAt === null)) return 'paused';
    if (this.breached) return 'breached';
    return this.warned ? 'warning' : 'on_track';
  }

  apply(effect: ClockEffect | undefined, at: string, reason: string): DueMove {
    if (effect === 'pause') this.pauses.push({ startedAt: at, endedAt: null, reason });
    if (effect === 'resume') {
      const open = this.pauses.find((p) => p.endedAt === null);
      if (open) open.endedAt = at;
    }
    if (effect === 'stop') this.stopped = true;
    return effect ? this.recompute() : {};
  }

  extend(extension: SlaExtension): DueMove {
    this.extension = extension;
    return this.recompute();
  }

  /** A confirmed, moved or new holiday: same ledger, new calendar. Returns the move, if any. */
  replaceCalendar(calendar: BusinessCalendar): DueMove | null {
    this.calendar = calendar;
    const move = this.recompute();
    return move.dueAtBefore ? move : null;
  }

  nextMilestone(): SlaMilestone | undefined {
    if (this.stopped) return undefined;
    return slaMilestones({ policy: this.policy, calendar: this.calendar, startedAt: this.startedAt, pauses: this.pauses, extension: this.extension }).find(
      (m) => !this.fired.has(milestoneKey(m)),
    );
  }

  markFired(m: SlaMilestone): void {
    this.fired.add(milestoneKey(m));
    if (m.kind === 'warning') this.warned = true;
    if (m.kind === 'breach') this.breached = true;
    if (m.kind === 'escalation') this.escalationLevel = m.level;
  }
}
