import type { ActorKind, StaffRole } from '../cases/actor.js';
import { isPlainText, TEXT_RULE } from '../text.js';

/** What a transition does to the SLA clock. */
export type ClockEffect = 'pause' | 'resume' | 'stop';

export interface TransitionRule<S extends string> {
  from: readonly S[];
  to: S;
  /** who may take this step */
  by: 'staff' | 'citizen';
  clock?: ClockEffect;
  /** a free-text field the step cannot go without (shown to the citizen or kept in the record) */
  requires?: 'message' | 'reason';
  /** the staff member taking the step becomes the case's assignee */
  assigns?: boolean;
}

export interface CaseMachine<S extends string, A extends string> {
  initial: S;
  states: readonly S[];
  /** the workflow ends once one of these is reached */
  terminal: readonly S[];
  transitions: Readonly<Record<A, TransitionRule<S>>>;
}

export interface ActionPayload {
  message?: string;
  reason?: string;
}

/** Why a step was refused; `code` maps to an HTTP status once, in the API. */
export class TransitionRefused extends Error {
  constructor(
    readonly code: 'unknown_action' | 'wrong_actor' | 'not_allowed_now' | 'missing_field' | 'invalid_field' | 'not_assignee',
    message: string,
    /** for `missing_field` and `invalid_field`: which field */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'TransitionRefused';
  }
}

export interface TransitionContext<S extends string> {
  state: S;
  actor: ActorKind;
  /** the staff member asking, and whether they may act on someone else's case */
  staff?: { userId: string; canOverride: boolean };
  assigneeId: string | null;
}

export const MAX_TEXT_LENGTH = 2000;

/** Once a case is assigned, only its handler — or a supervisor — takes its staff steps. */
export function requireAssigneeOrOverride(ctx: Pick<TransitionContext<string>, 'assigneeId' | 'staff'>): void {
  if (ctx.assigneeId !== null && ctx.staff && ctx.staff.userId !== ctx.assigneeId && !ctx.staff.canOverride) {
    throw new TransitionRefused('not_assignee', 'the case is assigned to another handler');
  }
}

/**
 * Whether a staff member may take a case's staff steps at all, as the workflow will decide:
 * handlers and supervisors act (managers watch, administrators keep the catalogue); a handler
 * only on a case that is unassigned or theirs, a supervisor on any.
 */
export function staffMayAct(staff: { userId: string; role: StaffRole }, assigneeId: string | null): boolean {
  if (staff.role === 'supervisor') return true;
  return staff.role === 'handler' && (assigneeId === null || assigneeId === staff.userId);
}

/** Decides whether `action` may be taken now; throws TransitionRefused with a reason a person can read. */
export function planTransition<S extends string, A extends string>(
  machine: CaseMachine<S, A>,
  action: string,
  ctx: TransitionContext<S>,
  payload: ActionPayload,
): TransitionRule<S> & { action: A } {
  if (!Object.hasOwn(machine.transitions, action)) {
    throw new TransitionRefused('unknown_action', `unknown action "${action}"`);
  }
  const rule = machine.transitions[action as A];
  if (rule.by !== ctx.actor) {
    throw new TransitionRefused('wrong_actor', `"${action}" can only be taken by ${rule.by === 'staff' ? 'a staff member' : 'the citizen'}`);
  }
  if (!rule.from.includes(ctx.state)) {
    throw new TransitionRefused(
      'not_allowed_now',
      `"${action}" is not possible while the case is ${ctx.state}; possible from: ${rule.from.join(', ')}`,
    );
  }
  if (rule.by === 'staff') requireAssigneeOrOverride(ctx);
  if (rule.requires) {
    const text = payload[rule.requires];
    if (typeof text !== 'string' || text.trim().length === 0) {
      throw new TransitionRefused('missing_field', `"${action}" needs a non-empty "${rule.requires}"`, rule.requires);
    }
    if (text.length > MAX_TEXT_LENGTH) {
      throw new TransitionRefused('missing_field', `"${rule.requires}" is longer than ${MAX_TEXT_LENGTH} characters`, rule.requires);
    }
  }
  return { ...rule, action: action as A };
}

/**
 * Every text of a step is plain text (domain/text.ts), whatever the step requires: the API refuses
 * the rest at the door, and this keeps a step sent past it from reaching the record.
 */
export function requirePlainText(payload: ActionPayload): void {
  for (const [field, value] of Object.entries(payload)) {
    if (typeof value === 'string' && !isPlainText(value)) throw new TransitionRefused('invalid_field', `"${field}" ${TEXT_RULE}`, field);
  }
}

/** The actions `actor` could take in `state`, for showing buttons and for error messages. */
export function availableActions<S extends string, A extends string>(
  machine: CaseMachine<S, A>,
  state: S,
  actor: 'staff' | 'citizen',
): A[] {
  return (Object.keys(machine.transitions) as A[]).filter((a) => {
    const rule = machine.transitions[a];
    return rule.by === actor && rule.from.includes(state);
  });
}
