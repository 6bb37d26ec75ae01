import type { DeadlineView } from '../../domain/cases/case-view.js';
import type { DeadlineExplanation } from '../../domain/sla/explanation.js';
import { clocksOf } from '../../domain/cases/machines.js';

interface ClockRow {
  clock: string;
  state: string;
  dueAt: Date | null;
  breachedAt: Date | null;
  explanation: unknown;
}

/**
 * The case's named clocks in the order its definition declares them (the first is the main
 * deadline). A case recorded before named clocks has only its row's one clock.
 */
export function deadlinesOf(row: {
  caseType: string;
  dueAt: Date | null;
  slaState: string;
  explanation: unknown;
  clocks: ClockRow[];
}): DeadlineView[] {
  const names = clocksOf(row.caseType) ?? [];
  if (row.clocks.length === 0) {
    return [{ clock: names[0] ?? 'decision', dueAt: row.dueAt?.toISOString() ?? null, state: row.slaState, breachedAt: null, explanation: (row.explanation ?? null) as DeadlineExplanation | null }];
  }
  const order = (clock: string) => (names.includes(clock) ? names.indexOf(clock) : names.length);
  return [...row.clocks]
    .sort((a, b) => order(a.clock) - order(b.clock))
    .map((c) => ({
      clock: c.clock,
      dueAt: c.dueAt?.toISOString() ?? null,
      state: c.state,
      breachedAt: c.breachedAt?.toISOString() ?? null,
      explanation: (c.explanation ?? null) as DeadlineExplanation | null,
    }));
}
