import type { ActorKind, StaffRole } from '../cases/actor.js';
import type { SilenceEffect } from '../sla/policy.js';
import { parseIsoDuration } from '../sla/iso-duration.js';
import { durationOf } from '../sla/localized-phrases.js';
import { isPlainText, TEXT_RULE } from '../text.js';

/**
 * What a transition does to one named clock. `restart` counts a new budget from now (a reopened
 * complaint, an overturned refusal); `extend` grants the one extension; `rebase` drops an urgent
 * budget for the ordinary one, counted from the same start.
 */
export type ClockChange = 'start' | 'pause' | 'resume' | 'stop' | 'restart' | 'extend' | 'rebase';

/** A condition a transition needs beyond its `from` statuses, declared as data so the API and pages can read it. */
export type Guard =
  /** the clock runs and has not expired: a window the citizen must act within */
  | { kind: 'within'; clock: string }
  /** the clock's policy allows an extension, none was granted, and its deadline has not passed */
  | { kind: 'extension_available'; clock: string }
  /** the service's policy says what silence at this clock's deadline means */
  | { kind: 'silence_is'; clock: string; effect: SilenceEffect }
  /** a submitted detail has one of these values */
  | { kind: 'detail_in'; field: string; values: readonly (string | boolean)[] }
  /** none of these actions was taken before (a choice made once) */
  | { kind: 'once'; among: readonly string[] }
  /**
   * at least the service setting's duration before the instant a fact holds (a citizen cancels up
   * to the notice period before the meeting); `actors` limits whom it binds (staff may always)
   */
  | { kind: 'before'; fact: string; setting: string; actors?: readonly ActorKind[] }
  /** a service setting has this value (appointments confirmed at once) */
  | { kind: 'setting_is'; setting: string; value: string | boolean }
  /** no earlier than the service setting's duration before the instant a fact holds (check-in opens a few hours before) */
  | { kind: 'opens_before'; fact: string; setting: string };

/** Side effects a transition sets off, carried out by activities or by the core. */
export type EffectName =
  /** open a linked case of the definition's `linked` type, decided by the head of the institution */
  | 'open_linked_case'
  /** tell the case this one was opened from how it ended */
  | 'report_to_origin'
  /** move the case to the entity named in the payload's `entityCode` */
  | 'transfer'
  /** move the case's seat to the slot named in the payload's `slotId` (taken before the old one is freed) */
  | 'move_seat'
  /** free the case's seat, offered then to the first on the slot's waiting list */
  | 'release_seat'
  /** give a video meeting its own unguessable room */
  | 'issue_meeting_link'
  /** put the case on the waiting list of the full slot named in the payload's `slotId` */
  | 'join_waitlist'
  /** take the seat of `slotId` offered to this case from its waiting list */
  | 'claim_seat'
  /** the seat offered to this case goes to the next in line (its claim window closed) */
  | 'pass_offer'
  /** reserve a seat on `slotId` of the advisor's agenda and open a linked appointment on it */
  | 'book_linked_meeting'
  /** the advisor named in the payload's `advisorId`, of the case's domain, takes the case */
  | 'assign_advisor';

export interface TransitionRule<S extends string> {
  from: readonly S[];
  /** the status after the step; omitted, the status stays (an extension) */
  to?: S;
  /** who may take this step; `system` steps are taken by the core (silence at a deadline, a linked case's end) */
  by: ActorKind | readonly ActorKind[];
  /** staff roles that may take it; handlers and supervisors when omitted */
  roles?: readonly StaffRole[];
  guards?: readonly Guard[];
  /** what the step does to each named clock */
  clocks?: Readonly<Record<string, ClockChange>>;
  /** the staff member taking the step becomes the case's assignee */
  assigns?: boolean;
  effects?: readonly EffectName[];
}

export interface CaseMachine<S extends string, A extends string> {
  initial: S;
  states: readonly S[];
  /** the workflow ends once one of these is reached */
  terminal: readonly S[];
  transitions: Readonly<Record<A, TransitionRule<S>>>;
}

/** A step's typed data, checked against its action's schema. */
export type ActionPayload = Readonly<Record<string, unknown>>;

/** Why a step was refused; `code` maps to an HTTP status once, in the API. */
export class TransitionRefused extends Error {
  constructor(
    readonly code:
      | 'unknown_action'
      | 'wrong_actor'
      | 'not_allowed_now'
      | 'missing_field'
      | 'invalid_field'
      | 'not_assignee'
      | 'window_closed'
      | 'notice_period'
      | 'slot_full'
      | 'no_offer',
    message: string,
    /** for `missing_field` and `invalid_field`: which field */
    readonly field?: string,
    /** what helps the person go on (the next free slots of a full one) */
    readonly extra?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'TransitionRefused';
  }
}

/** What a guard may know of one clock. */
export interface ClockFacts {
  started: boolean;
  stopped: boolean;
  breached: boolean;
  /** in force now; null while paused or not started */
  dueAt: string | null;
  extended: boolean;
  extensionAllowed: boolean;
  silence: SilenceEffect;
}

export interface TransitionContext<S extends string> {
  state: S;
  actor: ActorKind;
  /** the staff member asking, and whether they may act on someone else's case */
  staff?: { userId: string; role: StaffRole };
  assigneeId: string | null;
  clocks: Readonly<Record<string, ClockFacts>>;
  details: Readonly<Record<string, unknown>>;
  /** the actions already taken on the case */
  taken: readonly string[];
  /** what the case's effects set (an appointment's start) */
  facts?: Readonly<Record<string, unknown>>;
  /** the service's settings of the case type, defaults filled in */
  settings?: Readonly<Record<string, unknown>>;
  now: string;
}

export const MAX_TEXT_LENGTH = 2000;
const DEFAULT_ROLES: readonly StaffRole[] = ['handler', 'supervisor'];

/** Once a case is assigned, only its handler — or a supervisor — takes its staff steps. */
export function requireAssigneeOrOverride(ctx: Pick<TransitionContext<string>, 'assigneeId' | 'staff'>): void {
  if (ctx.assigneeId !== null && ctx.staff && ctx.staff.userId !== ctx.assigneeId && ctx.staff.role === 'handler') {
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

function day(instant: string | null): string {
  return instant ? instant.slice(0, 10) : '';
}

/** Throws TransitionRefused when a guard does not hold, with a reason a person can read. */
export function checkGuard(guard: Guard, action: string, ctx: Pick<TransitionContext<string>, 'clocks' | 'details' | 'taken' | 'now' | 'facts' | 'settings' | 'actor'>): void {
  switch (guard.kind) {
    case 'within': {
      const clock = ctx.clocks[guard.clock];
      const expired = !clock?.started || clock.stopped || clock.breached || (clock.dueAt !== null && Date.parse(ctx.now) >= Date.parse(clock.dueAt));
      if (expired) throw new TransitionRefused('window_closed', `the time allowed for "${action}" has ended${clock?.dueAt ? ` (${day(clock.dueAt)})` : ''}`);
      return;
    }
    case 'extension_available': {
      const clock = ctx.clocks[guard.clock];
      if (!clock?.extensionAllowed) throw new TransitionRefused('not_allowed_now', 'this service allows no extension of its deadline');
      if (clock.extended) throw new TransitionRefused('not_allowed_now', 'the deadline was already extended; only one extension is allowed');
      if (!clock.started || clock.stopped) throw new TransitionRefused('not_allowed_now', 'the case no longer runs against a deadline');
      if (clock.breached || (clock.dueAt !== null && Date.parse(ctx.now) >= Date.parse(clock.dueAt))) {
        throw new TransitionRefused('not_allowed_now', `the deadline${clock.dueAt ? ` (${day(clock.dueAt)})` : ''} has passed; an extension must be announced before it`);
      }
      return;
    }
    case 'silence_is':
      if (ctx.clocks[guard.clock]?.silence !== guard.effect) throw new TransitionRefused('not_allowed_now', `silence does not mean ${guard.effect} for this service`);
      return;
    case 'detail_in':
      if (!guard.values.includes(ctx.details[guard.field] as string | boolean)) {
        throw new TransitionRefused('not_allowed_now', `"${action}" only applies when ${guard.field} is ${guard.values.join(' or ')}`);
      }
      return;
    case 'once': {
      const earlier = guard.among.find((a) => ctx.taken.includes(a));
      if (earlier) throw new TransitionRefused('not_allowed_now', `"${earlier}" was already decided for this case`);
      return;
    }
    case 'before': {
      if (guard.actors && !guard.actors.includes(ctx.actor)) return;
      const at = ctx.facts?.[guard.fact];
      const period = ctx.settings?.[guard.setting];
      if (typeof at !== 'string' || typeof period !== 'string') return;
      if (Date.parse(ctx.now) > Date.parse(at) - parseIsoDuration(period)) {
        throw new TransitionRefused('notice_period', `"${action}" is only possible up to ${durationOf(parseIsoDuration(period), 'en')} before the appointment; please contact the office`);
      }
      return;
    }
    case 'setting_is':
      if (ctx.settings?.[guard.setting] !== guard.value) throw new TransitionRefused('not_allowed_now', `this service does not ${action.replace(/_/g, ' ')}`);
      return;
    case 'opens_before': {
      const at = ctx.facts?.[guard.fact];
      const period = ctx.settings?.[guard.setting];
      if (typeof at !== 'string' || typeof period !== 'string') return;
      if (Date.parse(ctx.now) < Date.parse(at) - parseIsoDuration(period)) {
        throw new TransitionRefused('not_allowed_now', `"${action}" opens ${durationOf(parseIsoDuration(period), 'en')} before the appointment (${at.slice(0, 16).replace('T', ' ')} UTC)`);
      }
      return;
    }
  }
}

/** Who may take a rule, as a list. */
export function actorsOf(rule: Pick<TransitionRule<string>, 'by'>): readonly ActorKind[] {
  return typeof rule.by === 'string' ? [rule.by] : rule.by;
}

/** Decides whether `action` may be taken now; throws TransitionRefused with a reason a person can read. */
export function planTransition<S extends string, A extends string>(
  machine: CaseMachine<S, A>,
  action: string,
  ctx: TransitionContext<S>,
): TransitionRule<S> & { action: A } {
  if (!Object.hasOwn(machine.transitions, action)) {
    throw new TransitionRefused('unknown_action', `unknown action "${action}"`);
  }
  const rule = machine.transitions[action as A];
  const actors = actorsOf(rule);
  if (!actors.includes(ctx.actor)) {
    const who = actors.map((a) => (a === 'staff' ? 'a staff member' : a === 'citizen' ? 'the citizen' : 'the platform itself')).join(' or ');
    throw new TransitionRefused('wrong_actor', `"${action}" can only be taken by ${who}`);
  }
  if (ctx.actor === 'staff' && ctx.staff && !(rule.roles ?? DEFAULT_ROLES).includes(ctx.staff.role)) {
    throw new TransitionRefused('wrong_actor', `"${action}" can only be taken by: ${(rule.roles ?? DEFAULT_ROLES).join(', ')}`);
  }
  // A window that has closed is said as such, whatever the status the case reached since.
  for (const guard of rule.guards ?? []) if (guard.kind === 'within' && ctx.clocks[guard.clock]?.started) checkGuard(guard, action, ctx);
  if (!rule.from.includes(ctx.state)) {
    throw new TransitionRefused('not_allowed_now', `"${action}" is not possible while the case is ${ctx.state}; possible from: ${rule.from.join(', ')}`);
  }
  if (ctx.actor === 'staff') requireAssigneeOrOverride(ctx);
  for (const guard of rule.guards ?? []) checkGuard(guard, action, ctx);
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
