import type { SlotCut } from '../../domain/appointments/slot-publication.js';
import { slotTimeMinutes } from '../../domain/appointments/slot-publication.js';
import { toEpochDay } from '../../domain/calendar/iso-date.js';
import type { IsoDate } from '../../domain/calendar/types.js';
import { addDays, calendarDate } from '../calendar/calendar-dates.js';
import { InvalidInput } from '../errors.js';
import type { SlotExceptionBody, SlotTemplateBody } from '../schemas/slots.js';

/* What an administrator's slot template or exception must hold, beyond its schema: times that make sense together. */

/** How far ahead an exception may be set: a year (the publication horizon is eight weeks). */
export const EXCEPTION_DAYS_AHEAD = 366;

function slotTime(value: string, field: string): number {
  const minutes = slotTimeMinutes(value);
  if (minutes === null) throw new InvalidInput(`${field} must be a time of day written HH:MM, 00:00 to 24:00, got ${JSON.stringify(value)}`, { field });
  return minutes;
}

/** Start and end of a range, the start before the end. */
export function timeRange(startTime: string, endTime: string): { from: number; to: number } {
  const from = slotTime(startTime, 'body.startTime');
  const to = slotTime(endTime, 'body.endTime');
  if (from >= to) throw new InvalidInput(`body.endTime (${endTime}) must be later than body.startTime (${startTime})`, { field: 'body.endTime' });
  return { from, to };
}

/** A run of slots whose range holds at least one slot. */
function checkedCut(cut: SlotCut): SlotCut {
  const { from, to } = timeRange(cut.startTime, cut.endTime);
  if (from + cut.lengthMinutes > to) {
    throw new InvalidInput(`from ${cut.startTime} to ${cut.endTime} leaves no room for one slot of ${cut.lengthMinutes} minutes`, { field: 'body.endTime' });
  }
  return cut;
}

export function templateCut(body: SlotTemplateBody): SlotCut & { weekday: number } {
  const { startTime, endTime, lengthMinutes, seats } = body;
  return { weekday: body.weekday, ...checkedCut({ startTime, endTime, lengthMinutes, seats, bufferMinutes: body.bufferMinutes ?? 0 }) };
}

function required<T>(value: T | undefined | null, field: string, why: string): T {
  if (value === undefined || value === null) throw new InvalidInput(`${field} is required: ${why}`, { field });
  return value;
}

function absent(body: SlotExceptionBody, fields: readonly (keyof SlotExceptionBody)[], why: string): void {
  const given = fields.find((f) => body[f] !== undefined);
  if (given) throw new InvalidInput(`body.${given} does not belong here: ${why}`, { field: `body.${given}` });
}

/** A day from today to a year ahead. */
export function exceptionDate(value: string, today: IsoDate): IsoDate {
  const date = calendarDate(value, 'body.date');
  const last = addDays(today, EXCEPTION_DAYS_AHEAD);
  if (toEpochDay(date) < toEpochDay(today) || toEpochDay(date) > toEpochDay(last)) {
    throw new InvalidInput(`body.date must be from today (${today}) to ${last}, got ${date}`, { field: 'body.date' });
  }
  return date;
}

export type ExceptionFields =
  | { kind: 'closure'; startTime: string | null; endTime: string | null; reason: string }
  | ({ kind: 'opening'; serviceId: string; reason: string } & SlotCut);

/** The fields of a closure (a time range or the whole day, with a reason) or of an opening (a service and a run of slots). */
export function exceptionFields(body: SlotExceptionBody): ExceptionFields {
  const reason = body.reason?.trim() ?? '';
  if (body.kind === 'closure') {
    absent(body, ['lengthMinutes', 'seats', 'bufferMinutes'], 'a closure takes slots off, it cuts none');
    if (reason === '') throw new InvalidInput('body.reason is required for a closure: citizens whose appointments it cancels are told why', { field: 'body.reason' });
    if ((body.startTime === undefined) !== (body.endTime === undefined)) {
      const field = body.startTime === undefined ? 'body.startTime' : 'body.endTime';
      throw new InvalidInput(`${field} is required: give both startTime and endTime to close a time range, or neither to close the whole day`, { field });
    }
    if (body.startTime !== undefined && body.endTime !== undefined) timeRange(body.startTime, body.endTime);
    return { kind: 'closure', startTime: body.startTime ?? null, endTime: body.endTime ?? null, reason };
  }
  const why = 'an opening adds slots of one service, cut as it says';
  const cut = checkedCut({
    startTime: required(body.startTime, 'body.startTime', why),
    endTime: required(body.endTime, 'body.endTime', why),
    lengthMinutes: required(body.lengthMinutes, 'body.lengthMinutes', why),
    seats: required(body.seats, 'body.seats', why),
    bufferMinutes: body.bufferMinutes ?? 0,
  });
  return { kind: 'opening', serviceId: required(body.serviceId, 'body.serviceId', why), reason, ...cut };
}
