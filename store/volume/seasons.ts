import type { EpochDay } from '../../domain/calendar/iso-date.js';
import { weekdayOf } from '../../domain/calendar/iso-date.js';
import type { Random } from './random.js';
import type { WorkingTime } from './working-time.js';

/*
 * How many requests reach the administration each day. Figures chosen to look like a Moroccan
 * public service: quiet in July and August (holidays, the diaspora's summer aside) and during
 * Ramadan (shorter hours), a peak at the rentrée in September, Mondays busier than Fridays
 * (longer Friday prayer break), little on weekends and holidays (online submissions only), and
 * volume growing year on year as more services go online.
 */
const MONTH_FACTOR = [1.0, 1.0, 1.05, 1.0, 1.0, 0.95, 0.7, 0.55, 1.35, 1.15, 1.05, 0.95];
/** getUTCDay order: Sunday … Saturday */
const WEEKDAY_FACTOR = [0.05, 1.2, 1.05, 1.0, 1.0, 0.8, 0.07];
const HOLIDAY_FACTOR = 0.05;
const RAMADAN_FACTOR = 0.75;
const GROWTH_PER_YEAR = 0.08;

/** The relative volume of one day, before day-to-day noise. */
export function dayWeight(day: EpochDay, time: WorkingTime, lastDay: EpochDay): number {
  const date = new Date(day * 86_400_000);
  let weight = MONTH_FACTOR[date.getUTCMonth()]! * WEEKDAY_FACTOR[weekdayOf(day)]!;
  if (time.isHoliday(day)) weight *= HOLIDAY_FACTOR;
  if (time.inRamadan(day)) weight *= RAMADAN_FACTOR;
  return weight * Math.pow(1 + GROWTH_PER_YEAR, (day - lastDay) / 365);
}

/**
 * The number of submissions of each day from `firstDay` to `lastDay` so that they add up to
 * `total` exactly: shares of the weights (with ±10 % noise a day), remainders to the largest fractions.
 */
export function dailyCounts(total: number, firstDay: EpochDay, lastDay: EpochDay, time: WorkingTime, rng: Random): Int32Array {
  const n = lastDay - firstDay + 1;
  const weights = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    weights[i] = dayWeight(firstDay + i, time, lastDay) * rng.between(0.9, 1.1);
    sum += weights[i]!;
  }
  const counts = new Int32Array(n);
  const fractions: { i: number; f: number }[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = (weights[i]! / sum) * total;
    counts[i] = Math.floor(exact);
    given += counts[i]!;
    fractions.push({ i, f: exact - counts[i]! });
  }
  fractions.sort((a, b) => b.f - a.f || a.i - b.i);
  for (let k = 0; k < total - given; k++) counts[fractions[k % n]!.i]! += 1;
  return counts;
}

/**
 * When a submission of `day` arrives: most at the counter or online during office hours, the rest
 * online in the evening; on weekends and holidays, online through the day.
 */
export function submissionTime(day: EpochDay, time: WorkingTime, rng: Random): number {
  if (time.isWorkingDay(day) && rng.chance(0.85)) return time.officeTime(day, rng);
  return time.at(day, 7 * 60 + rng.below(16 * 60));
}
