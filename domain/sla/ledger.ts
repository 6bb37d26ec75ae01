import type { SlaBudget } from './policy.js';

/** A stretch during which the clock stood still (e.g. waiting for the citizen). ISO instants. */
export interface SlaPause {
  startedAt: string;
  /** null while the case is still paused */
  endedAt: string | null;
  reason: string;
}

/** The one extension a handler may grant before the deadline, with its announced reason. */
export interface SlaExtension {
  grantedAt: string;
  /** added on top of the policy budget; same unit as the policy budget */
  budget: SlaBudget;
  reason: string;
}
