import moment from 'moment-timezone';
import { MOROCCO_TIME_ZONE } from '../domain/calendar/national-calendar.js';
import type { ZoneRules } from '../domain/calendar/zone-rules.js';

let morocco: ZoneRules | undefined;

/**
 * Morocco's legal time from the IANA data moment-timezone ships (2026f and later: UTC+0 all year
 * from 2026-09-20), never from the runtime's ICU (Node 20: 2025c, still UTC+1). Updating the
 * package is how a future change of legal time reaches the platform; running workflows keep the
 * rules recorded in their history.
 */
export function moroccoLegalTime(): ZoneRules {
  if (!morocco) {
    const zone = moment.tz.zone(MOROCCO_TIME_ZONE);
    if (!zone) throw new Error(`moment-timezone has no data for ${MOROCCO_TIME_ZONE}`);
    morocco = Object.freeze({
      name: zone.name,
      version: moment.tz.dataVersion,
      // moment counts offsets in minutes west of Greenwich, and ends the last period at Infinity.
      untils: zone.untils.map((until) => (Number.isFinite(until) ? until : null)),
      offsets: zone.offsets.map((offset) => (offset === 0 ? 0 : -offset)),
    });
  }
  return morocco;
}
