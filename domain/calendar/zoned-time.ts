import { fromEpochDay, toEpochDay } from './iso-date.js';
import type { IsoDate } from './types.js';
import { rulesOffsetMs, type TimeZone } from './zone-rules.js';

/**
 * Instants are ISO 8601 strings with an explicit zone (`Z` or `±hh:mm`). Date.parse would read
 * a zone-less string in the host's zone, which makes results depend on the machine; this
 * pattern exists only to refuse those.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export function parseInstant(instant: string): number {
  const ms = typeof instant === 'string' && ISO_INSTANT.test(instant) ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError(`not an ISO 8601 instant with a zone (e.g. 2026-03-02T09:30:00Z): ${JSON.stringify(instant)}`);
  }
  return ms;
}

export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}

interface WallClock {
  date: IsoDate;
  hour: number;
  minute: number;
  second: number;
}

// Intl formatters are costly to build; one per zone is reused (pure: same input, same output).
const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = wallClockFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClockFormatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClockAt(ms: number, timeZone: TimeZone): WallClock {
  if (typeof timeZone !== 'string') {
    const wallMs = ms + rulesOffsetMs(timeZone, ms);
    const day = Math.floor(wallMs / 86_400_000);
    const secondOfDay = Math.floor((wallMs - day * 86_400_000) / 1000);
    return { date: fromEpochDay(day), hour: Math.floor(secondOfDay / 3600), minute: Math.floor(secondOfDay / 60) % 60, second: secondOfDay % 60 };
  }
  const parts: Record<string, string> = {};
  for (const part of wallClockFormatter(timeZone).formatToParts(ms)) parts[part.type] = part.value;
  const year = Number(parts.year);
  const date = `${String(year).padStart(4, '0')}-${parts.month}-${parts.day}`;
  return { date, hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

/** How far the zone's wall clock is ahead of UTC at this instant, in ms (Casablanca: +1 h, 0 in Ramadan). */
function zoneOffsetMs(ms: number, timeZone: TimeZone): number {
  if (typeof timeZone !== 'string') return rulesOffsetMs(timeZone, ms);
  const wall = wallClockAt(ms, timeZone);
  const wallAsUtc = toEpochDay(wall.date) * 86_400_000 + ((wall.hour * 60 + wall.minute) * 60 + wall.second) * 1000;
  return wallAsUtc - Math.floor(ms / 1000) * 1000;
}

/** The civil date of an instant in a zone. */
export function toLocalDate(instantIso: string, timeZone: TimeZone): IsoDate {
  return wallClockAt(parseInstant(instantIso), timeZone).date;
}

export function localDateOfMs(ms: number, timeZone: TimeZone): IsoDate {
  return wallClockAt(ms, timeZone).date;
}

/** `YYYY-MM-DD HH:mm:ss` on the zone's wall clock, for explanations. */
export function localDateTimeOfMs(ms: number, timeZone: TimeZone): string {
  const wall = wallClockAt(ms, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${wall.date} ${two(wall.hour)}:${two(wall.minute)}:${two(wall.second)}`;
}

/**
 * The instant of 23:59:59.999 wall-clock time on `date` in `timeZone`. The offset is read at a first guess and read again at the corrected instant, which settles it whenever the
 * zone does not change offset within the hour before midnight (true of Africa/Casablanca, whose
 * Ramadan switches happen at 02:00/03:00).
 */
export function endOfLocalDayMs(date: IsoDate, timeZone: TimeZone): number {
  const wallAsUtc = (toEpochDay(date) + 1) * 86_400_000 - 1;
  const firstGuess = wallAsUtc - zoneOffsetMs(wallAsUtc, timeZone);
  return wallAsUtc - zoneOffsetMs(firstGuess, timeZone);
}

export function endOfLocalDay(date: IsoDate, timeZone: TimeZone): string {
  return formatInstant(endOfLocalDayMs(date, timeZone));
}

const HOUR_MS = 3_600_000;

/**
 * The instant at which the zone's wall clock reads `minuteOfDay` minutes past midnight of `date`
 * (1440: the midnight that ends the day). Around a change of offset a wall time can occur twice
 * (clocks set back: the earlier instant is taken) or never (clocks set forward: the time is read
 * with the offset in force before the change, so it lands after the gap, as a clock set late would
 * show it). Zones change offset at most once within a day of any instant, which holds of every zone.
 */
export function localTimeToMs(date: IsoDate, minuteOfDay: number, timeZone: TimeZone): number {
  const wallAsUtc = toEpochDay(date) * 86_400_000 + minuteOfDay * 60_000;
  const before = zoneOffsetMs(wallAsUtc - 24 * HOUR_MS, timeZone);
  const after = zoneOffsetMs(wallAsUtc + 24 * HOUR_MS, timeZone);
  const fits = [before, after]
    .map((offset) => wallAsUtc - offset)
    .filter((ms) => zoneOffsetMs(ms, timeZone) === wallAsUtc - ms)
    .sort((a, b) => a - b);
  return fits[0] ?? wallAsUtc - before;
}
