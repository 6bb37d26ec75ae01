import { calendarIndex, type CalendarIndex } from '../calendar/calendar-index.js';
import { fromEpochDay, toEpochDay, type EpochDay } from '../calendar/iso-date.js';
import type { BusinessCalendar, IsoDate } from '../calendar/types.js';
import { calendarZone, type TimeZone } from '../calendar/zone-rules.js';
import {
  advanceWorkingEpochDays,
  nonWorkingReasonOfDay,
  rollToWorkingEpochDay,
  workingDaysBetweenEpochDays,
  type SkippedDay,
} from '../calendar/working-days.js';
import { endOfLocalDayMs, formatInstant, localDateOfMs, parseInstant } from '../calendar/zoned-time.js';
import { explainDeadline, type DeadlineExplanation, type ExplainedSkippedDay } from './explanation.js';
import { parseIsoDuration } from './iso-duration.js';
import type { SlaExtension, SlaPause } from './ledger.js';
import type { EscalationRole, SlaPolicy } from './policy.js';

export type { SlaExtension, SlaPause } from './ledger.js';
export { parseIsoDuration } from './iso-duration.js';

/*
 * The SLA clock: a due date derived from start, budget, calendar and the ledger of pauses.
 *
 * Day budgets count whole days in the calendar's zone. The start date is not counted. A closed
 * pause from P to R stops the count for the days d with date(P) < d <= date(R) (working days for
 * a working-day budget, every day for a calendar-day budget), so a pause of k working days moves
 * the due date by exactly k working days. Duration budgets count elapsed milliseconds and a pause
 * adds exactly its own length.
 *
 * A pause only moves what it interrupts: the clock is walked forward pause by pause, and a
 * target (the deadline, or a warning) already reached before a pause began stays where it was.
 * So a case paused after its deadline has passed stays in breach, and an early warning does not
 * move when a later pause happens. A pause that begins on the due date itself still moves it.
 */

export interface SlaClockInput {
  policy: SlaPolicy;
  startedAt: string;
  pauses: SlaPause[];
  extension: SlaExtension | null;
  calendar: BusinessCalendar;
}

export interface DueComputation {
  /** end of the due date in the calendar's zone (day budgets), or the exact instant (durations); null while paused */
  dueAt: string | null;
  dueDate: IsoDate | null;
  explanation: DeadlineExplanation;
}

export type SlaMilestone =
  | { kind: 'warning'; fraction: number; at: string }
  | { kind: 'breach'; at: string }
  | { kind: 'escalation'; level: number; notify: EscalationRole; at: string };

type EffectiveBudget = { unit: 'working_days' | 'calendar_days'; days: number } | { unit: 'duration'; ms: number };

interface PauseSpan {
  startMs: number;
  endMs: number;
}

interface DayRange {
  /** exclusive */
  fromDay: EpochDay;
  /** inclusive */
  toDay: EpochDay;
}

interface ClockState {
  budget: EffectiveBudget;
  timeZone: TimeZone;
  index: CalendarIndex;
  startMs: number;
  startDay: EpochDay;
  /** closed pauses that matter (before any pause in progress), merged and sorted */
  spans: PauseSpan[];
  /** the same pauses as local dates, for day budgets */
  pauseDays: DayRange[];
  openSinceMs: number | null;
}

/** Floating-point fractions such as 0.7 × 10 = 7.000000000000001 must not round up a whole day. */
const FRACTION_TOLERANCE = 1e-9;

function dayAmount(amount: number, what: string): number {
  if (!Number.isInteger(amount) || amount < 0) throw new RangeError(`${what} must be a whole number of days >= 0, got ${amount}`);
  return amount;
}

function effectiveBudget(policy: SlaPolicy, extension: SlaExtension | null): EffectiveBudget {
  const base = policy.budget;
  if (extension && extension.budget.unit !== base.unit) {
    throw new Error(`an extension in ${extension.budget.unit} cannot extend a budget in ${base.unit}`);
  }
  if (base.unit === 'duration') {
    const extra = extension?.budget.unit === 'duration' ? parseIsoDuration(extension.budget.iso) : 0;
    return { unit: 'duration', ms: parseIsoDuration(base.iso) + extra };
  }
  const extra = extension && extension.budget.unit !== 'duration' ? dayAmount(extension.budget.amount, 'extension') : 0;
  return { unit: base.unit, days: dayAmount(base.amount, 'budget') + extra };
}

function clockState(input: SlaClockInput): ClockState {
  const timeZone = calendarZone(input.calendar);
  const startMs = parseInstant(input.startedAt);
  const timed = input.pauses.map((p) => ({
    startMs: parseInstant(p.startedAt),
    endMs: p.endedAt === null ? null : parseInstant(p.endedAt),
  }));
  for (const p of timed) {
    if (p.endMs !== null && p.endMs < p.startMs) throw new RangeError('a pause cannot end before it starts');
  }
  const openStarts = timed.filter((p) => p.endMs === null).map((p) => p.startMs);
  const openSinceMs = openStarts.length > 0 ? Math.min(...openStarts) : null;
  const closed = timed
    .filter((p): p is PauseSpan => p.endMs !== null && (openSinceMs === null || p.startMs < openSinceMs))
    .sort((a, b) => a.startMs - b.startMs);
  const spans: PauseSpan[] = [];
  for (const span of closed) {
    const last = spans[spans.length - 1];
    // Overlapping entries stop the clock once, not twice.
    if (last && span.startMs <= last.endMs) last.endMs = Math.max(last.endMs, span.endMs);
    else spans.push({ ...span });
  }
  const budget = effectiveBudget(input.policy, input.extension);
  const localDay = (ms: number) => toEpochDay(localDateOfMs(ms, timeZone));
  return {
    budget,
    timeZone,
    index: calendarIndex(input.calendar),
    startMs,
    startDay: localDay(startMs),
    spans,
    pauseDays: budget.unit === 'duration' ? [] : spans.map((s) => ({ fromDay: localDay(s.startMs), toDay: localDay(s.endMs) })),
    openSinceMs,
  };
}

// ---- day budgets -------------------------------------------------------------------------

function unitsBetween(state: ClockState, from: EpochDay, to: EpochDay): number {
  if (state.budget.unit === 'working_days') return workingDaysBetweenEpochDays(state.index, from, to);
  return Math.max(0, to - from);
}

function advanceUnits(state: ClockState, from: EpochDay, n: number): EpochDay {
  return state.budget.unit === 'working_days' ? advanceWorkingEpochDays(state.index, from, n) : from + n;
}

/**
 * Walks the clock from the start date through the pauses until `n` budget days are used (n may
 * be Infinity to walk through every pause): returns where the walk stopped, what is still to be
 * counted from there, and the pause ranges that pushed the count back.
 */
function walkDays(state: ClockState, n: number): { cursor: EpochDay; remaining: number; pausedRanges: DayRange[] } {
  let cursor = state.startDay;
  let remaining = n;
  const pausedRanges: DayRange[] = [];
  for (const range of state.pauseDays) {
    const pauseFrom = Math.max(cursor, range.fromDay);
    if (range.toDay <= pauseFrom) continue;
    const available = unitsBetween(state, cursor, pauseFrom);
    if (remaining < available) break;
    remaining -= available;
    pausedRanges.push({ fromDay: pauseFrom, toDay: range.toDay });
    cursor = advanceUnits(state, pauseFrom, unitsBetween(state, pauseFrom, range.toDay));
  }
  return { cursor, remaining, pausedRanges };
}

/** The day on which `n` budget days are used up, before a calendar-day result is rolled to a working day. */
function dayWhenConsumed(state: ClockState, n: number): { day: EpochDay; pausedRanges: DayRange[] } {
  const { cursor, remaining, pausedRanges } = walkDays(state, n);
  return { day: advanceUnits(state, cursor, remaining), pausedRanges };
}

function finalDay(state: ClockState, day: EpochDay, rolled: SkippedDay[]): EpochDay {
  return state.budget.unit === 'calendar_days' ? rollToWorkingEpochDay(state.index, day, rolled) : day;
}

/** One pass over (start, lastDay]: what was skipped and how many working days counted. */
function classifyDays(
  state: ClockState,
  lastDay: EpochDay,
  pausedRanges: DayRange[],
): { skipped: ExplainedSkippedDay[]; workingDaysCounted: number } {
  const skipped: ExplainedSkippedDay[] = [];
  let workingDaysCounted = 0;
  let r = 0;
  for (let day = state.startDay + 1; day <= lastDay; day++) {
    while (r < pausedRanges.length && (pausedRanges[r] as DayRange).toDay < day) r++;
    const range = pausedRanges[r];
    const paused = range !== undefined && range.fromDay < day;
    const reason = nonWorkingReasonOfDay(state.index, day);
    if (state.budget.unit === 'working_days' && reason) skipped.push(explainedSkip({ date: fromEpochDay(day), ...reason }));
    else if (paused) skipped.push({ date: fromEpochDay(day), reason: 'pause' });
    else if (!reason) workingDaysCounted++;
  }
  return { skipped, workingDaysCounted };
}

function explainedSkip(day: SkippedDay): ExplainedSkippedDay {
  if (day.reason === 'weekend') return { date: day.date, reason: 'weekend' };
  const provisional = day.holiday.status === 'provisional' ? { provisional: true } : {};
  return { date: day.date, reason: 'holiday', name: day.holiday.names, ...provisional };
}

// ---- duration budgets --------------------------------------------------------------------

/** When `target` ms of budget are used (Infinity walks through every pause), and how long pauses pushed it back. */
function msWhenConsumed(state: ClockState, target: number): { at: number; pausedMs: number } {
  let cursor = state.startMs;
  let remaining = target;
  let pausedMs = 0;
  for (const span of state.spans) {
    const pauseFrom = Math.max(cursor, span.startMs);
    if (span.endMs <= pauseFrom) continue;
    const available = pauseFrom - cursor;
    if (remaining < available) break;
    remaining -= available;
    pausedMs += span.endMs - pauseFrom;
    cursor = span.endMs;
  }
  return { at: cursor + remaining, pausedMs };
}

// ---- public API --------------------------------------------------------------------------

interface Due {
  dueMs: number | null;
  dueDay: EpochDay | null;
  skipped: ExplainedSkippedDay[];
  workingDaysCounted: number;
  pausedMs: number;
}

function due(state: ClockState): Due {
  const { budget } = state;
  if (budget.unit === 'duration') {
    if (state.openSinceMs !== null) {
      const { pausedMs } = msWhenConsumed(state, Number.POSITIVE_INFINITY);
      return { dueMs: null, dueDay: null, skipped: [], workingDaysCounted: 0, pausedMs };
    }
    const { at, pausedMs } = msWhenConsumed(state, budget.ms);
    return { dueMs: at, dueDay: toEpochDay(localDateOfMs(at, state.timeZone)), skipped: [], workingDaysCounted: 0, pausedMs };
  }
  if (state.openSinceMs !== null) {
    const stoppedDay = toEpochDay(localDateOfMs(state.openSinceMs, state.timeZone));
    const counted = classifyDays(state, stoppedDay, walkDays(state, Number.POSITIVE_INFINITY).pausedRanges);
    return { dueMs: null, dueDay: null, pausedMs: 0, ...counted };
  }
  const { day, pausedRanges } = dayWhenConsumed(state, budget.days);
  const rolled: SkippedDay[] = [];
  const dueDay = finalDay(state, day, rolled);
  const counted = classifyDays(state, day, pausedRanges);
  return {
    dueMs: endOfLocalDayMs(fromEpochDay(dueDay), state.timeZone),
    dueDay,
    skipped: [...counted.skipped, ...rolled.map(explainedSkip)],
    workingDaysCounted: counted.workingDaysCounted,
    pausedMs: 0,
  };
}

export function computeDue(input: SlaClockInput): DueComputation {
  const state = clockState(input);
  const result = due(state);
  const dueAt = result.dueMs === null ? null : formatInstant(result.dueMs);
  const dueDate = result.dueDay === null ? null : fromEpochDay(result.dueDay);
  const explanation = explainDeadline({
    rule: input.policy.budget.unit,
    legalBasis: input.policy.legalBasis,
    startedAt: input.startedAt,
    startDate: fromEpochDay(state.startDay),
    budget: input.policy.budget,
    workingDaysCounted: result.workingDaysCounted,
    skipped: result.skipped,
    pauses: [...input.pauses].sort((a, b) => parseInstant(a.startedAt) - parseInstant(b.startedAt)),
    extension: input.extension,
    dueDate,
    dueAt,
    stoppedSince: state.openSinceMs === null ? null : formatInstant(state.openSinceMs),
    timeZone: state.timeZone,
    pausedMs: result.pausedMs,
  });
  return { dueAt, dueDate, explanation };
}

function warningAt(state: ClockState, fraction: number): number {
  const { budget } = state;
  if (budget.unit === 'duration') return msWhenConsumed(state, Math.ceil(fraction * budget.ms - FRACTION_TOLERANCE)).at;
  const { day } = dayWhenConsumed(state, Math.ceil(fraction * budget.days - FRACTION_TOLERANCE));
  return endOfLocalDayMs(fromEpochDay(finalDay(state, day, [])), state.timeZone);
}

function escalationAt(state: ClockState, dueMs: number, dueDay: EpochDay, after: { days: number } | { iso: string }): number {
  if ('iso' in after) return dueMs + parseIsoDuration(after.iso);
  const days = dayAmount(after.days, 'escalation delay');
  switch (state.budget.unit) {
    case 'working_days':
      return endOfLocalDayMs(fromEpochDay(advanceWorkingEpochDays(state.index, dueDay, days)), state.timeZone);
    case 'calendar_days':
      return endOfLocalDayMs(fromEpochDay(rollToWorkingEpochDay(state.index, dueDay + days, [])), state.timeZone);
    case 'duration':
      throw new Error('an escalation step of a duration budget must be an ISO duration ({ iso }), not days');
  }
}

/**
 * Warnings, breach and escalation steps, ascending by time; empty while the clock is paused.
 * A warning that would fall at or after the breach is dropped, and warnings falling on the same
 * instant collapse into the highest fraction: each says "the deadline is near", once.
 */
export function slaMilestones(input: SlaClockInput): SlaMilestone[] {
  const state = clockState(input);
  const { dueMs, dueDay } = due(state);
  if (dueMs === null || dueDay === null) return [];

  const warningsByInstant = new Map<number, number>();
  for (const fraction of input.policy.warnAt) {
    const at = warningAt(state, fraction);
    if (at < dueMs) warningsByInstant.set(at, Math.max(fraction, warningsByInstant.get(at) ?? 0));
  }
  const milestones: Array<{ ms: number; milestone: SlaMilestone }> = [];
  for (const [ms, fraction] of warningsByInstant) {
    milestones.push({ ms, milestone: { kind: 'warning', fraction, at: formatInstant(ms) } });
  }
  milestones.push({ ms: dueMs, milestone: { kind: 'breach', at: formatInstant(dueMs) } });
  input.policy.escalation.forEach((step, i) => {
    const ms = escalationAt(state, dueMs, dueDay, step.after);
    milestones.push({ ms, milestone: { kind: 'escalation', level: i + 1, notify: step.notify, at: formatInstant(ms) } });
  });
  // Array#sort is stable: on equal instants, warnings precede the breach, which precedes escalations.
  return milestones.sort((a, b) => a.ms - b.ms).map((m) => m.milestone);
}
