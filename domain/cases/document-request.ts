import type { CaseMachine } from '../lifecycle/state-machine.js';

export const DOCUMENT_REQUEST_STATUSES = [
  'submitted',
  'in_review',
  'awaiting_citizen',
  'in_production',
  'ready',
  'delivered',
  'closed',
  'rejected',
  'withdrawn',
] as const;
export type DocumentRequestStatus = (typeof DOCUMENT_REQUEST_STATUSES)[number];

export const DOCUMENT_REQUEST_ACTIONS = [
  'claim',
  'request_info',
  'approve',
  'reject',
  'mark_ready',
  'deliver',
  'close',
  'provide_info',
  'withdraw',
] as const;
export type DocumentRequestAction = (typeof DOCUMENT_REQUEST_ACTIONS)[number];

/**
 * Law 55-19: the administration answers within the service's budget. The clock stops while the
 * administration waits for the citizen, and the promise is kept once the document is ready.
 */
export const documentRequestMachine: CaseMachine<DocumentRequestStatus, DocumentRequestAction> = {
  initial: 'submitted',
  states: DOCUMENT_REQUEST_STATUSES,
  terminal: ['closed', 'rejected', 'withdrawn'],
  transitions: {
    claim: { from: ['submitted'], to: 'in_review', by: 'staff', assigns: true },
    request_info: { from: ['in_review'], to: 'awaiting_citizen', by: 'staff', clock: 'pause', requires: 'message' },
    provide_info: { from: ['awaiting_citizen'], to: 'in_review', by: 'citizen', clock: 'resume', requires: 'message' },
    approve: { from: ['in_review'], to: 'in_production', by: 'staff' },
    reject: { from: ['submitted', 'in_review'], to: 'rejected', by: 'staff', clock: 'stop', requires: 'reason' },
    mark_ready: { from: ['in_production'], to: 'ready', by: 'staff', clock: 'stop' },
    deliver: { from: ['ready'], to: 'delivered', by: 'staff' },
    close: { from: ['delivered'], to: 'closed', by: 'staff' },
    withdraw: {
      from: ['submitted', 'in_review', 'awaiting_citizen', 'in_production'],
      to: 'withdrawn',
      by: 'citizen',
      clock: 'stop',
    },
  },
};
