import type { LocalizedName } from '../calendar/types.js';
import { durationParts } from './iso-duration.js';

/*
 * Counted nouns in French, Arabic and English. Intl.PluralRules picks the grammatical category
 * (Arabic distinguishes one, two, 3–10, 11–99 and the rest); the forms are ours.
 */
type ArabicForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

interface CountedNoun {
  fr: { one: string; other: string };
  en: { one: string; other: string };
  ar: ArabicForms;
}

export type Language = keyof LocalizedName;

const pluralRules = {
  fr: new Intl.PluralRules('fr'),
  en: new Intl.PluralRules('en'),
  ar: new Intl.PluralRules('ar'),
};

function formatNumber(n: number, language: Language): string {
  // Western digits in every language, as Moroccan administrative documents print them.
  return String(Math.round(n * 1000) / 1000).replace('.', language === 'fr' ? ',' : '.');
}

function counted(noun: CountedNoun, n: number, language: Language): string {
  const category = pluralRules[language].select(n);
  const pattern =
    language === 'ar' ? (noun.ar[category] ?? noun.ar.other) : category === 'one' ? noun[language].one : noun[language].other;
  return pattern.replace('{n}', formatNumber(n, language));
}

const nouns = {
  workingDay: {
    fr: { one: '{n} jour ouvrable', other: '{n} jours ouvrables' },
    en: { one: '{n} working day', other: '{n} working days' },
    ar: { one: 'يوم عمل واحد', two: 'يوما عمل', few: '{n} أيام عمل', other: '{n} يوم عمل' },
  },
  calendarDay: {
    fr: { one: '{n} jour', other: '{n} jours' },
    en: { one: '{n} day', other: '{n} days' },
    ar: { one: 'يوم واحد', two: 'يومان', few: '{n} أيام', many: '{n} يوما', other: '{n} يوم' },
  },
  weekendDay: {
    fr: { one: '{n} jour de week-end', other: '{n} jours de week-end' },
    en: { one: '{n} weekend day', other: '{n} weekend days' },
    ar: { one: 'يوم عطلة أسبوعية واحد', two: 'يوما عطلة أسبوعية', few: '{n} أيام عطلة أسبوعية', other: '{n} يوم عطلة أسبوعية' },
  },
  holiday: {
    fr: { one: '{n} jour férié', other: '{n} jours fériés' },
    en: { one: '{n} public holiday', other: '{n} public holidays' },
    ar: { one: 'يوم عطلة رسمية واحد', two: 'يوما عطلة رسمية', few: '{n} أيام عطلة رسمية', other: '{n} يوم عطلة رسمية' },
  },
  hour: {
    fr: { one: '{n} heure', other: '{n} heures' },
    en: { one: '{n} hour', other: '{n} hours' },
    ar: { one: 'ساعة واحدة', two: 'ساعتان', few: '{n} ساعات', other: '{n} ساعة' },
  },
  minute: {
    fr: { one: '{n} minute', other: '{n} minutes' },
    en: { one: '{n} minute', other: '{n} minutes' },
    ar: { one: 'دقيقة واحدة', two: 'دقيقتان', few: '{n} دقائق', other: '{n} دقيقة' },
  },
  second: {
    fr: { one: '{n} seconde', other: '{n} secondes' },
    en: { one: '{n} second', other: '{n} seconds' },
    ar: { one: 'ثانية واحدة', two: 'ثانيتان', few: '{n} ثوان', other: '{n} ثانية' },
  },
} satisfies Record<string, CountedNoun>;

export type NounKey = keyof typeof nouns;

export function countOf(noun: NounKey, n: number, language: Language): string {
  return counted(nouns[noun], n, language);
}

const AND: Record<Language, string> = { fr: ' et ', en: ' and ', ar: ' و' };
const COMMA: Record<Language, string> = { fr: ', ', en: ', ', ar: '، ' };

/** "a", "a et b", "a, b et c" */
export function listOf(items: string[], language: Language): string {
  if (items.length <= 1) return items.join('');
  return items.slice(0, -1).join(COMMA[language]) + AND[language] + items[items.length - 1];
}

/** Up to `max` names, then an ellipsis, so a ten-year span stays one readable line. */
export function boundedNames(names: string[], max: number, language: Language): string {
  const shown = names.slice(0, max).join(COMMA[language]);
  return names.length > max ? `${shown}…` : shown;
}

/** "2 heures et 30 minutes" from milliseconds; "0 seconde" for nothing. */
export function durationOf(ms: number, language: Language): string {
  const { days, hours, minutes, seconds } = durationParts(ms);
  const parts = [
    days > 0 ? countOf('calendarDay', days, language) : null,
    hours > 0 ? countOf('hour', hours, language) : null,
    minutes > 0 ? countOf('minute', minutes, language) : null,
    seconds > 0 ? countOf('second', seconds, language) : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? listOf(parts, language) : countOf('second', 0, language);
}
