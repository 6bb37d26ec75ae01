import { describe, expect, it } from 'vitest';
import { documentRequestMachine } from '../../../domain/cases/document-request.js';
import { informationRequestMachine } from '../../../domain/cases/information-request.js';
import { complaintMachine } from '../../../domain/cases/complaint.js';
import { informationComplaintMachine } from '../../../domain/cases/information-complaint.js';
import { planTransition, TransitionRefused, type ClockFacts, type TransitionContext } from '../../../domain/lifecycle/state-machine.js';

const NOW = '2026-12-01T10:00:00.000Z';
const clock = (facts: Partial<ClockFacts> = {}): ClockFacts => ({
  started: true,
  stopped: false,
  breached: false,
  dueAt: '2026-12-31T23:59:59.999Z',
  extended: false,
  extensionAllowed: true,
  silence: 'none',
  ...facts,
});
const handler = { userId: 'u1', role: 'handler' as const };

function ctx(state: string, overrides: Partial<TransitionContext<string>> = {}): TransitionContext<string> {
  return { state, actor: 'staff', staff: handler, assigneeId: null, clocks: { decision: clock(), answer: clock() }, details: {}, taken: [], now: NOW, ...overrides };
}

function refusal(fn: () => unknown): TransitionRefused {
  try {
    fn();
  } catch (err) {
    if (err instanceof TransitionRefused) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('planning a transition', () => {
  it('walks the document request from submitted to closed', () => {
    let state: string = documentRequestMachine.initial;
    for (const action of ['claim', 'approve', 'mark_ready', 'deliver', 'close']) state = planTransition(documentRequestMachine, action, ctx(state)).to ?? state;
    expect(state).toBe('closed');
  });

  it('says what each step does to each named clock', () => {
    expect(planTransition(documentRequestMachine, 'request_info', ctx('in_review', { assigneeId: 'u1' }))).toMatchObject({ to: 'awaiting_citizen', clocks: { decision: 'pause' } });
    expect(planTransition(informationRequestMachine, 'refuse', ctx('in_progress'))).toMatchObject({ to: 'refused', clocks: { answer: 'stop', complaint_window: 'start' } });
  });

  it('names the reason of every refusal', () => {
    expect(refusal(() => planTransition(documentRequestMachine, 'fly', ctx('submitted'))).code).toBe('unknown_action');
    expect(refusal(() => planTransition(documentRequestMachine, 'constructor', ctx('submitted'))).code).toBe('unknown_action');
    expect(refusal(() => planTransition(documentRequestMachine, 'approve', ctx('submitted', { actor: 'citizen' }))).code).toBe('wrong_actor');
    expect(refusal(() => planTransition(documentRequestMachine, 'deem_accepted', ctx('submitted'))).code).toBe('wrong_actor');
    const early = refusal(() => planTransition(documentRequestMachine, 'approve', ctx('submitted')));
    expect(early.code).toBe('not_allowed_now');
    expect(early.message).toContain('possible from: in_review');
    expect(refusal(() => planTransition(documentRequestMachine, 'approve', ctx('in_review', { assigneeId: 'u2' }))).code).toBe('not_assignee');
    expect(planTransition(documentRequestMachine, 'approve', ctx('in_review', { assigneeId: 'u2', staff: { userId: 'u1', role: 'supervisor' } })).to).toBe('in_production');
    expect(refusal(() => planTransition(informationComplaintMachine, 'uphold', ctx('submitted'))).code).toBe('wrong_actor');
    expect(planTransition(informationComplaintMachine, 'uphold', ctx('submitted', { staff: { userId: 's', role: 'supervisor' } })).to).toBe('upheld');
  });

  it('grants one extension, before the deadline, where the service allows it', () => {
    const at = (decision: ClockFacts) => () => planTransition(documentRequestMachine, 'extend_deadline', ctx('in_review', { clocks: { decision } }));
    expect(at(clock())()).toMatchObject({ clocks: { decision: 'extend' } });
    expect(refusal(at(clock({ extended: true }))).message).toMatch(/only one extension/);
    expect(refusal(at(clock({ extensionAllowed: false }))).message).toMatch(/allows no extension/);
    expect(refusal(at(clock({ dueAt: '2026-11-30T23:59:59.999Z' }))).message).toMatch(/has passed/);
    expect(refusal(at(clock({ breached: true, dueAt: null }))).message).toMatch(/has passed/);
    expect(refusal(at(clock({ stopped: true }))).code).toBe('not_allowed_now');
  });

  it('lets the citizen complain only inside the window, and says when it closed', () => {
    const window = (facts: Partial<ClockFacts>) => ({ answer: clock({ stopped: true }), complaint_window: clock(facts) });
    const complain = (state: string, facts: Partial<ClockFacts>) => () =>
      planTransition(informationRequestMachine, 'complain', ctx(state, { actor: 'citizen', clocks: window(facts) }));
    expect(complain('deemed_refused', {})()).toMatchObject({ to: 'under_complaint', effects: ['open_linked_case'] });
    const late = refusal(complain('deemed_refused', { breached: true }));
    expect(late.code).toBe('window_closed');
    expect(refusal(complain('closed', { stopped: true })).code).toBe('window_closed');
    expect(refusal(complain('in_progress', { started: false })).code).toBe('not_allowed_now');
  });

  it('decides urgency once, and only for a request marked urgent', () => {
    const urgent = { details: { urgent: true } };
    expect(planTransition(informationRequestMachine, 'decline_urgent', ctx('in_progress', urgent))).toMatchObject({ clocks: { answer: 'rebase' } });
    expect(refusal(() => planTransition(informationRequestMachine, 'decline_urgent', ctx('in_progress'))).message).toMatch(/only applies when urgent/);
    expect(refusal(() => planTransition(informationRequestMachine, 'confirm_urgent', ctx('in_progress', { ...urgent, taken: ['decline_urgent'] }))).message).toMatch(/already decided/);
  });

  it('closes observations without an answer, and answers complaints', () => {
    const observation = { details: { kind: 'observation' } };
    expect(planTransition(complaintMachine, 'close', ctx('acknowledged', observation)).to).toBe('closed');
    expect(refusal(() => planTransition(complaintMachine, 'answer', ctx('acknowledged', observation))).code).toBe('not_allowed_now');
    expect(planTransition(complaintMachine, 'answer', ctx('acknowledged', { details: { kind: 'reclamation' } })).to).toBe('answered');
  });

  it('allows no step in a terminal state, and a supervisor’s step to no handler', () => {
    for (const terminal of documentRequestMachine.terminal) {
      for (const action of Object.keys(documentRequestMachine.transitions)) {
        expect(() => planTransition(documentRequestMachine, action, ctx(terminal, { staff: { userId: 'u1', role: 'supervisor' } })), `${terminal} ${action}`).toThrow(TransitionRefused);
        expect(() => planTransition(documentRequestMachine, action, ctx(terminal, { actor: 'citizen' })), `${terminal} ${action}`).toThrow(TransitionRefused);
      }
    }
    expect(refusal(() => planTransition(informationComplaintMachine, 'overturn', ctx('submitted'))).code).toBe('wrong_actor');
  });
});
