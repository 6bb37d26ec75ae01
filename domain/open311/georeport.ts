import type { LocalizedName } from '../calendar/types.js';
import { rulesOffsetMs, type ZoneRules } from '../calendar/zone-rules.js';

/**
 * Open311 GeoReport v2 as Khidma speaks it: complaints only, the requests Open311 was made for.
 * That a document, information or appointment request exists is the citizen's business alone, so
 * no other case type is ever listed or found.
 */
export const OPEN311_CASE_TYPES = ['complaint', 'information_complaint'] as const;

/** The one jurisdiction this endpoint serves: the platform. A client that sends another is told so. */
export const OPEN311_JURISDICTION_ID = 'khidma.ma';

/** The spec's response volume: a span of at most 90 days, and at most 1000 requests, whichever is smaller. */
export const OPEN311_WINDOW_DAYS = 90;
export const OPEN311_MAX_REQUESTS = 1000;

export type Open311Language = 'fr' | 'ar' | 'en';
export type Open311Status = 'open' | 'closed';

/** One entry of GET services: what a client shows a person choosing where to complain. */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

/**
 * One entry of GET requests. Nothing the citizen or staff wrote, nothing about the citizen, no
 * place: only what the administration announces about the complaint.
 */
export interface Open311Request {
  service_request_id: string;
  status: Open311Status;
  status_notes: string;
  service_name: string;
  service_code: string;
  description: null;
  agency_responsible: string;
  service_notice: null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: null;
  address_id: null;
  zipcode: null;
  lat: null;
  long: null;
  media_url: null;
}

export interface Open311Error {
  code: number;
  description: string;
}

/**
 * A service's Open311 code: its entity's code and its own, joined by a dot, which neither may
 * hold (catalogue codes are letters, digits, `_` and `-`), so the pair reads back unambiguously.
 */
export function open311ServiceCode(entityCode: string, serviceCode: string): string {
  return `${entityCode}.${serviceCode}`;
}

export function parseOpen311ServiceCode(code: string): { entityCode: string; serviceCode: string } | null {
  const match = /^([A-Za-z0-9_-]{1,60})\.([A-Z0-9][A-Z0-9_-]{1,59})$/.exec(code);
  return match ? { entityCode: match[1]!, serviceCode: match[2]! } : null;
}

/**
 * An instant as the spec wants it (the W3C profile of ISO 8601, with the offset) in Morocco's
 * legal time: `2026-12-07T10:30:00+00:00`, or `+01:00` before 20 September 2026.
 */
export function w3cDateTime(at: Date, zone: ZoneRules): string {
  const offsetMs = rulesOffsetMs(zone, at.getTime());
  const local = new Date(at.getTime() + offsetMs).toISOString().slice(0, 19);
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const sign = offsetMs < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The language a request's Accept-Language asks for among fr, ar and en; French when it names none of them. */
export function open311Language(acceptLanguage: string | undefined): Open311Language {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { language: tag.split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0 && ['fr', 'ar', 'en'].includes(entry.language))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked[0]?.language as Open311Language | undefined) ?? 'fr';
}

export function pick(name: LocalizedName, language: Open311Language): string {
  return name[language] || name.fr;
}
