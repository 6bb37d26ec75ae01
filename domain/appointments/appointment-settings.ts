import { parseIsoDuration } from '../sla/iso-duration.js';

export const MODALITIES = ['in_person', 'video'] as const;
export type Modality = (typeof MODALITIES)[number];

/**
 * What a service that books appointments (or a consultation's meetings) sets beyond its clocks;
 * kept in the catalogue (service.settings), with these defaults for whatever it leaves out.
 * Durations are ISO 8601 (`PT24H`, `PT15M`), so tests can use seconds.
 */
export interface AppointmentSettings {
  /** booked appointments are confirmed at once, without a handler's confirmation */
  confirmAtOnce: boolean;
  modalities: readonly Modality[];
  /** slots are published per advisor (a legal consultation's meetings) */
  byAdvisor: boolean;
  /** reminders before the start, e.g. ['PT24H', 'PT1H'] */
  reminders: readonly string[];
  /** how long after the start nobody checking in makes a no-show */
  noShowGrace: string;
  /** a citizen cancels or reschedules only up to this long before the start; staff always */
  noticePeriod: string;
  /** how long a seat is held while a citizen fills the booking form */
  holdDuration: string;
  /** how long a freed seat stays offered to the first in line (never past the start) */
  waitlistClaimWindow: string;
  /** how long before the start a citizen may be checked in */
  checkInOpens: string;
}

export const DEFAULT_APPOINTMENT_SETTINGS: AppointmentSettings = Object.freeze({
  confirmAtOnce: false,
  modalities: Object.freeze(['in_person'] as Modality[]),
  byAdvisor: false,
  reminders: Object.freeze(['PT24H', 'PT1H']),
  noShowGrace: 'PT15M',
  noticePeriod: 'PT24H',
  holdDuration: 'PT5M',
  waitlistClaimWindow: 'PT2H',
  checkInOpens: 'PT3H',
});

const DURATIONS = ['noShowGrace', 'noticePeriod', 'holdDuration', 'waitlistClaimWindow', 'checkInOpens'] as const;

/** A problem with a service's settings, naming the field; null when they are usable. */
export function appointmentSettingsProblem(value: unknown): { field: string; message: string } | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { field: 'settings', message: 'must be an object' };
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!Object.hasOwn(DEFAULT_APPOINTMENT_SETTINGS, key)) return { field: `settings.${key}`, message: 'is not a setting of appointments' };
  }
  for (const key of ['confirmAtOnce', 'byAdvisor'] as const) {
    if (key in v && typeof v[key] !== 'boolean') return { field: `settings.${key}`, message: 'must be true or false' };
  }
  if ('modalities' in v) {
    const m = v.modalities;
    if (!Array.isArray(m) || m.length === 0 || m.length > 2 || !m.every((x) => (MODALITIES as readonly unknown[]).includes(x)) || new Set(m).size !== m.length) {
      return { field: 'settings.modalities', message: `must list one or both of ${MODALITIES.join(', ')}` };
    }
  }
  const durations: Array<[string, unknown]> = DURATIONS.filter((k) => k in v).map((k) => [`settings.${k}`, v[k]]);
  if ('reminders' in v) {
    if (!Array.isArray(v.reminders) || v.reminders.length > 5) return { field: 'settings.reminders', message: 'must be a list of at most 5 ISO durations' };
    v.reminders.forEach((r, i) => durations.push([`settings.reminders.${i}`, r]));
  }
  for (const [field, d] of durations) {
    try {
      if (typeof d !== 'string' || parseIsoDuration(d) <= 0 || parseIsoDuration(d) > 90 * 86_400_000) throw new Error('out of range');
    } catch {
      return { field, message: 'must be an ISO 8601 duration between one second and 90 days, such as PT24H or PT15M' };
    }
  }
  // A hold keeps a seat from everyone else while one form is open: minutes, not days.
  if (typeof v.holdDuration === 'string' && parseIsoDuration(v.holdDuration) > 30 * 60_000) return { field: 'settings.holdDuration', message: 'must be at most 30 minutes (PT30M)' };
  return null;
}

/** A service's settings with the defaults filled in; unusable settings fall back to the defaults field by field. */
export function appointmentSettings(value: unknown): AppointmentSettings {
  const v = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = { ...DEFAULT_APPOINTMENT_SETTINGS };
  for (const key of Object.keys(DEFAULT_APPOINTMENT_SETTINGS)) {
    if (key in v && appointmentSettingsProblem({ [key]: v[key] }) === null) merged[key] = v[key];
  }
  return merged as unknown as AppointmentSettings;
}
