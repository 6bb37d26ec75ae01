import type { LocalizedName } from '../calendar/types.js';
import { documentRequestDefinition, type DocumentRequestStatus } from './document-request.js';

function labelsFor(audience: LabelAudience): Readonly<Record<DocumentRequestStatus, LocalizedName>> {
  const statuses = documentRequestDefinition.statuses;
  return Object.fromEntries(Object.entries(statuses).map(([status, labels]) => [status, labels[audience]])) as Record<DocumentRequestStatus, LocalizedName>;
}

export type LabelAudience = 'citizen' | 'staff';

/** What the citizen reads for each status (from the case type's definition). */
export const STATUS_LABELS = labelsFor('citizen');

/** What staff read for each status: the same state seen from the administration's side. */
export const STAFF_STATUS_LABELS = labelsFor('staff');

export function statusLabel(status: string, audience: LabelAudience = 'citizen'): LocalizedName {
  const labels: Record<string, LocalizedName> = audience === 'staff' ? STAFF_STATUS_LABELS : STATUS_LABELS;
  return labels[status] ?? { fr: status, ar: status, en: status };
}
