import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { vtimezone } from '../../domain/appointments/vtimezone.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';

/** The instant a calendar reading this VTIMEZONE gives to a Moroccan wall-clock time. */
function instantOf(localDateTime: string, around: string): string {
  const zone = new ICAL.Timezone(new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\n${vtimezone(moroccoLegalTime(), Date.parse(around))}\r\nEND:VCALENDAR`)).getFirstSubcomponent('vtimezone')!);
  const time = ICAL.Time.fromDateTimeString(localDateTime);
  time.zone = zone;
  return time.toJSDate().toISOString();
}

describe('the VTIMEZONE of Morocco’s legal time', () => {
  it('says UTC+1 before 2026-09-20, UTC+0 during Ramadan 2026 and UTC+0 after, as tzdata 2026f does', () => {
    expect(instantOf('2026-06-15T10:00:00', '2026-06-15T09:00:00Z')).toBe('2026-06-15T09:00:00.000Z');
    expect(instantOf('2026-03-02T10:00:00', '2026-03-02T10:00:00Z')).toBe('2026-03-02T10:00:00.000Z');
    expect(instantOf('2026-11-10T10:00:00', '2026-11-10T10:00:00Z')).toBe('2026-11-10T10:00:00.000Z');
  });

  it('names the change of 2026-09-20 and, far from any change, the offset in force', () => {
    const nearChange = vtimezone(moroccoLegalTime(), Date.parse('2026-10-01T00:00:00Z'));
    expect(nearChange).toContain('TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000');
    const later = vtimezone(moroccoLegalTime(), Date.parse('2030-06-01T00:00:00Z'));
    expect(later.match(/BEGIN:STANDARD/g)).toHaveLength(1);
    expect(later).toContain('TZOFFSETTO:+0000');
  });
});
