import { language } from '../../assets/i18n.js';

// The same locales as the other pages' dates (format.js): Moroccan French and Arabic, British English.
export const LOCALES = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

export function locale() {
  return LOCALES[language()];
}

/** A count, "1 234". */
export function formatCount(n) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(n);
}

/** A share in [0, 1] as a percentage, "87,5 %". */
export function formatShare(x) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(x);
}

/** A number of days or a ratio, at most one or two decimals, "12,5". */
export function formatDecimal(x, digits = 1) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(x);
}

/** A change, always signed, "+3" or "−2,5". */
export function formatSigned(x, digits = 1) {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(x);
}

/** A relative change, always signed, "+12,5 %". */
export function formatSignedShare(x) {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(x);
}

function civil(date, options) {
  return new Intl.DateTimeFormat(locale(), { ...options, timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

/**
 * A period of the statistics as its reader says it: "30 nov. 2026" (a day), "semaine 48 de 2026"
 * (an ISO week), "nov. 2026" (a month). `weekText` fills the page's words for a week.
 */
export function formatPeriod(period, weekText) {
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  if (week) return weekText(Number(week[2]), week[1]);
  if (/^\d{4}-\d{2}$/.test(period)) return civil(`${period}-01`, { month: 'short', year: 'numeric' });
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return civil(period, { day: 'numeric', month: 'short', year: 'numeric' });
  return period;
}

/** A civil date "2026-11-30" in full, "30 novembre 2026". */
export function formatCivilDate(date) {
  return /^\d{4}-\d{2}-\d{2}$/.test(date ?? '') ? civil(date, { day: 'numeric', month: 'long', year: 'numeric' }) : (date ?? '');
}
