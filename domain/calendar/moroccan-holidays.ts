import { fromEpochDay, toEpochDay } from './iso-date.js';
import type { Holiday, IsoDate, LocalizedName } from './types.js';

/*
 * Moroccan public holidays for a Gregorian year.
 *
 * Fixed holidays are a plain table. Lunar holidays are found by reading each day of the year in
 * the Hijri calendar through the platform's ICU (Intl), using the tabular 'islamic-civil'
 * calendar, then shifting nothing. Why that calendar and not the alternatives:
 * - Morocco fixes each month by moon sighting and usually lands one day after Saudi Arabia.
 *   Against the dates the ministry announced (Eid al-Fitr 10 Apr 2024 and 31 Mar 2025, Eid
 *   al-Adha 17 Jun 2024 and 7 Jun 2025, 1 Muharram 8 Jul 2024 and 27 Jun 2025, Mawlid 16 Sep 2024
 *   and 5 Sep 2025, also Eid al-Adha 12 Aug 2019, Mawlid 29 Oct 2020, Eid al-Fitr 22 Apr 2023),
 *   'islamic-civil' matches every one, while 'islamic-umalqura' (the Saudi calendar) is one day
 *   early on 7 of the 8 dates of 2024–2025 and "umm al-qura + 1 day" misses Eid al-Fitr 2024.
 * - 'islamic-civil' is pure arithmetic, so an ICU data update can never move a date under a
 *   running workflow; the Umm al-Qura tables can be revised.
 * - The `date-holidays` package follows Umm al-Qura (one day early here), lists each Eid and the
 *   Mawlid as a single day and lacks 14 January, so correcting it would mean replacing all of its
 *   lunar output anyway.
 * A computed date can still be a day off the sighting; that is why lunar days are 'provisional'
 * until an administrator confirms or moves them (see nationalCalendar's overrides).
 *
 * Keys identify one occurrence: `<code>-<year>`, with the Gregorian year for fixed holidays and
 * the Hijri year for lunar ones (a lunar holiday can occur twice in one Gregorian year, e.g.
 * Eid al-Fitr in January and December 2033). Both days of a two-day holiday share the key.
 */

interface FixedHoliday {
  code: string;
  month: number;
  day: number;
  sinceYear?: number;
  names: LocalizedName;
}

interface LunarHoliday {
  code: string;
  hijriMonth: number;
  /** Hijri days of the month that are off in the public sector */
  hijriDays: number[];
  names: LocalizedName;
}

const FIXED_HOLIDAYS: readonly FixedHoliday[] = [
  { code: 'new_year', month: 1, day: 1, names: { fr: 'Nouvel An', ar: 'رأس السنة الميلادية', en: "New Year's Day" } },
  {
    code: 'independence_manifesto',
    month: 1,
    day: 11,
    names: {
      fr: "Manifeste de l'indépendance",
      ar: 'ذكرى تقديم وثيقة الاستقلال',
      en: 'Independence Manifesto Day',
    },
  },
  {
    code: 'amazigh_new_year',
    month: 1,
    day: 14,
    sinceYear: 2024,
    names: { fr: 'Nouvel An amazigh', ar: 'رأس السنة الأمازيغية', en: 'Amazigh New Year' },
  },
  { code: 'labour_day', month: 5, day: 1, names: { fr: 'Fête du Travail', ar: 'عيد الشغل', en: 'Labour Day' } },
  { code: 'throne_day', month: 7, day: 30, names: { fr: 'Fête du Trône', ar: 'عيد العرش', en: 'Throne Day' } },
  {
    code: 'oued_eddahab',
    month: 8,
    day: 14,
    names: { fr: 'Allégeance de Oued Eddahab', ar: 'ذكرى استرجاع إقليم وادي الذهب', en: 'Oued Eddahab Day' },
  },
  {
    code: 'revolution_king_people',
    month: 8,
    day: 20,
    names: {
      fr: 'Révolution du Roi et du Peuple',
      ar: 'ذكرى ثورة الملك والشعب',
      en: 'Revolution of the King and the People',
    },
  },
  { code: 'youth_day', month: 8, day: 21, names: { fr: 'Fête de la Jeunesse', ar: 'عيد الشباب', en: 'Youth Day' } },
  {
    // Decree 2-25-1140: a paid public holiday since 2025.
    code: 'unity_day',
    month: 10,
    day: 31,
    sinceYear: 2025,
    names: { fr: "Aïd Al Wahda (Fête de l'Unité)", ar: 'عيد الوحدة', en: 'Unity Day (Aid Al Wahda)' },
  },
  {
    code: 'green_march',
    month: 11,
    day: 6,
    names: { fr: 'Marche Verte', ar: 'ذكرى المسيرة الخضراء', en: 'Green March Day' },
  },
  {
    code: 'independence_day',
    month: 11,
    day: 18,
    names: { fr: "Fête de l'Indépendance", ar: 'عيد الاستقلال', en: 'Independence Day' },
  },
];

const LUNAR_HOLIDAYS: readonly LunarHoliday[] = [
  {
    code: 'islamic_new_year',
    hijriMonth: 1,
    hijriDays: [1],
    names: { fr: "Nouvel An de l'Hégire", ar: 'فاتح محرم', en: 'Islamic New Year' },
  },
  {
    code: 'mawlid',
    hijriMonth: 3,
    hijriDays: [12, 13],
    names: { fr: 'Aïd al-Mawlid', ar: 'عيد المولد النبوي', en: "Mawlid (Prophet's Birthday)" },
  },
  { code: 'eid_al_fitr', hijriMonth: 10, hijriDays: [1, 2], names: { fr: 'Aïd al-Fitr', ar: 'عيد الفطر', en: 'Eid al-Fitr' } },
  {
    code: 'eid_al_adha',
    hijriMonth: 12,
    hijriDays: [10, 11],
    names: { fr: 'Aïd al-Adha', ar: 'عيد الأضحى', en: 'Eid al-Adha' },
  },
];

const lunarByHijriMonthDay = new Map<string, LunarHoliday>(
  LUNAR_HOLIDAYS.flatMap((h) => h.hijriDays.map((d) => [`${h.hijriMonth}-${d}`, h] as const)),
);

const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

let hijriFormatter: Intl.DateTimeFormat | undefined;

function hijriCivilFormatter(): Intl.DateTimeFormat {
  if (!hijriFormatter) {
    hijriFormatter = new Intl.DateTimeFormat('en-u-ca-islamic-civil-nu-latn', {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    // A Node built with small-icu silently falls back to the Gregorian calendar.
    if (hijriFormatter.resolvedOptions().calendar !== 'islamic-civil') {
      hijriFormatter = undefined;
      throw new Error('this JavaScript runtime lacks the ICU islamic-civil calendar (full ICU is required)');
    }
  }
  return hijriFormatter;
}

function hijriDateOf(day: number): { year: number; month: number; day: number } {
  const parts: Record<string, string> = {};
  for (const part of hijriCivilFormatter().formatToParts(day * 86_400_000)) parts[part.type] = part.value;
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day) };
}

function lunarHolidaysOf(year: number): Holiday[] {
  const found: Holiday[] = [];
  const last = toEpochDay(`${year}-12-31`);
  for (let day = toEpochDay(`${year}-01-01`); day <= last; day++) {
    const hijri = hijriDateOf(day);
    const lunar = lunarByHijriMonthDay.get(`${hijri.month}-${hijri.day}`);
    if (lunar) {
      found.push({
        date: fromEpochDay(day),
        key: `${lunar.code}-${hijri.year}`,
        names: lunar.names,
        kind: 'lunar',
        status: 'provisional',
      });
    }
  }
  return found;
}

function fixedHolidaysOf(year: number): Holiday[] {
  const pad = (n: number) => String(n).padStart(2, '0');
  return FIXED_HOLIDAYS.filter((h) => h.sinceYear === undefined || year >= h.sinceYear).map((h) => ({
    date: `${year}-${pad(h.month)}-${pad(h.day)}` as IsoDate,
    key: `${h.code}-${year}`,
    names: h.names,
    kind: 'fixed' as const,
    status: 'confirmed' as const,
  }));
}

function freezeHoliday(h: Holiday): Holiday {
  return Object.freeze({ ...h, names: Object.freeze({ ...h.names }) });
}

// The lunar scan reads ~365 days through Intl (about 1.5 ms); years are computed once per process.
const holidaysByYear = new Map<number, readonly Holiday[]>();

/** Every public holiday of Morocco in a Gregorian year, sorted by date (fixed before lunar on a shared day). */
export function moroccanHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(`year must be an integer from ${FIRST_YEAR} to ${LAST_YEAR}, got ${year}`);
  }
  let holidays = holidaysByYear.get(year);
  if (!holidays) {
    holidays = Object.freeze(
      [...fixedHolidaysOf(year), ...lunarHolidaysOf(year)]
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
        .map(freezeHoliday),
    );
    holidaysByYear.set(year, holidays);
  }
  return [...holidays];
}
