import type { Language } from '../../domain/sla/localized-phrases.js';
import type { Holiday, IsoDate, LocalizedName } from '../../domain/calendar/types.js';

export type HolidayChangeKind = 'added' | 'removed' | 'moved' | 'confirmed' | 'updated';


const LIST_SEPARATOR: Record<Language, string> = { fr: ', ', ar: '، ', en: ', ' };

const PHRASES: Record<HolidayChangeKind, Record<Language, (name: string, dates: string, previous: string) => string>> = {
  added: {
    fr: (name, dates) => `Jour férié ajouté : ${name} (${dates})`,
    ar: (name, dates) => `إضافة يوم عطلة رسمية: ${name} (${dates})`,
    en: (name, dates) => `Public holiday added: ${name} (${dates})`,
  },
  removed: {
    fr: (name, dates) => `Jour férié supprimé : ${name} (${dates})`,
    ar: (name, dates) => `إلغاء يوم العطلة الرسمية: ${name} (${dates})`,
    en: (name, dates) => `Public holiday cancelled: ${name} (${dates})`,
  },
  moved: {
    fr: (name, dates, previous) => `Jour férié déplacé : ${name} (${dates} au lieu de ${previous})`,
    ar: (name, dates, previous) => `تغيير موعد العطلة الرسمية: ${name} (${dates} بدلا من ${previous})`,
    en: (name, dates, previous) => `Public holiday moved: ${name} (${dates} instead of ${previous})`,
  },
  confirmed: {
    fr: (name, dates) => `Jour férié confirmé : ${name} (${dates})`,
    ar: (name, dates) => `تأكيد يوم العطلة الرسمية: ${name} (${dates})`,
    en: (name, dates) => `Public holiday confirmed: ${name} (${dates})`,
  },
  updated: {
    fr: (name, dates) => `Jour férié modifié : ${name} (${dates})`,
    ar: (name, dates) => `تعديل يوم العطلة الرسمية: ${name} (${dates})`,
    en: (name, dates) => `Public holiday updated: ${name} (${dates})`,
  },
};

export interface HolidayChange {
  kind: HolidayChangeKind;
  /** the days the change is about, as the reason names them */
  dates: IsoDate[];
  reason: LocalizedName;
}

/**
 * Names what happened to one holiday (all days of `key`) between two versions of a calendar, in
 * the words the citizen reads in the case timeline: "Jour férié confirmé : Aïd al-Fitr (2027-03-10, 2027-03-11)".
 */
export function describeHolidayChange(key: string, before: Holiday[], after: Holiday[]): HolidayChange {
  const was = before.filter((h) => h.key === key);
  const is = after.filter((h) => h.key === key);
  const wasDates = was.map((h) => h.date);
  const isDates = is.map((h) => h.date);
  const gone = wasDates.filter((d) => !isDates.includes(d));
  const come = isDates.filter((d) => !wasDates.includes(d));
  const names = (is[0] ?? was[0])?.names ?? { fr: key, ar: key, en: key };

  let kind: HolidayChangeKind;
  let dates: IsoDate[];
  let previous: IsoDate[] = [];
  if (gone.length === 0 && come.length === 0) {
    kind = was.some((h) => h.status === 'provisional') && is.every((h) => h.status === 'confirmed') ? 'confirmed' : 'updated';
    dates = isDates;
  } else if (gone.length === 0) {
    kind = 'added';
    dates = come;
  } else if (come.length === 0) {
    kind = 'removed';
    dates = gone;
  } else {
    kind = 'moved';
    dates = isDates;
    previous = wasDates;
  }
  const reason = {} as LocalizedName;
  for (const language of ['fr', 'ar', 'en'] as const) {
    const list = (days: IsoDate[]) => days.join(LIST_SEPARATOR[language]);
    reason[language] = PHRASES[kind][language](names[language], list(dates), list(previous));
  }
  return { kind, dates, reason };
}
