import { calendarZone, type TimeZone } from '../calendar/zone-rules.js';
import type { SlaState } from '../cases/case-event.js';
import type { BusinessCalendar } from '../calendar/types.js';
import { computeDue, slaMilestones, type DueComputation, type SlaExtension, type SlaMilestone, type SlaPause } from '../sla/clock.js';
import type { SlaPolicy } from '../sla/policy.js';

function milestoneKey(m: SlaMilestone): string {
  return m.kind === 'warning' ? `warning:${m.fraction}` : m.kind === 'escalation' ? `escalation:${m.level}` : 'breach';
}

/** A clock as plain data, carried across continue-as-new. */
export interface ClockSnapshot {
  policy: SlaPolicy;
  startedAt: string;
  pauses: SlaPause[];
  fired: string[];
  extension: SlaExtension | null;
  stopped: boolean;
  stoppedAt: string | null;
  breachedAt: string | null;
  lastDueAt: string | null;
}

/** What a change to the clock did to the due date, for the event that records it. */
export interface DueMove {
  dueAtBefore?: string;
  dueAt?: string | null;
}

/**
 * The SLA clock of one running case: its ledger of pauses and extension, the due date derived
 * from them, and which warnings, breach and escalations have been raised. A warning that a later
 * change (extension, holiday) pushes back into the future is raised again, at its new time.
 */
export class CaseClock {
  private readonly pauses: SlaPause[] = [];
  private readonly fired = new Set<string>();
  extension: SlaExtension | null = null;
  stopped = false;
  stoppedAt: string | null = null;
  /** when the breach was raised: the due instant it passed */
  breachedAt: string | null = null;
  due: DueComputation;
  /** the last due date the citizen was given, kept across a pause so the resume can say how far it moved */
  private lastDueAt: string | null;

  constructor(
    public policy: SlaPolicy,
    private calendar: BusinessCalendar,
    readonly startedAt: string,
  ) {
    this.due = this.compute();
    this.lastDueAt = this.due.dueAt;
  }

  snapshot(): ClockSnapshot {
    return {
      policy: this.policy,
      startedAt: this.startedAt,
      pauses: this.pauses.map((p) => ({ ...p })),
      fired: [...this.fired],
      extension: this.extension,
      stopped: this.stopped,
      stoppedAt: this.stoppedAt,
      breachedAt: this.breachedAt,
      lastDueAt: this.lastDueAt,
    };
  }

  static restore(snapshot: ClockSnapshot, calendar: BusinessCalendar): CaseClock {
    const clock = new CaseClock(snapshot.policy, calendar, snapshot.startedAt);
    clock.pauses.push(...snapshot.pauses);
    for (const key of snapshot.fired) clock.fired.add(key);
    clock.extension = snapshot.extension;
    clock.stopped = snapshot.stopped;
    clock.stoppedAt = snapshot.stoppedAt;
    clock.breachedAt = snapshot.breachedAt;
    clock.due = clock.compute();
    clock.lastDueAt = snapshot.lastDueAt;
    return clock;
  }

  /** The zone the case's local times are read in (its calendar's recorded rules). */
  get zone(): TimeZone {
    return calendarZone(this.calendar);
  }

  private input() {
    return { policy: this.policy, calendar: this.calendar, startedAt: this.startedAt, pauses: this.pauses, extension: this.extension };
  }

  private compute(): DueComputation {
    return computeDue(this.input());
  }

  private recompute(now: string): DueMove {
    this.due = this.compute();
    const nowMs = Date.parse(now);
    // Only warnings are taken back: a breach (and what it set off — escalations, a deemed decision)
    // has been announced and acted on, and stays whatever a later change does to the date.
    for (const m of slaMilestones(this.input())) {
      if (m.kind === 'warning' && this.fired.has(milestoneKey(m)) && Date.parse(m.at) > nowMs) this.fired.delete(milestoneKey(m));
    }
    const dueAt = this.due.dueAt;
    if (dueAt === null || dueAt === this.lastDueAt) return {};
    const before = this.lastDueAt;
    this.lastDueAt = dueAt;
    return before === null ? { dueAt } : { dueAtBefore: before, dueAt };
  }

  get breached(): boolean {
    return this.fired.has('breach');
  }

  get escalationLevel(): number {
    let level = 0;
    for (const key of this.fired) if (key.startsWith('escalation:')) level = Math.max(level, Number(key.slice('escalation:'.length)));
    return level;
  }

  slaState(): SlaState {
    if (this.stopped) return 'stopped';
    if (this.pauses.some((p) => p.endedAt === null)) return 'paused';
    if (this.breached) return 'breached';
    return [...this.fired].some((key) => key.startsWith('warning:')) ? 'warning' : 'on_track';
  }

  get paused(): boolean {
    return this.pauses.some((p) => p.endedAt === null);
  }

  pause(at: string, reason: string): DueMove {
    this.pauses.push({ startedAt: at, endedAt: null, reason });
    return this.recompute(at);
  }

  resume(at: string): DueMove {
    const open = this.pauses.find((p) => p.endedAt === null);
    if (open) open.endedAt = at;
    return this.recompute(at);
  }

  stop(at: string): DueMove {
    this.stopped = true;
    this.stoppedAt = at;
    return this.recompute(at);
  }

  /** Counts another budget from the same start (an urgent request declined: the ordinary budget). */
  rebase(policy: SlaPolicy, at: string): DueMove {
    this.policy = policy;
    return this.recompute(at);
  }

  extend(extension: SlaExtension): DueMove {
    this.extension = extension;
    return this.recompute(extension.grantedAt);
  }

  /**
   * A confirmed, moved, added or removed holiday: same ledger, new calendar. Returns what changed
   * for the citizen — the due date, or only its explanation (a provisional day now confirmed) —
   * or null when nothing they see changed.
   */
  replaceCalendar(calendar: BusinessCalendar, now: string): DueMove | null {
    const explainedBefore = JSON.stringify(this.due.explanation);
    this.calendar = calendar;
    const move = this.recompute(now);
    if (move.dueAtBefore) return move;
    return JSON.stringify(this.due.explanation) === explainedBefore ? null : { dueAt: this.due.dueAt };
  }

  /** The next milestone not yet raised, while the clock runs. */
  nextMilestone(): SlaMilestone | undefined {
    if (this.stopped) return undefined;
    return slaMilestones(this.input()).find((m) => !this.fired.has(milestoneKey(m)));
  }

  /** Whether `m` is still the milestone due at `now` — a step taken meanwhile may have stopped or moved the clock. */
  isDue(m: SlaMilestone, now: string): boolean {
    const current = this.nextMilestone();
    return current !== undefined && milestoneKey(current) === milestoneKey(m) && Date.parse(current.at) <= Date.parse(now);
  }

  markFired(m: SlaMilestone): void {
    this.fired.add(milestoneKey(m));
    if (m.kind === 'breach') this.breachedAt ??= m.at;
  }
}
