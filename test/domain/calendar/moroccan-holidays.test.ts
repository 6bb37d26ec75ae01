import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { moroccanHolidays } from '../../../domain/calendar/moroccan-holidays.js';
import { nationalCalendar } from '../../../domain/calendar/working-days.js';
import type { Holiday } from '../../../domain/calendar/types.js';
import { addDays } from '../../support/dates.js';

const FIXED_DAYS = ['01-01', '01-11', '01-14', '05-01', '07-30', '08-14', '08-20', '08-21', '10-31', '11-06', '11-18'];

/** code → [Hijri month, days off] per DESIGN.md */
const LUNAR_RULES = {
  islamic_new_year: 1,
  mawlid: 2,
  eid_al_fitr: 2,
  eid_al_adha: 2,
} as const;

function codeOf(h: Holiday): string {
  return h.key.replace(/-\d+$/, '');
}

function occurrences(holidays: Holiday[], code: string): Holiday[][] {
  const byKey = new Map<string, Holiday[]>();
  for (const h of holidays.filter((h) => codeOf(h) === code)) byKey.set(h.key, [...(byKey.get(h.key) ?? []), h]);
  return [...byKey.values()];
}

describe('moroccanHolidays', () => {
  it.each([2026, 2027])('lists the eleven fixed holidays of %i on their exact dates, confirmed', (year) => {
    const fixed = moroccanHolidays(year).filter((h) => h.kind === 'fixed');
    expect(fixed.map((h) => h.date)).toEqual(FIXED_DAYS.map((d) => `${year}-${d}`));
    for (const h of fixed) {
      expect(h.status).toBe('confirmed');
      expect(h.names.fr && h.names.ar && h.names.en).toBeTruthy();
    }
  });

  it('names the fixed holidays in French, Arabic and English', () => {
    const byDate = new Map(moroccanHolidays(2026).map((h) => [h.date, h.names]));
    expect(byDate.get('2026-07-30')).toEqual({ fr: 'Fête du Trône', ar: 'عيد العرش', en: 'Throne Day' });
    expect(byDate.get('2026-01-11')?.fr).toBe("Manifeste de l'indépendance");
    expect(byDate.get('2026-01-14')?.ar).toBe('رأس السنة الأمازيغية');
  });

  it('adds Aïd Al Wahda (31 October) from 2025 only', () => {
    expect(moroccanHolidays(2024).some((h) => h.date === '2024-10-31')).toBe(false);
    expect(moroccanHolidays(2025).find((h) => h.date === '2025-10-31')).toMatchObject({ key: 'unity_day-2025', names: { ar: 'عيد الوحدة' } });
  });

  it('adds the Amazigh New Year from 2024 only', () => {
    expect(moroccanHolidays(2023).some((h) => h.date === '2023-01-14')).toBe(false);
    expect(moroccanHolidays(2024).find((h) => h.date === '2024-01-14')?.names.en).toBe('Amazigh New Year');
  });

  it.each([2026, 2027])('gives each lunar holiday of %i its Moroccan length in consecutive days, provisional', (year) => {
    const holidays = moroccanHolidays(year);
    for (const [code, length] of Object.entries(LUNAR_RULES)) {
      const found = occurrences(holidays, code);
      expect(found, code).toHaveLength(1);
      const days = found[0] as Holiday[];
      expect(days, code).toHaveLength(length);
      if (length === 2) expect(days[1]?.date).toBe(addDays(days[0]?.date as string, 1));
      for (const h of days) {
        expect(h.kind).toBe('lunar');
        expect(h.status).toBe('provisional');
      }
    }
  });

  it.each([
    [2026, { eid_al_fitr: ['2026-03-19', '2026-03-22'], eid_al_adha: ['2026-05-26', '2026-05-29'], islamic_new_year: ['2026-06-15', '2026-06-18'], mawlid: ['2026-08-24', '2026-08-28'] }],
    [2027, { eid_al_fitr: ['2027-03-08', '2027-03-11'], eid_al_adha: ['2027-05-15', '2027-05-18'], islamic_new_year: ['2027-06-05', '2027-06-08'], mawlid: ['2027-08-13', '2027-08-17'] }],
  ])('places the lunar holidays of %i within their expected window', (year, windows) => {
    const holidays = moroccanHolidays(year);
    for (const [code, [earliest, latest]] of Object.entries(windows) as Array<[string, [string, string]]>) {
      const first = occurrences(holidays, code)[0]?.[0]?.date as string;
      expect(first >= earliest && first <= latest, `${code} starts ${first}`).toBe(true);
    }
  });

  it.each([
    ['eid_al_fitr-1445', ['2024-04-10', '2024-04-11']],
    ['eid_al_adha-1445', ['2024-06-17', '2024-06-18']],
    ['islamic_new_year-1446', ['2024-07-08']],
    ['mawlid-1446', ['2024-09-16', '2024-09-17']],
    ['eid_al_fitr-1446', ['2025-03-31', '2025-04-01']],
    ['eid_al_adha-1446', ['2025-06-07', '2025-06-08']],
    ['islamic_new_year-1447', ['2025-06-27']],
    ['mawlid-1447', ['2025-09-05', '2025-09-06']],
  ])('matches the date Morocco announced for %s', (key, dates) => {
    const all = [...moroccanHolidays(2024), ...moroccanHolidays(2025)];
    expect(all.filter((h) => h.key === key).map((h) => h.date)).toEqual(dates);
  });

  it('starts each lunar holiday on the Umm al-Qura date or the day after, 2024–2035 (the offset Morocco shows)', () => {
    const codes: Record<string, string> = {
      'عيد الفطر': 'eid_al_fitr',
      'عيد الأضحى': 'eid_al_adha',
      'رأس السنة الهجرية': 'islamic_new_year',
      'المولد النبويّ': 'mawlid',
    };
    const ummAlQura = new Holidays('MA');
    for (let year = 2024; year <= 2035; year++) {
      const ours = moroccanHolidays(year);
      for (const reference of ummAlQura.getHolidays(year)) {
        const code = codes[reference.name];
        if (!code) continue;
        const saudiDate = reference.date.slice(0, 10);
        const firstDays = occurrences(ours, code).map((days) => days[0]?.date);
        const matches = firstDays.filter((d) => d === saudiDate || d === addDays(saudiDate, 1));
        expect(matches, `${code} after ${saudiDate}: ${firstDays.join(', ')}`).toHaveLength(1);
      }
    }
  });

  it('lists Eid al-Fitr twice in 2033, once for each Hijri year', () => {
    const fitr = occurrences(moroccanHolidays(2033), 'eid_al_fitr');
    expect(fitr.map((days) => days.map((h) => h.key))).toEqual([
      ['eid_al_fitr-1454', 'eid_al_fitr-1454'],
      ['eid_al_fitr-1455', 'eid_al_fitr-1455'],
    ]);
    expect(fitr.map((days) => days[0]?.date)).toEqual(['2033-01-03', '2033-12-23']);
  });

  it('keeps every lunar holiday whole across year boundaries, 2024–2035', () => {
    const years = Array.from({ length: 14 }, (_, i) => 2023 + i);
    const all = nationalCalendar(years).holidays.filter((h) => h.kind === 'lunar');
    for (const [code, length] of Object.entries(LUNAR_RULES)) {
      for (const days of occurrences(all, code)) {
        if ((days[0]?.date as string) < '2024-01-01' || (days[0]?.date as string) > '2035-12-31') continue;
        expect(days.map((h) => h.key)).toHaveLength(length);
      }
    }
  });

  it('returns the year sorted by date and refuses years it cannot compute', () => {
    const dates = moroccanHolidays(2030).map((h) => h.date);
    expect(dates).toEqual([...dates].sort());
    expect(() => moroccanHolidays(2026.5)).toThrow(RangeError);
    expect(() => moroccanHolidays(1800)).toThrow(/year must be/);
  });

  it('cannot be corrupted by a caller editing the list it returned', () => {
    const first = moroccanHolidays(2028);
    first.pop();
    expect(() => {
      (first[0] as Holiday).date = '2028-02-02';
    }).toThrow(TypeError);
    expect(moroccanHolidays(2028)[0]?.date).toBe('2028-01-01');
    expect(moroccanHolidays(2028).length).toBe(first.length + 1);
  });
});
