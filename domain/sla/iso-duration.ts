/*
 * ISO 8601 durations for duration budgets (`PT5S` in tests, `P2D`, `PT36H`…). Hand-written
 * because no installed package parses them: Temporal's helpers read `ms`-style strings ('5s'),
 * and moment (a transitive dependency of date-holidays) is not ours to rely on nor fit for the
 * workflow sandbox. Only units of fixed length are accepted: a year or a month has no length in
 * milliseconds, and a duration budget measures elapsed time, so a day is exactly 24 hours.
 */
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d{1,3})?)S)?)?$/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds in an ISO 8601 duration made of weeks, days, hours, minutes and seconds. */
export function parseIsoDuration(iso: string): number {
  const match = typeof iso === 'string' ? ISO_DURATION.exec(iso) : null;
  if (!match || iso === 'P' || iso.endsWith('T')) {
    if (typeof iso === 'string' && /^P[^T]*[YM]/.test(iso)) {
      throw new Error(`ISO duration ${JSON.stringify(iso)} uses years or months, which have no fixed length; use days (P30D)`);
    }
    throw new Error(`not an ISO 8601 duration such as PT5S, PT2H30M or P10D: ${JSON.stringify(iso)}`);
  }
  const [, weeks, days, hours, minutes, seconds] = match;
  const ms =
    Number(weeks ?? 0) * 7 * DAY +
    Number(days ?? 0) * DAY +
    Number(hours ?? 0) * HOUR +
    Number(minutes ?? 0) * MINUTE +
    Math.round(Number((seconds ?? '0').replace(',', '.')) * SECOND);
  if (!Number.isSafeInteger(ms)) throw new Error(`ISO duration ${JSON.stringify(iso)} is too long`);
  return ms;
}

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
  /** with milliseconds as a fraction */
  seconds: number;
}

export function durationParts(ms: number): DurationParts {
  return {
    days: Math.floor(ms / DAY),
    hours: Math.floor((ms % DAY) / HOUR),
    minutes: Math.floor((ms % HOUR) / MINUTE),
    seconds: (ms % MINUTE) / SECOND,
  };
}
