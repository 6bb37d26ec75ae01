import type { Static } from 'typebox';
import type { SlotException, SlotTemplate } from '../../prisma/generated/client.js';
import { isoDateOfDbDate } from '../../store/calendar-source.js';
import { publicationCounts, type PublicationResult } from '../../store/slot-publication.js';
import type { PublicationSummary, SlotExceptionView, SlotTemplateView } from '../schemas/slots.js';

/* Slot templates, exceptions and publications as the admin API answers them. */

export function templateView(row: SlotTemplate): Static<typeof SlotTemplateView> {
  const { id, officeId, serviceId, advisorId, weekday, startTime, endTime, lengthMinutes, seats, bufferMinutes, updatedBy } = row;
  return { id, officeId, serviceId, advisorId, weekday, startTime, endTime, lengthMinutes, seats, bufferMinutes, updatedBy, updatedAt: row.updatedAt.toISOString() };
}

export function exceptionView(row: SlotException): Static<typeof SlotExceptionView> {
  const { id, officeId, kind, serviceId, advisorId, startTime, endTime, lengthMinutes, seats, bufferMinutes, reason, updatedBy } = row;
  return {
    id, officeId, date: isoDateOfDbDate(row.date), kind, serviceId, advisorId, startTime, endTime, lengthMinutes, seats, bufferMinutes, reason, updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function publicationSummary(result: PublicationResult): Static<typeof PublicationSummary> {
  const { from, to, created, updated, removed, closed } = publicationCounts(result);
  return { from, to, created, updated, removed, closed, closedSlots: result.closed };
}
