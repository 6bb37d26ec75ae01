import { describe, expect, it } from 'vitest';
import type { BusinessCalendar, Holiday } from '../../../domain/calendar/types.js';
import { nationalCalendar, weekendOnlyCalendar } from '../../../domain/calendar/working-days.js';
import { computeDue, type SlaClockInput } from '../../../domain/sla/clock.js';
import type { SlaBudget } from '../../../domain/sla/policy.js';
import { MOROCCO_TIME_ZONE } from '../../../domain/calendar/national-calendar.js';

function input(budget: SlaBudget, startedAt: string, calendar: BusinessCalendar, extra: Partial<SlaClockInput> = {}): SlaClockInput {
  return {
    policy: { budget, legalBasis: 'Loi 55-19', warnAt: [], escalation: [], extension: null, silence: 'none' },
    startedAt,
    pauses: [],
    extension: null,
    calendar,
    ...extra,
  };
}

const tenWorkingDays: SlaBudget = { unit: 'working_days', amount: 10 };

describe('deadline explanation text', () => {
  it('tells a citizen, in three languages, what was counted and what was not', () => {
    const { explanation } = computeDue(input(tenWorkingDays, '2025-03-27T09:00:00Z', nationalCalendar([2025])));
    expect(explanation.text.fr).toBe(
      'Délai légal : 10 jours ouvrables (Loi 55-19). Déposée le 2025-03-27 ; 6 jours de week-end et 2 jours fériés (Aïd al-Fitr) ' +
        "non comptés ; date limite : 2025-04-14. Les dates des fêtes religieuses restent provisoires jusqu'à leur annonce officielle.",
    );
    expect(explanation.text.en).toBe(
      'Legal time limit: 10 working days (Loi 55-19). Submitted on 2025-03-27; 6 weekend days and 2 public holidays (Eid al-Fitr) ' +
        'not counted; deadline: 2025-04-14. Religious holiday dates remain provisional until officially announced.',
    );
    expect(explanation.text.ar).toContain('الأجل القانوني: 10 أيام عمل (Loi 55-19).');
    expect(explanation.text.ar).toContain('6 أيام عطلة أسبوعية ويوما عطلة رسمية (عيد الفطر)');
    expect(explanation.text.ar).toContain('آخر أجل: 2025-04-14.');
  });

  it('drops the provisional notice once the administration has confirmed the dates', () => {
    const names = { fr: 'Aïd al-Fitr', ar: 'عيد الفطر', en: 'Eid al-Fitr' };
    const confirmed: Holiday[] = ['2025-03-31', '2025-04-01'].map((date) => ({ date, key: 'eid_al_fitr-1446', names, kind: 'lunar', status: 'confirmed' }));
    const { explanation } = computeDue(input(tenWorkingDays, '2025-03-27T09:00:00Z', nationalCalendar([2025], confirmed)));
    expect(explanation.text.fr).not.toContain('provisoires');
    expect(explanation.skipped.filter((s) => s.reason === 'holiday').every((s) => !s.provisional)).toBe(true);
  });

  it('uses the singular for a single day not counted', () => {
    // Thursday + 1 working day over a plain weekend would skip two days; over a one-day weekend, one
    const fridayOff: BusinessCalendar = { timeZone: MOROCCO_TIME_ZONE, weekend: [5], holidays: [] };
    const { explanation } = computeDue(input({ unit: 'working_days', amount: 1 }, '2026-06-04T09:00:00Z', fridayOff));
    expect(explanation.text.fr).toContain('1 jour de week-end non compté ;');
    expect(explanation.text.en).toContain('1 weekend day not counted;');
  });

  it('stays short over a ten-year span, naming a few holidays and counting the rest', () => {
    const cal = nationalCalendar(Array.from({ length: 12 }, (_, i) => 2026 + i));
    const { explanation } = computeDue(input({ unit: 'working_days', amount: 2400 }, '2026-01-05T09:00:00Z', cal));
    expect(explanation.skipped.length).toBeGreaterThan(1000);
    for (const text of Object.values(explanation.text)) expect(text.length).toBeLessThan(600);
    expect(explanation.text.fr).toMatch(/\d+ jours fériés \([^()]+…\) non comptés/);
  });

  it('reports pauses and extensions with their reason', () => {
    const { explanation } = computeDue(
      input(tenWorkingDays, '2026-06-01T09:00:00Z', weekendOnlyCalendar(), {
        pauses: [{ startedAt: '2026-06-02T10:00:00Z', endedAt: '2026-06-04T15:00:00Z', reason: 'pièce manquante' }],
        extension: { grantedAt: '2026-06-10T10:00:00Z', budget: { unit: 'working_days', amount: 20 }, reason: 'volume des archives' },
      }),
    );
    expect(explanation.text.fr).toContain('Délai prolongé de 20 jours ouvrables le 2026-06-10 : volume des archives.');
    expect(explanation.text.fr).toContain('délai suspendu pendant 2 jours ouvrables');
    expect(explanation.text.en).toContain('Extended by 20 working days on 2026-06-10: volume des archives.');
    expect(explanation.text.en).toContain('clock stopped for 2 working days');
    expect(explanation.text.ar).toContain('مدة توقف الأجل: يوما عمل');
    expect(explanation.pauses).toHaveLength(1);
    expect(explanation.extension?.budget).toEqual({ unit: 'working_days', amount: 20 });
  });

  it('explains a calendar-day deadline moved off a weekend', () => {
    const { explanation } = computeDue(input({ unit: 'calendar_days', amount: 5 }, '2026-03-02T09:00:00Z', weekendOnlyCalendar()));
    expect(explanation.text.fr).toBe(
      'Délai légal : 5 jours (Loi 55-19). Déposée le 2026-03-02 ; échéance reportée au jour ouvrable suivant (2 jours de week-end) ; date limite : 2026-03-09.',
    );
  });

  it('gives the exact local time of a duration deadline', () => {
    const { explanation } = computeDue(
      input({ unit: 'duration', iso: 'PT5S' }, '2026-06-01T09:00:00Z', weekendOnlyCalendar(), {
        pauses: [{ startedAt: '2026-06-01T09:00:01Z', endedAt: '2026-06-01T09:00:03.500Z', reason: 'r' }],
      }),
    );
    expect(explanation.text.fr).toBe(
      'Délai légal : 5 secondes (Loi 55-19). Déposée le 2026-06-01 10:00:00 ; délai suspendu pendant 2,5 secondes ; date limite : 2026-06-01 10:00:07 (heure locale).',
    );
    expect(explanation.text.en).toContain('clock stopped for 2.5 seconds; deadline: 2026-06-01 10:00:07 (local time).');
  });

  it('keeps the structured facts next to the text', () => {
    const { explanation } = computeDue(input(tenWorkingDays, '2025-03-27T09:00:00Z', nationalCalendar([2025])));
    expect(explanation).toMatchObject({
      rule: 'working_days',
      legalBasis: 'Loi 55-19',
      startedAt: '2025-03-27T09:00:00Z',
      startDate: '2025-03-27',
      budget: tenWorkingDays,
      workingDaysCounted: 10,
      extension: null,
      dueDate: '2025-04-14',
      dueAt: '2025-04-14T22:59:59.999Z',
      stoppedSince: null,
    });
    const dates = explanation.skipped.map((s) => s.date);
    expect(dates).toEqual([...dates].sort());
  });
});
