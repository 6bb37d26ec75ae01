import type { TimerDefinition } from '../cases/case-definition.js';
import { parseIsoDuration } from '../sla/iso-duration.js';

/** One firing of a timer: a reminder 24 hours before a start, the no-show after the grace. */
export interface TimerFiring {
  /** names the timer, its offset and the instant it counts from: a moved start makes new keys */
  key: string;
  timer: TimerDefinition;
  at: string;
}

interface TimerInputs {
  status: string;
  facts: Readonly<Record<string, unknown>>;
  settings: Readonly<Record<string, unknown>>;
  fired: readonly string[];
}

function offsetsOf(timer: TimerDefinition, settings: Readonly<Record<string, unknown>>): string[] {
  const value = timer.setting ? settings[timer.setting] : timer.offset;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

/** Every firing of the timers that run in the case's status, not yet fired, earliest first. */
export function pendingTimers(timers: readonly TimerDefinition[], inputs: TimerInputs): TimerFiring[] {
  const firings: TimerFiring[] = [];
  for (const timer of timers) {
    if (!timer.in.includes(inputs.status)) continue;
    const anchor = inputs.facts[timer.anchor];
    if (typeof anchor !== 'string') continue;
    for (const offset of offsetsOf(timer, inputs.settings)) {
      const key = `${timer.name}|${offset}|${anchor}`;
      if (inputs.fired.includes(key)) continue;
      const ms = parseIsoDuration(offset);
      const at = new Date(Date.parse(anchor) + (timer.direction === 'before' ? -ms : ms)).toISOString();
      firings.push({ key, timer, at });
    }
  }
  return firings.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/**
 * The reminders whose time had already passed when their instant was set (an appointment booked
 * or moved to within the hour): they are passed over, not sent late. Steps (a no-show) still run.
 */
export function passedReminders(timers: readonly TimerDefinition[], inputs: TimerInputs, now: string): string[] {
  return pendingTimers(timers, inputs)
    .filter((f) => !f.timer.action && Date.parse(f.at) <= Date.parse(now))
    .map((f) => f.key);
}
