import type { ZoneRules } from './zone-rules.js';

/** A civil date in the Moroccan calendar, `YYYY-MM-DD`, with no time and no zone. */
export type IsoDate = string;

export type HolidayKind = 'fixed' | 'lunar' | 'one_off';
export type HolidayStatus = 'provisional' | 'confirmed';

export interface LocalizedName {
  fr: string;
  ar: string;
  en: string;
}

/** One day off. A two-day holiday is two entries sharing a `key`. */
export interface Holiday {
  date: IsoDate;
  key: string;
  names: LocalizedName;
  kind: HolidayKind;
  status: HolidayStatus;
}

/** Everything the working-day arithmetic needs; plain data so it can cross into a workflow. */
export interface BusinessCalendar {
  /** IANA zone in which civil dates are read: Africa/Casablanca */
  timeZone: string;
  /**
   * That zone's offsets from the tz data the platform ships. Absent only in calendars recorded
   * in histories before it existed, which keep reading the runtime's Intl so they replay alike.
   */
  zone?: ZoneRules;
  /** weekend days as JS getUTCDay() numbers: 0 = Sunday … 6 = Saturday */
  weekend: number[];
  holidays: Holiday[];
}
