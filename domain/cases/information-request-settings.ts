import { InvalidSlaPolicy, validBudget, type SlaBudget } from '../sla/policy.js';

/**
 * What an information request service sets beyond its clocks, in the catalogue (service.settings):
 * the time the citizen has to turn to the CDAI once the case closes, which the platform does not
 * count (the CDAI is outside it) but tells the citizen.
 */
export interface InformationRequestSettings {
  /** Law 31-13, art. 20: 30 days from the answer to the complaint, or from the end of its time */
  cdaiReferral: SlaBudget;
}

export const DEFAULT_INFORMATION_REQUEST_SETTINGS: InformationRequestSettings = Object.freeze({
  cdaiReferral: Object.freeze({ unit: 'calendar_days', amount: 30 }),
});

/** A problem with a service's settings, naming the field; null when they are usable. */
export function informationRequestSettingsProblem(value: unknown): { field: string; message: string } | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { field: 'settings', message: 'must be an object' };
  for (const [key, setting] of Object.entries(value)) {
    if (!Object.hasOwn(DEFAULT_INFORMATION_REQUEST_SETTINGS, key)) return { field: `settings.${key}`, message: 'is not a setting of information requests' };
    try {
      validBudget(key, setting);
    } catch (err) {
      if (!(err instanceof InvalidSlaPolicy)) throw err;
      return { field: `settings.${err.path}`, message: err.problem };
    }
  }
  return null;
}

/** A service's settings with the defaults filled in; an unusable setting falls back to its default. */
export function informationRequestSettings(value: unknown): InformationRequestSettings {
  const stored = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  try {
    return { cdaiReferral: 'cdaiReferral' in stored ? validBudget('cdaiReferral', stored.cdaiReferral) : DEFAULT_INFORMATION_REQUEST_SETTINGS.cdaiReferral };
  } catch {
    return DEFAULT_INFORMATION_REQUEST_SETTINGS;
  }
}
