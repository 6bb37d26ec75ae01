import type { BusinessCalendar } from './types.js';

/**
 * A zone's offsets from UTC over time, as plain data: IANA tz data the platform ships (see
 * platform legal-time), not the runtime's ICU, which can lag a change of legal time by years
 * (Node 20 still puts Morocco at UTC+1 after it moved to UTC+0 on 2026-09-20). Plain data so it
 * reaches a workflow through an activity, recorded in history: a later tz update never changes a
 * replay.
 */
export interface ZoneRules {
  /** IANA name, e.g. Africa/Casablanca */
  name: string;
  /** IANA tz data release the rules come from, e.g. 2026f */
  version: string;
  /** instants (ms) at which each period ends, ascending; the last one is null (no end) */
  untils: (number | null)[];
  /** offset from UTC of each period, in minutes east of Greenwich (Morocco: 60, then 0) */
  offsets: number[];
}

/** A zone given by name (read through Intl: calendars recorded before zone rules existed) or by its rules. */
export type TimeZone = string | ZoneRules;

/** The offset from UTC at an instant, in ms. */
export function rulesOffsetMs(rules: ZoneRules, ms: number): number {
  // Periods are few (tens); a linear scan is clear and fast enough.
  for (let i = 0; i < rules.untils.length; i++) {
    const until = rules.untils[i];
    if (until === null || until === undefined || ms < until) return (rules.offsets[i] ?? 0) * 60_000;
  }
  return (rules.offsets.at(-1) ?? 0) * 60_000;
}

export function zoneName(zone: TimeZone): string {
  return typeof zone === 'string' ? zone : zone.name;
}

/** The zone a calendar's local times are read in: its shipped rules, else its name (read through Intl). */
export function calendarZone(calendar: BusinessCalendar): TimeZone {
  return calendar.zone ?? calendar.timeZone;
}
