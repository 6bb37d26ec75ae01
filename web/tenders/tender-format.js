import { language } from '../assets/i18n.js';

const LOCALES = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

/** An amount in centimes as dirhams in the page's language ("1 250 000,00 MAD"); digits stay Latin, as on Moroccan documents. */
export function formatAmount(centimes) {
  if (centimes === null || centimes === undefined) return null;
  return new Intl.NumberFormat(LOCALES[language()], { style: 'currency', currency: 'MAD', numberingSystem: 'latn' }).format(centimes / 100);
}

/** A file size, e.g. "12,5 Ko". */
export function formatSize(bytes, t) {
  const number = (n) => new Intl.NumberFormat(LOCALES[language()], { maximumFractionDigits: 1, numberingSystem: 'latn' }).format(n);
  if (bytes < 1024) return t('bytes', { n: number(bytes) });
  if (bytes < 1024 * 1024) return t('kilobytes', { n: number(bytes / 1024) });
  return t('megabytes', { n: number(bytes / (1024 * 1024)) });
}

/** The call's subject in the page's language: Arabic on the Arabic page, French otherwise (calls are published in both). */
export function objectOf(item) {
  return language() === 'ar' ? { text: item.objects.ar, lang: 'ar' } : { text: item.objects.fr, lang: 'fr' };
}

export function buyerOf(item) {
  return language() === 'ar' ? { text: item.buyer.name.ar, lang: 'ar' } : { text: item.buyer.name.fr, lang: 'fr' };
}

/** "YYYY-MM-DD" civil date shown in the page's language. */
export function formatCivil(date) {
  return new Intl.DateTimeFormat(LOCALES[language()], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC', numberingSystem: 'latn' }).format(new Date(`${date}T12:00:00Z`));
}
