/* global fetch */
import { language } from './i18n.js';

// Deadlines are Moroccan civil dates: shown in Moroccan legal time wherever the reader is.
const TIME_ZONE = 'Africa/Casablanca';
export const LOCALES = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

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

/** "14:05:09", Moroccan wall clock: when something that moves by the second was last read. */
export function formatTimeWithSeconds(instant) {
  return format(instant, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "14:05", Moroccan wall clock. */
export function formatTime(instant) {
  return format(instant, { hour: '2-digit', minute: '2-digit' });
}

/*
 * Appointment slots are Moroccan civil dates ("2027-01-04") and wall-clock times the API already
 * gives in local time: they are shown as they are, never converted again.
 */
const DAY_MS = 86_400_000;

/** Today's Moroccan civil date, "2027-01-04". */
export function legalToday() {
  const ms = Date.now();
  if (legalTime) return new Date(ms + offsetMs(ms)).toISOString().slice(0, 10);
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

/** A civil date `days` later (or earlier). */
export function addDays(localDate, days) {
  return new Date(Date.parse(`${localDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function civilDate(localDate, options) {
  return new Intl.DateTimeFormat(LOCALES[language()], { ...options, timeZone: 'UTC' }).format(new Date(`${localDate}T12:00:00Z`));
}

/** "lundi 4 janvier 2027" from "2027-01-04". */
export function formatCivilDay(localDate) {
  return civilDate(localDate, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
}

/** "lun. 4 janv." from "2027-01-04": a day heading of a week. */
export function formatCivilShortDay(localDate) {
  return civilDate(localDate, { weekday: 'short', day: 'numeric', month: 'short' });
}
