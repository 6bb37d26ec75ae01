import { createHash } from 'node:crypto';
import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import moment from 'moment-timezone';
import { vtimezone } from '../../domain/appointments/vtimezone.js';
import type { LocalizedName } from '../../domain/calendar/types.js';
import type { TenderRecord } from '../../domain/tenders/tender-record.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';

type Language = keyof LocalizedName;

const TITLE: LocalizedName = { fr: 'Date limite de remise des plis', ar: 'آخر أجل لإيداع الأظرفة', en: 'Deadline for bids' };
const OPENING: LocalizedName = { fr: 'Ouverture des plis', ar: 'فتح الأظرفة', en: 'Opening of bids' };
const REMINDER: LocalizedName = { fr: 'Demain : date limite de remise des plis', ar: 'غدا: آخر أجل لإيداع الأظرفة', en: 'Tomorrow: deadline for bids' };
const DAY_SECONDS = 86_400;
/** SEQUENCE counts seconds from here: it grows with each change of the call, and fits in 32 bits for decades. */
const SEQUENCE_EPOCH_MS = Date.UTC(2026, 0, 1);

/**
 * The deadline of a call for a calendar: one UID per call for its whole life, a SEQUENCE that
 * grows with each change of the call, a reminder the day before, Morocco's legal time with a
 * VTIMEZONE from the tz data the platform ships, and METHOD:CANCEL once the call is cancelled.
 */
export function deadlineIcs(record: TenderRecord, updatedAt: Date, language: Language, detailUrl: string): string {
  const zone = moroccoLegalTime();
  const cancelled = record.cancelledOn !== null;
  const calendar = ical({
    prodId: { company: 'Khidma', product: 'tenders', language: language.toUpperCase() },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH,
  });
  const object = language === 'ar' ? record.objectAr : record.objectFr;
  const event = calendar.createEvent({
    id: `tender-${createHash('sha256').update(record.reference).digest('hex').slice(0, 32)}@khidma`,
    sequence: Math.max(0, Math.floor((updatedAt.getTime() - SEQUENCE_EPOCH_MS) / 1000)),
    start: moment.tz(record.deadlineAt, zone.name),
    end: moment.tz(record.deadlineAt, zone.name),
    timezone: zone.name,
    stamp: updatedAt,
    summary: `${TITLE[language]} — ${record.reference}`,
    description: `${object}\n${OPENING[language]}: ${record.openingPlace}`,
    location: record.openingPlace,
    url: detailUrl,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  if (!cancelled) event.createAlarm({ type: ICalAlarmType.display, trigger: DAY_SECONDS, description: `${REMINDER[language]} — ${record.reference}` });
  // As for appointments: the zone is the event's, and its VTIMEZONE goes in by hand before it.
  return calendar.toString().replace('BEGIN:VEVENT', `${vtimezone(zone, record.deadlineAt)}\r\nBEGIN:VEVENT`);
}
