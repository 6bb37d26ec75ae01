import { actorLabel, type Actor } from '../../domain/cases/actor.js';
import type { CaseTypeDefinition } from '../../domain/cases/case-definition.js';
import type { CaseEventType, CaseSubmission } from '../../domain/cases/case-event.js';
import { openCase } from '../../domain/lifecycle/case-opening.js';
import { pendingTimers } from '../../domain/lifecycle/case-timers.js';
import type { ClockMilestone } from '../../domain/lifecycle/case-clocks.js';
import type { CaseState } from '../../domain/lifecycle/case-state.js';
import { planTransition, TransitionRefused, type TransitionRule } from '../../domain/lifecycle/state-machine.js';
import { computeDue } from '../../domain/sla/clock.js';
import type { SlaBudget, SlaPolicy } from '../../domain/sla/policy.js';
import type { Random } from './random.js';
import type { WorkingTime } from './working-time.js';

/*
 * One generated case, run through the same domain objects its workflow runs on (CaseState,
 * CaseClocks, planTransition, the timers) in simulated time: every step is planned by the
 * definition's rules, every clock change, warning, breach, escalation and silence is what the
 * lifecycle core would have recorded, and the rows are the projection the recorder writes.
 * Only the choices people make (which step, when) come from a behaviour.
 */

const iso = (ms: number) => new Date(ms).toISOString();

/** Who takes a planned step. */
export type Who = 'handler' | 'supervisor' | 'advisor' | 'citizen' | 'system';

/** A step a person (or the platform) may take from the current status, with its weight and time. */
export interface StepOption {
  action: string;
  weight: number;
  by: Who;
  /** when, in ms; at least the last event's time is enforced */
  at: number;
  payload?: Record<string, unknown>;
}

/** What a linked case (a complaint to the head of the institution, a consultation's meeting) came to. */
export interface LinkedResult {
  endedAt: number | null;
  outcome: string | null;
}

/** What a behaviour reads of the running case. */
export interface SimulationView {
  readonly status: string;
  readonly taken: readonly string[];
  readonly details: Readonly<Record<string, unknown>>;
  readonly facts: Readonly<Record<string, unknown>>;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly submittedAt: number;
  /** when the case entered its current status (or took its last step) */
  readonly since: number;
  readonly assigneeId: string | null;
  /** the main clock's budget in working days (calendar days count 5 in 7) */
  readonly budgetDays: number;
  /** how slow this case is handled: 1 is typical */
  readonly speed: number;
  /** the linked case the case waits for, once it ended */
  readonly linked: LinkedResult | null;
  readonly rng: Random;
  readonly time: WorkingTime;
  mainDueAt(): number | null;
}

export interface Behaviour {
  options(view: SimulationView): StepOption[];
  /** the case a step opens (open_linked_case, book_linked_meeting), simulated at once; null when none */
  openLinked?(view: SimulationView, action: string, at: number, seq: number, payload: Record<string, unknown>): { result: LinkedResult; facts?: Record<string, unknown> } | null;
}

export interface CaseIdentitySetting {
  definition: CaseTypeDefinition;
  caseId: string;
  trackingCode: string;
  workflowId: string;
  caseType: string;
  entity: { id: string; code: string };
  serviceId: string;
  officeId: string | null;
  applicant: Record<string, string | string[]>;
  details: Record<string, unknown>;
  policies: Record<string, SlaPolicy>;
  /** the service's internal target per clock, where it sets one */
  targets: Readonly<Record<string, SlaBudget>>;
  settings: Record<string, unknown>;
  facts: Record<string, unknown>;
  submittedAt: number;
  originCaseId: string | null;
  firstFreeSlotAt: number | null;
  requestFingerprint: string;
}

export interface Staffing {
  handler: Actor & { kind: 'staff' };
  supervisor: Actor & { kind: 'staff' };
  advisor: (Actor & { kind: 'staff' }) | null;
}

export interface EventRow {
  case_id: string;
  seq: number;
  type: CaseEventType;
  status: string;
  actor: string;
  payload: Record<string, unknown>;
  occurred_at: string;
}

export interface ClockRow {
  case_id: string;
  clock: string;
  state: string;
  started_at: string | null;
  due_at: string | null;
  paused: boolean;
  stopped_at: string | null;
  breached_at: string | null;
  escalation_level: number;
  explanation: unknown;
  target_due_at: string | null;
}

export interface CaseRow {
  id: string;
  workflow_id: string;
  tracking_code: string;
  case_type: string;
  entity_id: string;
  service_id: string;
  office_id: string | null;
  status: string;
  assignee_id: string | null;
  idempotency_key_hash: null;
  request_fingerprint: string;
  applicant: Record<string, string | string[]>;
  details: Record<string, unknown>;
  sla_state: string;
  due_at: string | null;
  explanation: unknown;
  submitted_at: string;
  updated_at: string;
  closed_at: string | null;
  outcome: string | null;
  last_seq: number;
  escalation_level: number;
  origin_case_id: string | null;
  facts: Record<string, unknown>;
  working_days_to_close: number | null;
  first_free_slot_at: string | null;
}

export interface SimulatedCase {
  row: CaseRow;
  clocks: ClockRow[];
  events: EventRow[];
  /** for the case that opened this one */
  result: LinkedResult;
}

const MAX_STEPS = 200;

const VIDEO_BASE_URL = 'https://meet.jit.si';

/** The main clock's budget in working days: what a behaviour scales its delays by. */
function budgetInWorkingDays(policy: SlaPolicy | undefined): number {
  if (!policy) return 5;
  const { budget } = policy;
  if (budget.unit === 'working_days') return budget.amount;
  if (budget.unit === 'calendar_days') return (budget.amount * 5) / 7;
  return 1;
}

/** Runs one case from its submission up to `horizon` (the present), or to its end. */
export function simulateCase(setting: CaseIdentitySetting, staffing: Staffing, behaviour: Behaviour, time: WorkingTime, rng: Random, speed: number, horizon: number): SimulatedCase {
  const { definition } = setting;
  const events: EventRow[] = [];
  const submission: CaseSubmission = {
    workflowId: setting.workflowId,
    trackingCode: setting.trackingCode,
    caseType: setting.caseType,
    entityId: setting.entity.id,
    serviceId: setting.serviceId,
    officeId: setting.officeId,
    applicant: setting.applicant,
    details: setting.details,
    submittedAt: iso(setting.submittedAt),
    idempotencyKeyHash: null,
    requestFingerprint: setting.requestFingerprint,
  };
  const { state, event } = openCase(
    definition,
    { caseId: setting.caseId, trackingCode: setting.trackingCode, caseType: setting.caseType, entityId: setting.entity.id, entityCode: setting.entity.code, details: setting.details },
    { submittedAt: iso(setting.submittedAt), policies: setting.policies, calendar: time.calendar, calendarRevision: 0, settings: setting.settings, facts: setting.facts },
    submission,
  );
  events.push({ case_id: setting.caseId, seq: 1, type: 'submitted', status: state.status, actor: 'citizen', payload: event.payload, occurred_at: event.occurredAt });
  const clocks = state.clocks!;
  const machine = definition.machine;
  const timers = definition.timers ?? [];
  let last = setting.submittedAt;
  let since = setting.submittedAt;
  let linked: LinkedResult | null = null;
  let waitingForLinked = false;

  const view: SimulationView = {
    get status() {
      return state.status;
    },
    get taken() {
      return state.taken;
    },
    details: setting.details,
    get facts() {
      return state.facts;
    },
    settings: setting.settings,
    submittedAt: setting.submittedAt,
    get since() {
      return since;
    },
    get assigneeId() {
      return state.assigneeId;
    },
    budgetDays: budgetInWorkingDays(setting.policies[definition.clocks[0]!.name]),
    speed,
    get linked() {
      return linked;
    },
    rng,
    time,
    mainDueAt() {
      const due = clocks.main?.due.dueAt;
      return due ? Date.parse(due) : null;
    },
  };

  function actorOf(who: Who): Actor {
    if (who === 'citizen' || who === 'system') return { kind: who };
    if (who === 'advisor') return staffing.advisor ?? staffing.handler;
    return staffing[who];
  }

  function record(type: CaseEventType, actor: Actor, payload: Record<string, unknown>, at: number) {
    state.seq += 1;
    last = Math.max(last, at);
    events.push({ case_id: setting.caseId, seq: state.seq, type, status: state.status, actor: actorLabel(actor), payload, occurred_at: iso(at) });
  }

  function plan(action: string, actor: Actor, at: number) {
    return planTransition(machine, action, {
      state: state.status,
      actor: actor.kind,
      assigneeId: state.assigneeId,
      ...(actor.kind === 'staff' ? { staff: { userId: actor.userId, role: actor.role } } : {}),
      clocks: clocks.facts(),
      details: setting.details,
      taken: state.taken,
      facts: state.facts,
      settings: state.settings,
      now: iso(at),
    });
  }

  /** The effects done before a step is recorded, as the workflow's activities would leave the facts. */
  function effectsBefore(rule: TransitionRule<string>, payload: Record<string, unknown>) {
    for (const effect of rule.effects ?? []) {
      if (effect === 'release_seat') Object.assign(state.facts, { seatReleased: true, offerSlotId: null, offerUntil: null, offerDate: null, offerStart: null });
      if (effect === 'issue_meeting_link' && state.facts.modality === 'video' && typeof state.facts.meetingUrl !== 'string') {
        const meetingUrl = `${VIDEO_BASE_URL}/khidma-${rng.uuid().replace(/-/g, '')}`;
        Object.assign(state.facts, { meetingUrl, place: meetingUrl });
      }
      if (effect === 'assign_advisor') state.assigneeId = String(payload.advisorId);
    }
  }

  function apply(rule: TransitionRule<string> & { action: string }, actor: Actor, payload: Record<string, unknown>, at: number): void {
    const from = state.status;
    const changes = { ...rule.clocks };
    const extendClock = Object.entries(changes).find(([, change]) => change === 'extend')?.[0];
    effectsBefore(rule, payload);
    let opened: ReturnType<NonNullable<Behaviour['openLinked']>> = null;
    if (rule.effects?.includes('book_linked_meeting')) {
      opened = behaviour.openLinked?.(view, rule.action, at, state.seq + 1, payload) ?? null;
      if (opened?.facts) Object.assign(state.facts, opened.facts);
    }
    if (rule.to) state.enter(rule.to, iso(at));
    if (rule.assigns && actor.kind === 'staff') state.assigneeId = actor.userId;
    state.taken.push(rule.action);
    const moved = clocks.change(changes, iso(at), typeof payload.message === 'string' ? payload.message : rule.action);
    if (extendClock) {
      const dueAtBefore = clocks.get(extendClock)!.due.dueAt;
      clocks.extend(extendClock, iso(at), String(payload.reason));
      const dueAt = clocks.get(extendClock)!.due.dueAt;
      record('deadline_extended', actor, { ...payload, clock: extendClock, dueAtBefore, dueAt }, at);
      since = at;
      return;
    }
    const { [clocks.mainName]: mainMove, ...otherMoves } = moved;
    record(
      'transition',
      actor,
      { action: rule.action, from, to: state.status, ...payload, ...mainMove, ...(Object.keys(otherMoves).length > 0 ? { clocks: otherMoves } : {}) },
      at,
    );
    since = at;
    if (rule.effects?.includes('open_linked_case')) opened = behaviour.openLinked?.(view, rule.action, at, state.seq, payload) ?? null;
    if (opened) {
      linked = null;
      waitingForLinked = true;
      const { result } = opened;
      // The linked case reports its end by a signal: the origin hears of it a moment later.
      if (result.endedAt !== null) pendingLinked = { ...result, endedAt: result.endedAt + 1000 };
    }
    for (const action of definition.automatic ?? []) takeSystemStep(action, at + 1000);
  }

  let pendingLinked: LinkedResult | null = null;

  function takeSystemStep(action: string | undefined, at: number): boolean {
    if (!action) return false;
    let rule;
    try {
      rule = plan(action, { kind: 'system' }, at);
    } catch (err) {
      if (err instanceof TransitionRefused) return false;
      throw err;
    }
    apply(rule, { kind: 'system' }, {}, at);
    return true;
  }

  function raise(next: ClockMilestone, at: number): void {
    if (!clocks.isDue(next, iso(at))) return;
    clocks.markFired(next);
    const clock = clocks.get(next.clock)!;
    const dueAt = clock.due.dueAt;
    const named: Record<string, string> = next.clock === clocks.mainName ? {} : { clock: next.clock };
    const { milestone } = next;
    if (milestone.kind === 'warning') {
      record('sla_warning', { kind: 'system' }, { fraction: milestone.fraction, dueAt, notify: 'handler', ...named }, at);
    } else if (milestone.kind === 'escalation') {
      record('escalated', { kind: 'system' }, { level: milestone.level, notify: milestone.notify, dueAt, ...named }, at);
    } else {
      const { silence: effect, legalBasis } = clock.policy;
      if (!definition.clocks.find((c) => c.name === next.clock)?.window) record('sla_breached', { kind: 'system' }, { dueAt, notify: 'handler', ...named }, at);
      if (takeSystemStep(definition.silence[next.clock], at)) return;
      if (effect !== 'none') record('implicit_decision', { kind: 'system' }, { effect, legalBasis }, at);
    }
  }

  function timerInputs() {
    return { status: state.status, facts: state.facts, settings: state.settings, fired: state.timersFired };
  }

  function fireTimer(key: string, at: number): void {
    const firing = pendingTimers(timers, timerInputs()).find((f) => f.key === key);
    if (!firing) return;
    state.timersFired.push(key);
    if (firing.timer.action) {
      takeSystemStep(firing.timer.action, at);
      return;
    }
    record('reminder', { kind: 'system' }, { timer: firing.timer.name, startsAt: state.facts[firing.timer.anchor] }, at);
  }

  for (const action of definition.automatic ?? []) takeSystemStep(action, setting.submittedAt + 1000);

  let planned: StepOption | null = null;
  let plannedFor = '';
  const refused = new Set<string>();
  for (let steps = 0; steps < MAX_STEPS && !state.terminal; steps++) {
    const key = `${state.status}|${state.taken.length}`;
    if (key !== plannedFor) {
      refused.clear();
      planned = choose();
      plannedFor = key;
    }
    const next = clocks.next();
    const timer = pendingTimers(timers, timerInputs())[0];
    const tm = next ? Date.parse(next.milestone.at) : Infinity;
    const tt = timer ? Date.parse(timer.at) : Infinity;
    const waiting = waitingForLinked ? (pendingLinked as LinkedResult | null) : null;
    const tl = waiting?.endedAt ?? Infinity;
    const ts = planned ? Math.max(planned.at, last + 1000) : Infinity;
    const due = Math.min(tm, tt, tl, ts);
    if (!Number.isFinite(due) || due > horizon) break;
    // A warning a resumed clock had already passed fires at once, as the workflow's timer would.
    const at = Math.max(due, last);
    if (tl === due) {
      linked = pendingLinked;
      pendingLinked = null;
      waitingForLinked = false;
      const outcome = linked!.outcome as keyof NonNullable<typeof definition.linkedOutcomes>;
      takeSystemStep(definition.linkedOutcomes?.[outcome], at);
      continue;
    }
    if (tt === due && tt <= tm) {
      fireTimer(timer!.key, at);
      continue;
    }
    if (tm === due && tm < ts) {
      raise(next!, at);
      continue;
    }
    const step = planned!;
    const actor = actorOf(step.by);
    try {
      const payload = step.payload ?? {};
      apply(plan(step.action, actor, at), actor, payload, at);
    } catch (err) {
      if (!(err instanceof TransitionRefused)) throw err;
      refused.add(step.action);
      planned = choose();
    }
  }

  function choose(): StepOption | null {
    const options = behaviour.options(view).filter((o) => o.weight > 0 && !refused.has(o.action));
    if (options.length === 0) return null;
    const total = options.reduce((sum, o) => sum + o.weight, 0);
    let r = rng.next() * total;
    for (const option of options) {
      r -= option.weight;
      if (r < 0) return option;
    }
    return options[options.length - 1]!;
  }

  return finish(setting, state, events, last, time);
}

function finish(setting: CaseIdentitySetting, state: CaseState, events: EventRow[], last: number, time: WorkingTime): SimulatedCase {
  const projection = state.projection();
  const clocks = state.clocks!;
  const closedAt = projection.closedAt ? Date.parse(projection.closedAt) : null;
  const clockRows: ClockRow[] = (projection.clocks ?? []).map((c) => {
    const target = setting.targets[c.clock];
    const running = clocks.get(c.clock);
    let targetDueAt: string | null = null;
    if (target && running) {
      const snapshot = running.snapshot();
      targetDueAt = computeDue({ policy: { ...snapshot.policy, budget: target, extension: null }, calendar: time.calendar, startedAt: snapshot.startedAt, pauses: snapshot.pauses, extension: null }).dueAt;
    }
    return {
      case_id: setting.caseId,
      clock: c.clock,
      state: c.state,
      started_at: c.startedAt,
      due_at: c.dueAt,
      paused: c.paused,
      stopped_at: c.stoppedAt,
      breached_at: c.breachedAt,
      escalation_level: c.escalationLevel,
      explanation: c.explanation,
      target_due_at: targetDueAt,
    };
  });
  const row: CaseRow = {
    id: setting.caseId,
    workflow_id: setting.workflowId,
    tracking_code: setting.trackingCode,
    case_type: setting.caseType,
    entity_id: setting.entity.id,
    service_id: setting.serviceId,
    office_id: setting.officeId,
    status: projection.status,
    assignee_id: projection.assigneeId,
    idempotency_key_hash: null,
    request_fingerprint: setting.requestFingerprint,
    applicant: setting.applicant,
    details: setting.details,
    sla_state: projection.slaState,
    due_at: projection.dueAt,
    explanation: projection.explanation,
    submitted_at: iso(setting.submittedAt),
    updated_at: iso(last),
    closed_at: projection.closedAt,
    outcome: projection.outcome ?? null,
    last_seq: state.seq,
    escalation_level: projection.escalationLevel ?? 0,
    origin_case_id: setting.originCaseId,
    facts: projection.facts ?? {},
    working_days_to_close: closedAt === null ? null : time.workingDaysBetween(setting.submittedAt, closedAt),
    first_free_slot_at: setting.firstFreeSlotAt === null ? null : iso(setting.firstFreeSlotAt),
  };
  return { row, clocks: clockRows, events, result: { endedAt: closedAt, outcome: projection.outcome ?? null } };
}

