import { TransitionRefused } from '../lifecycle/state-machine.js';
import type { SlaExtension } from './ledger.js';
import type { SlaPolicy } from './policy.js';

export const EXTEND_DEADLINE = 'extend_deadline';

export interface ExtensionRequest {
  policy: SlaPolicy;
  current: SlaExtension | null;
  /** the due instant now in force; null while the clock is paused */
  dueAt: string | null;
  clockStopped: boolean;
  /** the breach was already raised (the clock may be paused since, with no due date in force) */
  breached: boolean;
  now: string;
  reason: string | undefined;
}

/**
 * Law 31-13 style extension: one, with reasons, announced before the deadline. Throws
 * TransitionRefused with a reason a handler can read; returns the extension to record.
 */
export function planExtension(request: ExtensionRequest): SlaExtension {
  const { policy, current, dueAt, clockStopped, breached, now, reason } = request;
  if (!policy.extension) throw new TransitionRefused('not_allowed_now', 'this service allows no extension of its deadline');
  if (current) throw new TransitionRefused('not_allowed_now', `the deadline was already extended on ${current.grantedAt.slice(0, 10)}; only one extension is allowed`);
  if (clockStopped) throw new TransitionRefused('not_allowed_now', 'the case no longer runs against a deadline');
  if (breached || (dueAt !== null && Date.parse(now) >= Date.parse(dueAt))) {
    throw new TransitionRefused('not_allowed_now', `the deadline${dueAt ? ` (${dueAt})` : ''} has passed; an extension must be announced before it`);
  }
  if (typeof reason !== 'string' || reason.trim().length === 0) {
    throw new TransitionRefused('missing_field', `"${EXTEND_DEADLINE}" needs a non-empty "reason", which the citizen will read`, 'reason');
  }
  return { grantedAt: now, budget: policy.extension, reason };
}
