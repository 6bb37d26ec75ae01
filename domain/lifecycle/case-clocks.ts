import type { BusinessCalendar } from '../calendar/types.js';
import { calendarZone, type TimeZone } from '../calendar/zone-rules.js';
import type { ClockDefinition } from '../cases/case-definition.js';
import type { ClockProjection } from '../cases/case-event.js';
import type { ClockChange, ClockFacts } from './state-machine.js';
import type { SlaMilestone } from '../sla/clock.js';
import { effectivePolicy, type SlaPolicy } from '../sla/policy.js';
import { CaseClock, type ClockSnapshot, type DueMove } from './case-clock.js';

/** The clocks of a case as plain data, carried across continue-as-new. */
export interface ClocksSnapshot {
  policies: Record<string, SlaPolicy>;
  calendar: BusinessCalendar;
  running: Record<string, ClockSnapshot>;
  earlierBreach: Record<string, string>;
}

/** The next milestone of any clock: the one the case's timer waits for. */
export interface ClockMilestone {
  clock: string;
  milestone: SlaMilestone;
}

/**
 * The named clocks of one case, as its definition declares them and its service sets their
 * policies. A clock that no transition has started yet is absent; a restarted one counts a new
 * budget from the restart, and keeps the breach it had for the read model.
 */
export class CaseClocks {
  private readonly running = new Map<string, CaseClock>();
  /** breaches of earlier runs of a restarted clock: a case answered late once stays late */
  private readonly earlierBreach = new Map<string, string>();

  constructor(
    private readonly definitions: readonly ClockDefinition[],
    /** the service's policy of each clock, as the case carried it at submission */
    readonly policies: Readonly<Record<string, SlaPolicy>>,
    private calendar: BusinessCalendar,
    submittedAt: string | null,
    private readonly details: Readonly<Record<string, unknown>>,
  ) {
    if (submittedAt === null) return;
    for (const d of definitions) if (d.fromSubmission) this.running.set(d.name, this.newClock(d.name, submittedAt, this.isUrgent(d)));
  }

  snapshot(): ClocksSnapshot {
    return {
      policies: { ...this.policies },
      calendar: this.calendar,
      running: Object.fromEntries([...this.running].map(([name, clock]) => [name, clock.snapshot()])),
      earlierBreach: Object.fromEntries(this.earlierBreach),
    };
  }

  static restore(definitions: readonly ClockDefinition[], snapshot: ClocksSnapshot, details: Readonly<Record<string, unknown>>): CaseClocks {
    const clocks = new CaseClocks(definitions, snapshot.policies, snapshot.calendar, null, details);
    for (const [name, clock] of Object.entries(snapshot.running)) clocks.running.set(name, CaseClock.restore(clock, snapshot.calendar));
    for (const [name, at] of Object.entries(snapshot.earlierBreach)) clocks.earlierBreach.set(name, at);
    return clocks;
  }

  private isUrgent(d: ClockDefinition): boolean {
    return d.urgentWhen !== undefined && this.details[d.urgentWhen] === true;
  }

  private newClock(name: string, at: string, urgent: boolean): CaseClock {
    return new CaseClock(effectivePolicy(this.policies[name]!, urgent), this.calendar, at);
  }

  get mainName(): string {
    return this.definitions[0]!.name;
  }

  get main(): CaseClock | undefined {
    return this.running.get(this.mainName);
  }

  get(name: string): CaseClock | undefined {
    return this.running.get(name);
  }

  /** The zone the case's local times are read in (its calendar's recorded rules). */
  get zone(): TimeZone {
    return calendarZone(this.calendar);
  }

  get escalationLevel(): number {
    return Math.max(0, ...[...this.running.values()].map((c) => c.escalationLevel));
  }

  /** What guards may know of each clock. */
  facts(): Record<string, ClockFacts> {
    return Object.fromEntries(
      this.definitions.map((d) => {
        const clock = this.running.get(d.name);
        const policy = this.policies[d.name];
        return [
          d.name,
          {
            started: clock !== undefined,
            stopped: clock?.stopped ?? false,
            breached: clock?.breached ?? false,
            dueAt: clock?.due.dueAt ?? null,
            extended: clock?.extension != null,
            extensionAllowed: (clock?.policy ?? policy)?.extension != null,
            silence: policy?.silence ?? 'none',
          } satisfies ClockFacts,
        ];
      }),
    );
  }

  /** Applies a transition's clock changes; returns how each clock's due date moved. */
  change(changes: Readonly<Record<string, ClockChange>>, at: string, reason: string): Record<string, DueMove> {
    const moved: Record<string, DueMove> = {};
    for (const [name, change] of Object.entries(changes)) {
      const clock = this.running.get(name);
      let move: DueMove = {};
      if (change === 'start' || change === 'restart') {
        if (clock?.breachedAt) this.earlierBreach.set(name, this.earlierBreach.get(name) ?? clock.breachedAt);
        if (change === 'start' && clock && !clock.stopped) continue;
        const fresh = this.newClock(name, at, false);
        this.running.set(name, fresh);
        move = { dueAt: fresh.due.dueAt };
      } else if (clock) {
        if (change === 'pause') move = clock.pause(at, reason);
        else if (change === 'resume') move = clock.resume(at);
        else if (change === 'stop') move = clock.stopped ? {} : clock.stop(at);
        else if (change === 'rebase') move = clock.rebase(effectivePolicy(this.policies[name]!, false), at);
        // 'extend' needs the step's reason: see extend()
      }
      if (move.dueAt !== undefined || move.dueAtBefore !== undefined) moved[name] = move;
    }
    return moved;
  }

  extend(name: string, at: string, reason: string): DueMove {
    const clock = this.running.get(name)!;
    return clock.extend({ grantedAt: at, budget: clock.policy.extension!, reason });
  }

  /** A holiday changed: every clock counts on the new calendar. Returns the clocks whose date or explanation changed. */
  replaceCalendar(calendar: BusinessCalendar, now: string): Record<string, DueMove> {
    this.calendar = calendar;
    const moved: Record<string, DueMove> = {};
    for (const [name, clock] of this.running) {
      const move = clock.replaceCalendar(calendar, now);
      if (move) moved[name] = move;
    }
    return moved;
  }

  /** The earliest milestone not yet raised among the running clocks. */
  next(): ClockMilestone | undefined {
    let best: ClockMilestone | undefined;
    for (const [name, clock] of this.running) {
      const m = clock.nextMilestone();
      if (m && (!best || Date.parse(m.at) < Date.parse(best.milestone.at))) best = { clock: name, milestone: m };
    }
    return best;
  }

  isDue(next: ClockMilestone, now: string): boolean {
    return this.running.get(next.clock)?.isDue(next.milestone, now) ?? false;
  }

  markFired(next: ClockMilestone): void {
    this.running.get(next.clock)?.markFired(next.milestone);
  }

  /** Every declared clock as the read model keeps it. */
  projection(): ClockProjection[] {
    return this.definitions.map((d) => {
      const clock = this.running.get(d.name);
      // A window's end is no one's breach.
      const breachedAt = d.window ? null : (this.earlierBreach.get(d.name) ?? clock?.breachedAt ?? null);
      if (!clock) {
        return { clock: d.name, state: 'not_started', startedAt: null, dueAt: null, paused: false, stoppedAt: null, breachedAt, escalationLevel: 0, explanation: null };
      }
      return {
        clock: d.name,
        state: clock.slaState(),
        startedAt: clock.startedAt,
        dueAt: clock.due.dueAt,
        paused: clock.paused,
        stoppedAt: clock.stoppedAt,
        breachedAt,
        escalationLevel: clock.escalationLevel,
        explanation: clock.due.explanation,
      };
    });
  }
}
