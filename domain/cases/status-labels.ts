import type { LocalizedName } from '../calendar/types.js';
import { CASE_DEFINITIONS, statusOf } from './machines.js';

export type LabelAudience = 'citizen' | 'staff';

/** What the citizen or staff read for a status of a case type (from its definition): the same state said from each side. */
export function statusLabel(caseType: string, status: string, audience: LabelAudience = 'citizen'): LocalizedName {
  return statusOf(caseType, status)?.[audience] ?? { fr: status, ar: status, en: status };
}

/** Every case type's statuses as citizen and staff read them, for the pages: { caseType: { status: { citizen, staff } } }. */
export const STATUS_LABELS: Readonly<Record<string, Readonly<Record<string, { citizen: LocalizedName; staff: LocalizedName }>>>> = Object.fromEntries(
  Object.entries(CASE_DEFINITIONS).map(([caseType, definition]) => [
    caseType,
    Object.fromEntries(Object.entries(definition.statuses).map(([status, { citizen, staff }]) => [status, { citizen, staff }])),
  ]),
);
