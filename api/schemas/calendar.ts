import { Type, type Static } from 'typebox';
import { Explanation } from './case.js';
import { LocalizedText } from './common.js';

const EntityCode = Type.String({ pattern: '^[A-Za-z0-9_-]{1,60}$', description: 'entity code; absent: the national calendar' });

export const CalendarDate = Type.String({ maxLength: 10, description: 'YYYY-MM-DD', examples: ['2026-11-05'] });

const dayCount = (description: string) => Type.Integer({ minimum: 0, maximum: 3650, description });

const HolidayKind = Type.Enum(['fixed', 'lunar', 'one_off'], { description: 'fixed date, lunar (moon sighting) or a one-off day off' });

const HolidayStatus = Type.Enum(['provisional', 'confirmed'], { description: 'lunar dates stay provisional until announced' });

export const HolidaysQuery = Type.Object(
  {
    year: Type.Integer({ description: 'Gregorian year, from 2024 to ten years ahead' }),
    entity: Type.Optional(EntityCode),
  },
  { additionalProperties: false },
);

export const DueDateQuery = Type.Object(
  {
    from: CalendarDate,
    workingDays: Type.Optional(dayCount('budget in working days, 0 to 3650 (give this or calendarDays)')),
    calendarDays: Type.Optional(dayCount('budget in calendar days, 0 to 3650 (give this or workingDays)')),
    entity: Type.Optional(EntityCode),
  },
  { additionalProperties: false },
);

export const HolidayDateParams = Type.Object({ date: CalendarDate });

export const EntityQuery = Type.Object({ entity: Type.Optional(EntityCode) }, { additionalProperties: false });

export const SetHolidayBody = Type.Object(
  {
    // Checked in code (api/calendar/holiday-request.ts): a schema union would answer a wrong object with "must be string".
    name: Type.Unknown({
      description: 'the name in French, Arabic and English ({ "fr", "ar", "en" }), or one name for all three; 1 to 100 characters each',
      examples: [{ fr: 'Aïd al-Fitr', ar: 'عيد الفطر', en: 'Eid al-Fitr' }, 'Aïd al-Fitr'],
    }),
    kind: HolidayKind,
    status: HolidayStatus,
    days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 3, description: 'consecutive days off from :date; default: as many as the computed holiday, else 1' }),
    ),
    key: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'the occurrence to confirm or move, e.g. eid_al_adha-1447; default: found from the date, kind and name',
      }),
    ),
    entity: Type.Optional(EntityCode),
  },
  { additionalProperties: false },
);
export type SetHolidayBody = Static<typeof SetHolidayBody>;

export const HolidayView = Type.Object({
  date: Type.String(),
  key: Type.String(),
  names: LocalizedText,
  kind: Type.String(),
  status: Type.String(),
});

export const HolidaysResponse = Type.Object({
  year: Type.Integer(),
  entity: Type.Union([Type.String(), Type.Null()]),
  holidays: Type.Array(HolidayView),
});

export const DueDateResponse = Type.Object({
  from: Type.String(),
  entity: Type.Union([Type.String(), Type.Null()]),
  dueDate: Type.String(),
  dueAt: Type.String({ description: 'end of the due date, Moroccan time' }),
  explanation: Explanation,
});

export const CalendarChangeResponse = Type.Object({
  entity: Type.Union([Type.String(), Type.Null()]),
  key: Type.String(),
  change: Type.String({ description: 'added, removed, moved, confirmed or updated' }),
  changedDates: Type.Array(Type.String(), { description: 'the days whose status changed' }),
  reason: LocalizedText,
  casesNotified: Type.Integer({ description: 'running cases told to recompute their due date' }),
  casesNotReached: Type.Integer({ description: 'running cases that could not be told (logged; the engine was unreachable)' }),
  years: Type.Array(Type.Integer()),
  holidays: Type.Array(HolidayView, { description: 'the resulting holidays of those years' }),
});

const ClockTime = Type.String({ maxLength: 5, description: 'HH:MM, 24-hour, Moroccan time (Africa/Casablanca)', examples: ['08:30'] });

const dateField = (description: string, example: string) => Type.String({ maxLength: 10, description, examples: [example] });

const OpeningInterval = Type.Object({ from: Type.String({ examples: ['08:30'] }), to: Type.String({ examples: ['16:30'] }) });

export const OfficeHoursQuery = Type.Object(
  {
    date: Type.Optional(dateField('one day, YYYY-MM-DD (or give from and to)', '2026-11-24')),
    from: Type.Optional(dateField('first day of a range of at most 62 days, YYYY-MM-DD', '2026-11-02')),
    to: Type.Optional(dateField('last day of the range, YYYY-MM-DD', '2026-12-31')),
    entity: Type.Optional(EntityCode),
  },
  { additionalProperties: false },
);

const RamadanDates = {
  hijriYear: Type.Integer({ examples: [1456] }),
  from: Type.String({ description: 'first day of Ramadan' }),
  to: Type.String({ description: 'last day of Ramadan' }),
  fromConfirmed: Type.Boolean({ description: 'false: computed, provisional until the moon sighting is announced' }),
  toConfirmed: Type.Boolean({ description: 'false: computed, provisional until the moon sighting is announced' }),
};

export const OfficeDayView = Type.Object({
  date: Type.String(),
  open: Type.Boolean(),
  reason: Type.Enum(['regular', 'ramadan', 'weekend', 'holiday'], { description: 'why the office keeps these hours' }),
  intervals: Type.Array(OpeningInterval, { description: 'opening intervals, Moroccan time; empty when closed' }),
  holiday: Type.Optional(HolidayView),
  ramadan: Type.Optional(Type.Object(RamadanDates)),
});

export const OfficeHoursResponse = Type.Object({
  entity: Type.Union([Type.String(), Type.Null()]),
  timeZone: Type.String({ examples: ['Africa/Casablanca'] }),
  from: Type.String(),
  to: Type.String(),
  days: Type.Array(OfficeDayView),
});

export const RamadanYearParams = Type.Object({ year: Type.Integer({ description: 'the Gregorian year in which that Ramadan begins, from 2024 to ten years ahead' }) });

export const SetRamadanBody = Type.Object(
  {
    opensAt: ClockTime,
    closesAt: ClockTime,
    start: Type.Optional(dateField('the announced first day of Ramadan, within 20 days of the computed one', '2034-11-13')),
    end: Type.Optional(dateField('the announced last day of Ramadan: from start to end, both counted, Ramadan lasts 29 or 30 days', '2034-12-11')),
    hijriYear: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 9999, description: 'which Ramadan, when two begin in :year (2030: 1451 and 1452)' }),
    ),
  },
  { additionalProperties: false },
);

export const RamadanResponse = Type.Object({
  year: Type.Integer(),
  ...RamadanDates,
  hours: Type.Array(OpeningInterval),
});

export const SetOfficeHoursBody = Type.Object(
  {
    opensAt: ClockTime,
    closesAt: ClockTime,
    entity: Type.Optional(EntityCode),
  },
  { additionalProperties: false },
);

export const RegularHoursResponse = Type.Object({
  entity: Type.Union([Type.String(), Type.Null()]),
  hours: Type.Array(OpeningInterval, { description: 'the hours of a working day outside Ramadan now in force for the entity (or the country)' }),
});
