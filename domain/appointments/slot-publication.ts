import { toEpochDay, weekdayOf } from '../calendar/iso-date.js';
import { clockMinutes, type OfficeDay } from '../calendar/office-hours.js';
import type { IsoDate } from '../calendar/types.js';
import { formatInstant, localTimeToMs } from '../calendar/zoned-time.js';
import type { TimeZone } from '../calendar/zone-rules.js';

/*
 * Which appointment slots an office publishes: its weekly templates and its exceptions laid over
 * the office's days (opening hours, Ramadan hours, weekends, holidays), read on the Moroccan wall
 * clock and turned into UTC instants with the zone rules the platform ships.
 */

/** The case types whose services publish slots: appointments, and legal consultations' meetings. */
export const SLOT_CASE_TYPES: readonly string[] = ['appointment', 'legal_consultation'];

/** How a run of slots is cut: every `lengthMinutes + bufferMinutes` from the start, each `seats` wide. */
export interface SlotCut {
  startTime: string;
  endTime: string;
  lengthMinutes: number;
  seats: number;
  bufferMinutes: number;
}

export interface SlotTemplateRule extends SlotCut {
  serviceId: string;
  advisorId: string | null;
  /** ISO weekday: 1 Monday … 7 Sunday */
  weekday: number;
}

/** A closure takes slots off a day, for every service (serviceId null) or one, every advisor or one; without times, the whole day. */
export interface SlotClosureRule {
  kind: 'closure';
  date: IsoDate;
  serviceId: string | null;
  advisorId: string | null;
  startTime: string | null;
  endTime: string | null;
}

/** An opening adds slots of one service (and advisor) on a day, cut as it says; only inside the office's opening hours. */
export interface SlotOpeningRule extends SlotCut {
  kind: 'opening';
  date: IsoDate;
  serviceId: string;
  advisorId: string | null;
}

export type SlotExceptionRule = SlotClosureRule | SlotOpeningRule;

export interface PublishedSlot {
  serviceId: string;
  advisorId: string | null;
  localDate: IsoDate;
  /** "HH:MM" on the Moroccan wall clock ("24:00": the midnight ending the day) */
  localStart: string;
  localEnd: string;
  /** UTC instants, ISO 8601 */
  startsAt: string;
  endsAt: string;
  seats: number;
}

export interface PublicationInput {
  /** the office's days, one per date of the range (domain/calendar/office-hours.ts officeHoursOn) */
  days: readonly OfficeDay[];
  templates: readonly SlotTemplateRule[];
  exceptions: readonly SlotExceptionRule[];
  /** Morocco's zone rules (platform/legal-time.ts) */
  zone: TimeZone;
}

const MINUTES_PER_DAY = 24 * 60;

/** Minutes since midnight of an "HH:MM" slot time, "24:00" (the end of the day) included; null if it is not one. */
export function slotTimeMinutes(value: unknown): number | null {
  return value === '24:00' ? MINUTES_PER_DAY : clockMinutes(value);
}

function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function minutesOf(value: string): number {
  const minutes = slotTimeMinutes(value);
  // Rules come from rows the admin API validated; anything else is corruption worth stopping on.
  if (minutes === null) throw new RangeError(`not an HH:MM time: ${JSON.stringify(value)}`);
  return minutes;
}

function isoWeekday(date: IsoDate): number {
  return weekdayOf(toEpochDay(date)) || 7;
}

interface Span {
  from: number;
  to: number;
}

/** The starts of a cut's slots that fit wholly inside one of the opening spans. */
function cutStarts(cut: SlotCut, open: readonly Span[]): Span[] {
  const end = minutesOf(cut.endTime);
  const step = cut.lengthMinutes + cut.bufferMinutes;
  if (cut.lengthMinutes <= 0 || step <= 0) throw new RangeError(`a slot lasts a positive number of minutes, got ${cut.lengthMinutes}`);
  const spans: Span[] = [];
  for (let from = minutesOf(cut.startTime); from + cut.lengthMinutes <= end; from += step) {
    const slot = { from, to: from + cut.lengthMinutes };
    if (open.some((o) => o.from <= slot.from && slot.to <= o.to)) spans.push(slot);
  }
  return spans;
}

function closes(closure: SlotClosureRule, slot: { serviceId: string; advisorId: string | null; span: Span }): boolean {
  if (closure.serviceId !== null && closure.serviceId !== slot.serviceId) return false;
  if (closure.advisorId !== null && closure.advisorId !== slot.advisorId) return false;
  if (closure.startTime === null || closure.endTime === null) return true;
  return slot.span.from < minutesOf(closure.endTime) && minutesOf(closure.startTime) < slot.span.to;
}

/**
 * The slots of the office's days, ordered by start, service and advisor. Never on a closed day
 * (weekend, holiday), never outside the day's opening intervals (Ramadan hours shrink them), none
 * overlapping a matching closure. Where two rules give one service and advisor the same start,
 * one slot is published, with the larger number of seats.
 */
export function publishableSlots(input: PublicationInput): PublishedSlot[] {
  const bySlot = new Map<string, PublishedSlot>();
  for (const day of input.days) {
    if (!day.open) continue;
    const open = day.intervals.map((i) => ({ from: minutesOf(i.from), to: minutesOf(i.to) }));
    const exceptions = input.exceptions.filter((e) => e.date === day.date);
    const closures = exceptions.filter((e): e is SlotClosureRule => e.kind === 'closure');
    const weekday = isoWeekday(day.date);
    const cuts = [
      ...input.templates.filter((t) => t.weekday === weekday),
      ...exceptions.filter((e): e is SlotOpeningRule => e.kind === 'opening'),
    ];
    for (const cut of cuts) {
      for (const span of cutStarts(cut, open)) {
        const slot = { serviceId: cut.serviceId, advisorId: cut.advisorId, span };
        if (closures.some((c) => closes(c, slot))) continue;
        const startsMs = localTimeToMs(day.date, span.from, input.zone);
        const key = `${cut.serviceId}|${cut.advisorId ?? ''}|${startsMs}`;
        const known = bySlot.get(key);
        if (known && known.seats >= cut.seats) continue;
        bySlot.set(key, {
          serviceId: cut.serviceId,
          advisorId: cut.advisorId,
          localDate: day.date,
          localStart: timeOf(span.from),
          localEnd: timeOf(span.to),
          startsAt: formatInstant(startsMs),
          endsAt: formatInstant(localTimeToMs(day.date, span.to, input.zone)),
          seats: cut.seats,
        });
      }
    }
  }
  return [...bySlot.values()].sort(
    (a, b) =>
      a.startsAt.localeCompare(b.startsAt) || a.serviceId.localeCompare(b.serviceId) || (a.advisorId ?? '').localeCompare(b.advisorId ?? ''),
  );
}
