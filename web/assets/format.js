/* global fetch */
import { language } from './i18n.js';

// Deadlines are Moroccan civil dates: shown in Moroccan legal time wherever the reader is.
const TIME_ZONE = 'Africa/Casablanca';
const LOCALES = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

/** The platform's offsets of Moroccan legal time (the browser's own zone data may be older). */
let legalTime = null;

/** Loads the legal time once, before a page shows times; without it, the browser's zone data is used. */
export async function loadLegalTime() {
  try {
    const res = await fetch('/api/v1/calendar/legal-time');
    if (res.ok) legalTime = await res.json();
  } catch {
    legalTime = null;
  }
}

function offsetMs(ms) {
  const index = legalTime.untils.findIndex((until) => until === null || ms < until);
  return (legalTime.offsets[index === -1 ? legalTime.offsets.length - 1 : index] ?? 0) * 60_000;
}

function format(instant, options) {
  if (!instant) return '';
  const ms = new Date(instant).getTime();
  // Shifted by the legal offset and read as UTC: the wall clock in Morocco, from the platform's data.
  if (legalTime) return new Intl.DateTimeFormat(LOCALES[language()], { ...options, timeZone: 'UTC' }).format(new Date(ms + offsetMs(ms)));
  return new Intl.DateTimeFormat(LOCALES[language()], { timeZone: TIME_ZONE, ...options }).format(new Date(ms));
}

/** "lundi 2 mars 2026" */
export function formatDay(instant) {
  return format(instant, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** "2 mars 2026, 14:05" */
export function formatMoment(instant) {
  return format(instant, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "2 mars 2026" */
export function formatShortDay(instant) {
  return format(instant, { day: 'numeric', month: 'short', year: 'numeric' });
}

/**
 * A due date as the citizen should read it: the day for deadlines counted in days, the day and
 * time for deadlines counted as a duration (which end at a precise moment).
 */
export function formatDue(dueAt, explanation) {
  if (!dueAt) return '';
  return explanation?.rule === 'duration' ? formatMoment(dueAt) : formatDay(dueAt);
}
