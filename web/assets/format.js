import { language } from './i18n.js';

// Deadlines are Moroccan civil dates: shown in Casablanca time wherever the reader is.
const TIME_ZONE = 'Africa/Casablanca';
const LOCALES = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

function format(instant, options) {
  if (!instant) return '';
  return new Intl.DateTimeFormat(LOCALES[language()], { timeZone: TIME_ZONE, ...options }).format(new Date(instant));
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
