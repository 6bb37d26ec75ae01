import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  publishableSlots,
  slotTimeMinutes,
  type SlotExceptionRule,
  type SlotTemplateRule,
} from '../../../domain/appointments/slot-publication.js';
import { fromEpochDay, toEpochDay } from '../../../domain/calendar/iso-date.js';
import { nationalCalendar } from '../../../domain/calendar/national-calendar.js';
import {
  clockMinutes,
  DEFAULT_RAMADAN_HOURS,
  DEFAULT_REGULAR_HOURS,
  officeHoursOn,
  ramadanDates,
  type OfficeDay,
  type OfficeHours,
  type RamadanSchedule,
} from '../../../domain/calendar/office-hours.js';
import { localDateTimeOfMs } from '../../../domain/calendar/zoned-time.js';
import { moroccoLegalTime } from '../../../platform/legal-time.js';

const zone = moroccoLegalTime();
const calendar = nationalCalendar([2026, 2027]);
const SERVICE = 'service-a';
const OTHER = 'service-b';

const ramadans: RamadanSchedule[] = [2026, 2027].flatMap(ramadanDates).map((r) => ({
  ...r,
  fromConfirmed: false,
  toConfirmed: false,
  hours: DEFAULT_RAMADAN_HOURS,
}));

/** The office's days from `from` to `to`, national calendar, default regular and Ramadan hours unless told. */
function days(from: string, to = from, regular: OfficeHours = DEFAULT_REGULAR_HOURS): OfficeDay[] {
  const list: OfficeDay[] = [];
  for (let day = toEpochDay(from); day <= toEpochDay(to); day++) {
    const date = fromEpochDay(day);
    const ramadan = ramadans.find((r) => r.from <= date && date <= r.to) ?? null;
    list.push(officeHoursOn(date, { calendar, regular, ramadan }));
  }
  return list;
}

function template(overrides: Partial<SlotTemplateRule> = {}): SlotTemplateRule {
  return { serviceId: SERVICE, advisorId: null, weekday: 1, startTime: '10:00', endTime: '11:00', lengthMinutes: 60, seats: 2, bufferMinutes: 0, ...overrides };
}

const publish = (d: OfficeDay[], templates: SlotTemplateRule[], exceptions: SlotExceptionRule[] = []) =>
  publishableSlots({ days: d, templates, exceptions, zone });

const starts = (slots: { localStart: string }[]) => slots.map((s) => s.localStart);

describe('a slot on the Moroccan wall clock', () => {
  it('starts at 09:00Z at 10:00 before 2026-09-20 (UTC+1)', () => {
    expect(publish(days('2026-06-15'), [template()])).toEqual([
      {
        serviceId: SERVICE,
        advisorId: null,
        localDate: '2026-06-15',
        localStart: '10:00',
        localEnd: '11:00',
        startsAt: '2026-06-15T09:00:00.000Z',
        endsAt: '2026-06-15T10:00:00.000Z',
        seats: 2,
      },
    ]);
  });

  it('starts at 10:00Z at 10:00 during Ramadan 2026 (UTC+0)', () => {
    expect(ramadanDates(2026)[0]).toMatchObject({ from: '2026-02-18', to: '2026-03-19' });
    const [slot] = publish(days('2026-03-02'), [template()]);
    expect(slot).toMatchObject({ localStart: '10:00', startsAt: '2026-03-02T10:00:00.000Z', endsAt: '2026-03-02T11:00:00.000Z' });
  });

  it('starts at 10:00Z at 10:00 after 2026-09-20, when Morocco keeps UTC+0 all year (tzdata 2026f)', () => {
    expect(zone.version >= '2026f').toBe(true);
    expect(publish(days('2026-09-21'), [template()])[0]?.startsAt).toBe('2026-09-21T10:00:00.000Z');
    expect(publish(days('2026-12-14'), [template()])[0]?.startsAt).toBe('2026-12-14T10:00:00.000Z');
    expect(publish(days('2027-06-14'), [template()])[0]?.startsAt).toBe('2027-06-14T10:00:00.000Z');
  });

  it('is read with the offset of its own day across a change: the Friday before and the Monday after 2026-09-20', () => {
    const slots = publish(days('2026-09-18', '2026-09-21'), [template({ weekday: 5 }), template({ weekday: 1 })]);
    expect(slots.map((s) => [s.localDate, s.startsAt])).toEqual([
      ['2026-09-18', '2026-09-18T09:00:00.000Z'],
      ['2026-09-21', '2026-09-21T10:00:00.000Z'],
    ]);
  });
});

describe('slots of a template', () => {
  it('start every length plus buffer minutes within the template’s hours, the last ending by its end', () => {
    expect(starts(publish(days('2026-12-14'), [template({ startTime: '09:00', endTime: '12:00', lengthMinutes: 30 })]))).toEqual([
      '09:00', '09:30', '10:00', '10:30', '11:00', '11:30',
    ]);
    const buffered = publish(days('2026-12-14'), [template({ startTime: '09:00', endTime: '12:00', lengthMinutes: 30, bufferMinutes: 10 })]);
    expect(buffered.map((s) => `${s.localStart}-${s.localEnd}`)).toEqual(['09:00-09:30', '09:40-10:10', '10:20-10:50', '11:00-11:30']);
  });

  it('are published on the template’s weekday only (ISO: 1 Monday … 7 Sunday)', () => {
    const week = days('2026-12-14', '2026-12-20');
    expect(publish(week, [template({ weekday: 3 })]).map((s) => s.localDate)).toEqual(['2026-12-16']);
    expect(publish(week, [template({ weekday: 5 })]).map((s) => s.localDate)).toEqual(['2026-12-18']);
  });

  it('lie wholly inside the opening hours: none before 08:30, none running past 16:30', () => {
    expect(starts(publish(days('2026-12-14'), [template({ startTime: '08:00', endTime: '10:00', lengthMinutes: 30 })]))).toEqual(['08:30', '09:00', '09:30']);
    expect(starts(publish(days('2026-12-14'), [template({ startTime: '16:00', endTime: '17:00', lengthMinutes: 30 })]))).toEqual(['16:00']);
    expect(publish(days('2026-12-14'), [template({ startTime: '08:15', endTime: '09:00', lengthMinutes: 30 })])).toEqual([]);
  });

  it('keep to the gaps of a day with a break (an entity’s own hours of two intervals)', () => {
    const split: OfficeHours = [{ from: '08:30', to: '12:00' }, { from: '13:00', to: '16:30' }];
    const slots = publish(days('2026-12-14', '2026-12-14', split), [template({ startTime: '11:00', endTime: '14:00', lengthMinutes: 30 })]);
    expect(starts(slots)).toEqual(['11:00', '11:30', '13:00', '13:30']);
  });

  it('shrink to the Ramadan hours (09:00–15:00): a 15:00–16:00 template publishes nothing on a Ramadan day', () => {
    const afternoon = [template({ startTime: '15:00', endTime: '16:00', lengthMinutes: 30 })];
    expect(publish(days('2026-03-02'), afternoon)).toEqual([]);
    expect(starts(publish(days('2026-03-23'), afternoon))).toEqual(['15:00', '15:30']);
    const morning = [template({ startTime: '08:30', endTime: '10:00', lengthMinutes: 30 })];
    expect(starts(publish(days('2026-03-02'), morning))).toEqual(['09:00', '09:30']);
  });

  it('are never published on a weekend or a holiday', () => {
    expect(publish(days('2026-12-19', '2026-12-20'), [template({ weekday: 6 }), template({ weekday: 7 })])).toEqual([]);
    // 18 November, Independence Day (a Wednesday in 2026); 1 January 2027 (a Friday)
    expect(publish(days('2026-11-18'), [template({ weekday: 3 })])).toEqual([]);
    expect(publish(days('2027-01-01'), [template({ weekday: 5 })])).toEqual([]);
  });

  it('carry their advisor and seats; two services publish side by side', () => {
    const slots = publish(days('2026-12-14'), [template({ advisorId: 'advisor-1', seats: 1 }), template({ serviceId: OTHER, seats: 5 })]);
    expect(slots.map((s) => [s.serviceId, s.advisorId, s.seats])).toEqual([
      [SERVICE, 'advisor-1', 1],
      [OTHER, null, 5],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
  });

  it('are published once when two templates give the same start, with the larger capacity', () => {
    const slots = publish(days('2026-12-14'), [template({ seats: 2 }), template({ seats: 4, endTime: '12:00' })]);
    expect(slots.map((s) => [s.localStart, s.seats])).toEqual([['10:00', 4], ['11:00', 4]]);
  });
});

describe('exceptions', () => {
  const day = '2026-12-14';
  const full = [template({ startTime: '09:00', endTime: '12:00', lengthMinutes: 30 }), template({ serviceId: OTHER, startTime: '09:00', endTime: '10:00', lengthMinutes: 60 })];
  const closure = (overrides: Partial<SlotExceptionRule> = {}): SlotExceptionRule =>
    ({ kind: 'closure', date: day, serviceId: null, advisorId: null, startTime: null, endTime: null, ...overrides }) as SlotExceptionRule;

  it('a whole-day closure for every service takes every slot of that day, and only that day', () => {
    const slots = publish(days(day, '2026-12-21'), full, [closure()]);
    expect(new Set(slots.map((s) => s.localDate))).toEqual(new Set(['2026-12-21']));
  });

  it('a closure of a time range takes the slots it overlaps, even by a minute', () => {
    const slots = publish(days(day), full, [closure({ startTime: '10:15', endTime: '11:00' })]);
    expect(slots.filter((s) => s.serviceId === SERVICE).map((s) => s.localStart)).toEqual(['09:00', '09:30', '11:00', '11:30']);
    expect(slots.filter((s) => s.serviceId === OTHER).map((s) => s.localStart)).toEqual(['09:00']);
    const touching = publish(days(day), full, [closure({ startTime: '10:00', endTime: '10:30' })]);
    expect(starts(touching.filter((s) => s.serviceId === SERVICE))).toEqual(['09:00', '09:30', '10:30', '11:00', '11:30']);
  });

  it('a closure for one service leaves the others', () => {
    const slots = publish(days(day), full, [closure({ serviceId: OTHER })]);
    expect(new Set(slots.map((s) => s.serviceId))).toEqual(new Set([SERVICE]));
  });

  it('a closure for one advisor leaves the service’s other advisors', () => {
    const advisors = [template({ advisorId: 'a1' }), template({ advisorId: 'a2' })];
    const slots = publish(days(day), advisors, [closure({ serviceId: SERVICE, advisorId: 'a1' })]);
    expect(slots.map((s) => s.advisorId)).toEqual(['a2']);
  });

  it('an opening adds slots cut its own way, inside the opening hours only', () => {
    const opening: SlotExceptionRule = {
      kind: 'opening', date: '2026-12-16', serviceId: SERVICE, advisorId: null,
      startTime: '15:00', endTime: '18:00', lengthMinutes: 45, seats: 3, bufferMinutes: 15,
    };
    const slots = publish(days(day, '2026-12-18'), full, [opening]);
    const wednesday = slots.filter((s) => s.localDate === '2026-12-16');
    expect(wednesday.map((s) => [s.localStart, s.localEnd, s.seats])).toEqual([['15:00', '15:45', 3]]);
  });

  it('an opening on a weekend or a holiday publishes nothing: slots exist only inside opening hours', () => {
    const opening = (date: string): SlotExceptionRule => ({
      kind: 'opening', date, serviceId: SERVICE, advisorId: null, startTime: '09:00', endTime: '12:00', lengthMinutes: 30, seats: 1, bufferMinutes: 0,
    });
    expect(publish(days('2026-12-19'), [], [opening('2026-12-19')])).toEqual([]);
    expect(publish(days('2026-11-18'), [], [opening('2026-11-18')])).toEqual([]);
  });

  it('a closure takes an opening’s slots too', () => {
    const opening: SlotExceptionRule = {
      kind: 'opening', date: day, serviceId: SERVICE, advisorId: null, startTime: '14:00', endTime: '15:00', lengthMinutes: 30, seats: 1, bufferMinutes: 0,
    };
    expect(publish(days(day), [], [opening, closure({ startTime: '14:00', endTime: '14:30' })]).map((s) => s.localStart)).toEqual(['14:30']);
  });
});

describe('slotTimeMinutes', () => {
  it('reads 00:00 to 24:00 and nothing else', () => {
    expect(slotTimeMinutes('00:00')).toBe(0);
    expect(slotTimeMinutes('23:59')).toBe(1439);
    expect(slotTimeMinutes('24:00')).toBe(1440);
    for (const bad of ['24:01', '25:00', '9:00', '09:60', '', null, 540, '09:00\u0000']) expect(slotTimeMinutes(bad)).toBeNull();
  });
});

describe('every published slot', () => {
  it('lies inside an opening interval of an open day, on the wall clock its instants read', () => {
    const range = days('2026-01-01', '2026-12-31');
    const open = new Map(range.map((d) => [d.date, d]));
    const time = fc.integer({ min: 0, max: 24 * 4 - 1 }).map((q) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`);
    const rule = fc.record({
      serviceId: fc.constantFrom(SERVICE, OTHER),
      advisorId: fc.constantFrom(null, 'a1'),
      weekday: fc.integer({ min: 1, max: 7 }),
      startTime: time,
      endTime: time,
      lengthMinutes: fc.integer({ min: 5, max: 480 }),
      seats: fc.integer({ min: 1, max: 500 }),
      bufferMinutes: fc.integer({ min: 0, max: 240 }),
    });
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 4 }), (templates) => {
        for (const slot of publishableSlots({ days: range, templates, exceptions: [], zone })) {
          const day = open.get(slot.localDate)!;
          expect(day.open).toBe(true);
          const [from, to] = [clockMinutes(slot.localStart)!, slotTimeMinutes(slot.localEnd)!];
          expect(day.intervals.some((i) => clockMinutes(i.from)! <= from && to <= clockMinutes(i.to)!)).toBe(true);
          expect(localDateTimeOfMs(Date.parse(slot.startsAt), zone)).toBe(`${slot.localDate} ${slot.localStart}:00`);
          expect(Date.parse(slot.endsAt) - Date.parse(slot.startsAt)).toBe((to - from) * 60_000);
        }
      }),
      { numRuns: 60 },
    );
  });
});
