import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import moment from 'moment-timezone';
import type { LocalizedName } from '../../domain/calendar/types.js';
import { vtimezone } from '../../domain/appointments/vtimezone.js';
import { caseDefinition } from '../../domain/cases/machines.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';
import { StepRefused } from '../errors.js';
import { serviceNames, type LoadedCase } from './case-read.js';

export type IcsLanguage = keyof LocalizedName;

const TITLE: LocalizedName = { fr: 'Rendez-vous', ar: 'موعد', en: 'Appointment' };
const CODE: LocalizedName = { fr: 'Code de suivi', ar: 'رمز التتبع', en: 'Tracking code' };

/**
 * The appointment as an iCalendar file real calendars accept: one UID per appointment for its
 * whole life, a SEQUENCE that grows with each change (every step recorded on it), METHOD:REQUEST,
 * and METHOD:CANCEL with STATUS:CANCELLED once cancelled, so the meeting leaves people's calendars.
 * Times are in Morocco's legal time from the tz data the platform ships.
 */
export function appointmentIcs(row: LoadedCase, language: IcsLanguage): string {
  const facts = row.facts as Record<string, unknown>;
  if (!caseDefinition(row.caseType)?.booking || typeof facts.startsAt !== 'string' || typeof facts.endsAt !== 'string') {
    throw new StepRefused('this case is not an appointment with a time', { reason: 'not_an_appointment' });
  }
  const zone = moroccoLegalTime();
  const cancelled = row.status === 'cancelled';
  const calendar = ical({
    prodId: { company: 'Khidma', product: 'appointments', language: language.toUpperCase() },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  const place = typeof facts.place === 'string' ? facts.place : '';
  calendar.createEvent({
    id: `${row.id}@khidma`,
    sequence: row.events.filter((e) => e.type === 'transition').length,
    start: moment.tz(facts.startsAt, zone.name),
    end: moment.tz(facts.endsAt, zone.name),
    timezone: zone.name,
    stamp: row.updatedAt,
    summary: `${TITLE[language]} — ${serviceNames(row.service)[language]}`,
    description: `${CODE[language]}: ${row.trackingCode}`,
    location: place,
    ...(typeof facts.meetingUrl === 'string' ? { url: facts.meetingUrl } : {}),
    status: cancelled ? ICalEventStatus.CANCELLED : row.status === 'requested' ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
    organizer: { name: 'Khidma', email: 'no-reply@khidma.test' },
  });
  // The zone is the event's, not the calendar's: with a calendar zone ical-generator writes DTSTAMP
  // in local time, which RFC 5545 forbids. Its VTIMEZONE then goes in by hand, before the event.
  return calendar.toString().replace('BEGIN:VEVENT', `${vtimezone(zone, Date.parse(facts.startsAt))}\r\nBEGIN:VEVENT`);
}
