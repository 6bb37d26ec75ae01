import type { ZoneRules } from '../calendar/zone-rules.js';

const YEAR_MS = 366 * 86_400_000;

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** An instant as local time at `offsetMinutes`, in iCalendar's basic form (19700101T000000). */
function localStamp(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19).replace(/[-:]/g, '');
}

/**
 * The VTIMEZONE of a zone around an instant (a year either side), from the tz data the platform
 * ships: every change of offset as its own observance. Hand-written because the packages that
 * make VTIMEZONEs bring their own tz data, which may predate Morocco's move to UTC+0 (2026f).
 */
export function vtimezone(rules: ZoneRules, aroundMs: number): string {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${rules.name}`];
  const observance = (startMs: number, from: number, to: number) =>
    lines.push('BEGIN:STANDARD', `DTSTART:${localStamp(startMs, from)}`, `TZOFFSETFROM:${offsetText(from)}`, `TZOFFSETTO:${offsetText(to)}`, `TZNAME:${offsetText(to).replace(/00$/, '')}`, 'END:STANDARD');
  let changes = 0;
  let current = rules.offsets[0] ?? 0;
  for (let i = 0; i < rules.untils.length - 1; i++) {
    const until = rules.untils[i];
    const from = rules.offsets[i] ?? 0;
    const to = rules.offsets[i + 1] ?? from;
    if (until === null || until === undefined) break;
    if (until <= aroundMs) current = to;
    if (until < aroundMs - YEAR_MS || until > aroundMs + YEAR_MS || from === to) continue;
    observance(until, from, to);
    changes += 1;
  }
  // No change near the instant: one observance says the offset in force.
  if (changes === 0) observance(0, current, current);
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
