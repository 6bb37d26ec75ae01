import { clocksOf } from '../../domain/cases/machines.js';

/** One named clock of a case as readers see it. */
export interface DeadlineView {
  clock: string;
  dueAt: string | null;
  /** on_track, warning, breached, paused or stopped */
  state: string;
  /** when it was first missed; stays set once missed, so a case closed late stays closed late */
  breachedAt: string | null;
  explanation: unknown;
}

/**
 * The case's clocks. Today's core runs one clock per case (the case type's first), whose due date,
 * state and explanation the case row holds; `dueAt` of the case stays that main deadline.
 */
export function deadlinesOf(input: {
  caseType: string;
  dueAt: string | null;
  slaState: string;
  explanation: unknown;
  breachedAt: string | null;
}): DeadlineView[] {
  const [clock] = clocksOf(input.caseType) ?? ['decision'];
  return [{ clock: clock!, dueAt: input.dueAt, state: input.slaState, breachedAt: input.breachedAt, explanation: input.explanation }];
}
