import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endOfLocalDay, nationalCalendar, weekendOnlyCalendar } from '../../../domain/calendar/working-days.js';
import { computeDue, slaMilestones, type SlaClockInput, type SlaPause } from '../../../domain/sla/clock.js';
import type { EscalationStep, SlaBudget } from '../../../domain/sla/policy.js';
import { MOROCCO_TIME_ZONE } from '../../../domain/calendar/national-calendar.js';

const LADDER: EscalationStep[] = [
  { after: { days: 2 }, notify: 'head_of_service' },
  { after: { days: 5 }, notify: 'manager' },
];

function input(budget: SlaBudget, options: { warnAt?: number[]; escalation?: EscalationStep[]; pauses?: SlaPause[]; startedAt?: string } = {}): SlaClockInput {
  return {
    policy: {
      budget,
      legalBasis: 'Loi 31-13',
      warnAt: options.warnAt ?? [0.5, 0.75, 0.9],
      escalation: options.escalation ?? LADDER,
      extension: null,
      silence: 'implicit_refusal',
    },
    // Monday 1 June 2026, no holiday in the weeks that follow
    startedAt: options.startedAt ?? '2026-06-01T09:00:00Z',
    pauses: options.pauses ?? [],
    extension: null,
    calendar: weekendOnlyCalendar(),
  };
}

describe('slaMilestones', () => {
  it('warns at 50/75/90 % of a working-day budget, then breaches, then escalates in working days', () => {
    expect(slaMilestones(input({ unit: 'working_days', amount: 10 }))).toEqual([
      { kind: 'warning', fraction: 0.5, at: endOfLocalDay('2026-06-08', MOROCCO_TIME_ZONE) }, // 5th working day
      { kind: 'warning', fraction: 0.75, at: endOfLocalDay('2026-06-11', MOROCCO_TIME_ZONE) }, // 8th (7.5 rounded up)
      { kind: 'warning', fraction: 0.9, at: endOfLocalDay('2026-06-12', MOROCCO_TIME_ZONE) }, // 9th
      { kind: 'breach', at: endOfLocalDay('2026-06-15', MOROCCO_TIME_ZONE) },
      { kind: 'escalation', level: 1, notify: 'head_of_service', at: endOfLocalDay('2026-06-17', MOROCCO_TIME_ZONE) },
      { kind: 'escalation', level: 2, notify: 'manager', at: endOfLocalDay('2026-06-22', MOROCCO_TIME_ZONE) },
    ]);
  });

  it('puts the breach at the computed due instant', () => {
    const due = computeDue(input({ unit: 'working_days', amount: 10 }));
    expect(slaMilestones(input({ unit: 'working_days', amount: 10 })).find((m) => m.kind === 'breach')?.at).toBe(due.dueAt);
  });

  it('escalates in calendar days, rolled to a working day, for calendar-day budgets', () => {
    const milestones = slaMilestones(input({ unit: 'calendar_days', amount: 4 }, { warnAt: [] }));
    expect(milestones).toEqual([
      { kind: 'breach', at: endOfLocalDay('2026-06-05', MOROCCO_TIME_ZONE) },
      // Friday + 2 days = Sunday → Monday; Friday + 5 = Wednesday
      { kind: 'escalation', level: 1, notify: 'head_of_service', at: endOfLocalDay('2026-06-08', MOROCCO_TIME_ZONE) },
      { kind: 'escalation', level: 2, notify: 'manager', at: endOfLocalDay('2026-06-10', MOROCCO_TIME_ZONE) },
    ]);
  });

  it('uses exact offsets for duration budgets', () => {
    const milestones = slaMilestones(
      input({ unit: 'duration', iso: 'PT2S' }, { escalation: [{ after: { iso: 'PT1S' }, notify: 'head_of_service' }], startedAt: '2026-06-01T09:00:00Z' }),
    );
    expect(milestones).toEqual([
      { kind: 'warning', fraction: 0.5, at: '2026-06-01T09:00:01.000Z' },
      { kind: 'warning', fraction: 0.75, at: '2026-06-01T09:00:01.500Z' },
      { kind: 'warning', fraction: 0.9, at: '2026-06-01T09:00:01.800Z' },
      { kind: 'breach', at: '2026-06-01T09:00:02.000Z' },
      { kind: 'escalation', level: 1, notify: 'head_of_service', at: '2026-06-01T09:00:03.000Z' },
    ]);
  });

  it('drops warnings that would coincide with the breach and merges warnings on the same day', () => {
    expect(slaMilestones(input({ unit: 'working_days', amount: 1 }, { escalation: [] }))).toEqual([
      { kind: 'breach', at: endOfLocalDay('2026-06-02', MOROCCO_TIME_ZONE) },
    ]);
    // 3 days: 50 % → day 2, 75 % and 90 % → day 3 = the breach
    expect(slaMilestones(input({ unit: 'working_days', amount: 3 }, { escalation: [] })).map((m) => m.kind)).toEqual(['warning', 'breach']);
    // 40 % and 50 % of 3 days both round up to day 2: one warning, with the higher fraction
    expect(slaMilestones(input({ unit: 'working_days', amount: 3 }, { warnAt: [0.4, 0.5], escalation: [] }))).toEqual([
      { kind: 'warning', fraction: 0.5, at: endOfLocalDay('2026-06-03', MOROCCO_TIME_ZONE) },
      { kind: 'breach', at: endOfLocalDay('2026-06-04', MOROCCO_TIME_ZONE) },
    ]);
  });

  it('is empty while the clock is paused', () => {
    expect(slaMilestones(input({ unit: 'working_days', amount: 10 }, { pauses: [{ startedAt: '2026-06-03T10:00:00Z', endedAt: null, reason: 'r' }] }))).toEqual([]);
    expect(slaMilestones(input({ unit: 'duration', iso: 'PT5S' }, { pauses: [{ startedAt: '2026-06-01T09:00:01Z', endedAt: null, reason: 'r' }] }))).toEqual([]);
  });

  it('moves the milestones a pause interrupts, and only those', () => {
    // paused from Wednesday 3 to Monday 8 June: 3 working days (4, 5 and 8 June)
    const pauses = [{ startedAt: '2026-06-03T10:00:00Z', endedAt: '2026-06-08T10:00:00Z', reason: 'r' }];
    const milestones = slaMilestones(input({ unit: 'working_days', amount: 10 }, { warnAt: [0.1, 0.5], escalation: [], pauses }));
    expect(milestones).toEqual([
      { kind: 'warning', fraction: 0.1, at: endOfLocalDay('2026-06-02', MOROCCO_TIME_ZONE) }, // reached before the pause
      { kind: 'warning', fraction: 0.5, at: endOfLocalDay('2026-06-11', MOROCCO_TIME_ZONE) }, // 5th + 3
      { kind: 'breach', at: endOfLocalDay('2026-06-18', MOROCCO_TIME_ZONE) }, // 10th + 3
    ]);
  });

  it('rejects day-based escalation steps on a duration budget', () => {
    expect(() => slaMilestones(input({ unit: 'duration', iso: 'PT5S' }, { escalation: [{ after: { days: 1 }, notify: 'manager' }] }))).toThrow(
      /ISO duration/,
    );
  });

  it('is always in ascending order with the breach at the due instant, on the national calendar', () => {
    const national = nationalCalendar([2026, 2027, 2028]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 }),
        fc.integer({ min: 1, max: 150 }),
        fc.constantFrom<SlaBudget['unit']>('working_days', 'calendar_days', 'duration'),
        (day, amount, unit) => {
          const budget: SlaBudget = unit === 'duration' ? { unit, iso: `PT${amount}H` } : { unit, amount };
          const escalation: EscalationStep[] =
            unit === 'duration' ? [{ after: { iso: 'PT1H' }, notify: 'head_of_service' }] : [{ after: { days: 1 }, notify: 'head_of_service' }];
          const clock = { ...input(budget, { escalation }), calendar: national, startedAt: new Date(Date.UTC(2026, 0, 1 + day, 10)).toISOString() };
          const milestones = slaMilestones(clock);
          const times = milestones.map((m) => Date.parse(m.at));
          expect(times).toEqual([...times].sort((a, b) => a - b));
          expect(milestones.find((m) => m.kind === 'breach')?.at).toBe(computeDue(clock).dueAt);
          expect(milestones.filter((m) => m.kind === 'warning').every((m) => Date.parse(m.at) < Date.parse(computeDue(clock).dueAt as string))).toBe(true);
        },
      ),
    );
  });
});
