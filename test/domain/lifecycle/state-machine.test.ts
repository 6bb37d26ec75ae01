import { describe, expect, it } from 'vitest';
import { documentRequestMachine, DOCUMENT_REQUEST_STATUSES } from '../../../domain/cases/document-request.js';
import { availableActions, planTransition, TransitionRefused } from '../../../domain/lifecycle/state-machine.js';
import { planExtension } from '../../../domain/sla/extension.js';
import type { SlaPolicy } from '../../../domain/sla/policy.js';

const staff = { staff: { userId: 'u1', canOverride: false } };

function refusal(fn: () => unknown): TransitionRefused {
  try {
    fn();
  } catch (err) {
    if (err instanceof TransitionRefused) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('the document request state machine', () => {
  it('walks the happy path from submitted to closed', () => {
    let state: string = documentRequestMachine.initial;
    for (const action of ['claim', 'approve', 'mark_ready', 'deliver', 'close']) {
      state = planTransition(documentRequestMachine, action, { state: state as never, actor: 'staff', assigneeId: null, ...staff }, {}).to;
    }
    expect(state).toBe('closed');
  });

  it('pauses the clock while waiting for the citizen and resumes it when they answer', () => {
    const ask = planTransition(documentRequestMachine, 'request_info', { state: 'in_review', actor: 'staff', assigneeId: 'u1', ...staff }, { message: 'CIN ?' });
    expect(ask).toMatchObject({ to: 'awaiting_citizen', clock: 'pause' });
    const answer = planTransition(documentRequestMachine, 'provide_info', { state: 'awaiting_citizen', actor: 'citizen', assigneeId: 'u1' }, { message: 'voici' });
    expect(answer).toMatchObject({ to: 'in_review', clock: 'resume' });
  });

  it('names the reason of every refusal', () => {
    expect(refusal(() => planTransition(documentRequestMachine, 'fly', { state: 'submitted', actor: 'staff', assigneeId: null }, {})).code).toBe('unknown_action');
    expect(refusal(() => planTransition(documentRequestMachine, 'approve', { state: 'submitted', actor: 'citizen', assigneeId: null }, {})).code).toBe('wrong_actor');
    const early = refusal(() => planTransition(documentRequestMachine, 'approve', { state: 'submitted', actor: 'staff', assigneeId: null, ...staff }, {}));
    expect(early.code).toBe('not_allowed_now');
    expect(early.message).toContain('possible from: in_review');
    expect(refusal(() => planTransition(documentRequestMachine, 'approve', { state: 'in_review', actor: 'staff', assigneeId: 'u2', ...staff }, {})).code).toBe('not_assignee');
    expect(planTransition(documentRequestMachine, 'approve', { state: 'in_review', actor: 'staff', assigneeId: 'u2', staff: { userId: 'u1', canOverride: true } }, {}).to).toBe('in_production');
    expect(refusal(() => planTransition(documentRequestMachine, 'reject', { state: 'in_review', actor: 'staff', assigneeId: null, ...staff }, { reason: ' ' })).code).toBe('missing_field');
    expect(refusal(() => planTransition(documentRequestMachine, 'reject', { state: 'in_review', actor: 'staff', assigneeId: null, ...staff }, { reason: 'x'.repeat(2001) })).code).toBe('missing_field');
    expect(refusal(() => planTransition(documentRequestMachine, 'constructor', { state: 'submitted', actor: 'staff', assigneeId: null }, {})).code).toBe('unknown_action');
  });

  it('offers no step in a terminal state and every state is reachable', () => {
    for (const terminal of documentRequestMachine.terminal) {
      expect(availableActions(documentRequestMachine, terminal, 'staff')).toEqual([]);
      expect(availableActions(documentRequestMachine, terminal, 'citizen')).toEqual([]);
    }
    const reachable = new Set<string>([documentRequestMachine.initial]);
    for (const rule of Object.values(documentRequestMachine.transitions)) reachable.add(rule.to);
    expect([...reachable].sort()).toEqual([...DOCUMENT_REQUEST_STATUSES].sort());
  });
});

describe('the deadline extension rule', () => {
  const policy: SlaPolicy = {
    budget: { unit: 'working_days', amount: 20 },
    legalBasis: 'Loi 31-13',
    warnAt: [],
    escalation: [],
    extension: { unit: 'working_days', amount: 20 },
    silence: 'implicit_refusal',
  };
  const base = { policy, current: null, dueAt: '2026-12-31T22:59:59.999Z', clockStopped: false, breached: false, now: '2026-12-01T10:00:00.000Z', reason: 'volume' };

  it('grants one extension with its reason before the deadline', () => {
    expect(planExtension(base)).toEqual({ grantedAt: base.now, budget: policy.extension, reason: 'volume' });
  });

  it('refuses a second one, one after the deadline, one without reason, and one the service does not allow', () => {
    const granted = planExtension(base);
    expect(refusal(() => planExtension({ ...base, current: granted })).message).toMatch(/only one extension/);
    expect(refusal(() => planExtension({ ...base, now: '2027-01-01T00:00:00.000Z' })).message).toMatch(/has passed/);
    expect(refusal(() => planExtension({ ...base, reason: '' })).code).toBe('missing_field');
    expect(refusal(() => planExtension({ ...base, policy: { ...policy, extension: null } })).message).toMatch(/allows no extension/);
    expect(refusal(() => planExtension({ ...base, clockStopped: true })).code).toBe('not_allowed_now');
    // paused after the breach: no due date in force, but the deadline has passed all the same
    expect(refusal(() => planExtension({ ...base, dueAt: null, breached: true })).message).toMatch(/has passed/);
  });
});
