import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from '../../activities/index.js';
import { actorLabel, type Actor } from '../../domain/cases/actor.js';
import type { CaseTypeDefinition } from '../../domain/cases/case-definition.js';
import { RECORD_REJECTED, type CaseEventRecord, type CaseEventType, type CaseSubmission } from '../../domain/cases/case-event.js';
import { openCase } from '../../domain/lifecycle/case-opening.js';
import type { RecordOutcome } from '../../activities/record-case-event.js';
import type { CaseView } from '../../domain/cases/case-view.js';
import { CALENDAR_UPDATED, meetingNotices, notices, withFacts, type CaseNotice } from '../../domain/cases/notices.js';
import { passedReminders, pendingTimers } from '../../domain/lifecycle/case-timers.js';
import { payloadProblem } from '../../domain/lifecycle/payload-check.js';
import { actorsOf, planTransition, requirePlainText, TransitionRefused, type TransitionRule } from '../../domain/lifecycle/state-machine.js';
import type { SlaPolicy } from '../../domain/sla/policy.js';
import {
  actionUpdate,
  calendarChangedSignal,
  caseViewQuery,
  linkedCaseEndedSignal,
  receiptUpdate,
  submissionOf,
  systemStepSignal,
  TRANSITION_REFUSED,
  type SystemStepRequest,
  type ActionRequest,
  type CalendarChange,
  type CaseWorkflowInput,
} from '../messages.js';
import { CaseStatusKey, CaseTypeKey, DueAtKey, EntityCodeKey, EscalationLevelKey, SlaStateKey } from '../search-attributes.js';
import { WORKFLOW_PATCHES } from '../versions.js';
import { CaseClocks, type ClockMilestone } from '../../domain/lifecycle/case-clocks.js';
import { CaseState } from '../../domain/lifecycle/case-state.js';
import { openLinkedCase, reportToOrigin } from './linked-cases.js';
import { createRecorder } from './recorder.js';
import { checkAdvisor, prepareLinkedMeeting, type PreparedLinkedCase } from './linked-meeting.js';
import { runsBeforeRecording, seatEffect } from './seat-effects.js';
import { createSerializer } from './serial.js';

// Local activities: short reads with no side effect; running them inside the workflow task saves
// the round trips through the server that a submission would otherwise wait on. Writes go
// through the recorder, once the step they record is durable.
const { loadCaseSetup, loadCalendar, findEntity } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

/** Workflow time: replayed identically, unlike a host clock. */
function now(): string {
  return new Date().toISOString();
}

/** A refusal crosses to the client as an ApplicationFailure the API maps to 400/403/409. */
function refuse(err: unknown): never {
  if (err instanceof TransitionRefused) {
    throw ApplicationFailure.create({ type: TRANSITION_REFUSED, message: err.message, details: [err.code, err.field ?? null, err.extra ?? null], nonRetryable: true });
  }
  throw err;
}

/**
 * The lifecycle every case type shares, read from its definition: statuses and transitions with
 * their guards, named clocks with warnings, breach, escalation and what silence at a deadline
 * does, effects, event recording, and the steps as validated updates. Nothing here is specific to
 * one case type.
 */
export async function runCase(definition: CaseTypeDefinition, input: CaseWorkflowInput): Promise<CaseView> {
  const machine = definition.machine;
  const serialize = createSerializer();
  const calendarChanges: CalendarChange[] = [];
  const linkedEnded: Array<{ caseId: string; outcome: string }> = [];
  const systemSteps: SystemStepRequest[] = [];
  const timers = definition.timers ?? [];
  const state = new CaseState(definition, input, input.resume?.state.submittedAt ?? input.setup?.submittedAt ?? now());
  const recorder = createRecorder(input.trackingCode);
  let version = 0;
  // A run continued as new stands where the earlier run left the case, recorded, before any
  // handler sees a step (steps buffered across the hand-over are validated as soon as handlers exist).
  if (input.resume) {
    state.restore(input.resume.state);
    // The service's settings came with the submission's setup, which every run is handed again.
    state.settings = input.setup?.settings ?? {};
    state.clocks = CaseClocks.restore(definition.clocks, input.resume.clocks, input.details);
  }
  // A case whose setup the API read is registered as far as anyone can tell (the API recorded it,
  // or will): its submission goes first in line, before any step a handler may already hold.
  let opening: Promise<RecordOutcome | null> | null = null;
  if (input.setup && !input.resume) {
    const { event } = openCase(definition, input, input.setup, submissionRecord(), state);
    upsertSearchAttributes([
      { key: CaseTypeKey, value: input.caseType },
      { key: EntityCodeKey, value: input.entityCode },
    ]);
    opening = serialize(() => write(event));
  }
  let recorded = input.resume !== undefined || opening !== null;
  /** the submission is in the read model (for the receipt a racing retry waits on) */
  let submissionWritten = input.resume !== undefined;
  /** the database refused the submission for good: the case never existed */
  let refused = false;

  async function record(type: CaseEventType, actor: Actor, payload: Record<string, unknown>, notify: CaseNotice[], submission?: CaseSubmission) {
    state.seq += 1;
    return write({
      caseId: input.caseId,
      entityId: state.entityId,
      seq: state.seq,
      type,
      actor: actorLabel(actor),
      occurredAt: now(),
      payload,
      projection: state.projection(),
      notices: notify,
      ...(submission ? { submission } : {}),
    });
  }

  /** Hands an event of the state now to the recorder, and the state to the search attributes. */
  async function write(event: CaseEventRecord) {
    version += 1;
    const current = state.view();
    const result = await recorder.record(event);
    upsertSearchAttributes([
      { key: CaseStatusKey, value: state.status },
      { key: SlaStateKey, value: current.sla.state },
      { key: EscalationLevelKey, value: current.sla.escalationLevel },
      { key: DueAtKey, value: current.dueAt ? new Date(current.dueAt) : null },
    ]);
    return result;
  }

  function plan(action: string, actor: Actor) {
    return planTransition(machine, action, {
      state: state.status,
      actor: actor.kind,
      assigneeId: state.assigneeId,
      ...(actor.kind === 'staff' ? { staff: { userId: actor.userId, role: actor.role } } : {}),
      clocks: state.clocks?.facts() ?? {},
      details: input.details,
      taken: state.taken,
      facts: state.facts,
      settings: state.settings,
      now: now(),
    });
  }

  function timerInputs() {
    return { status: state.status, facts: state.facts, settings: state.settings, fired: state.timersFired };
  }

  /** A person's step, planned again under the serializer: an earlier step may have changed the state since validation. */
  function planStep(action: string, request: ActionRequest) {
    try {
      if (request.actor.kind === 'system') throw new TransitionRefused('wrong_actor', 'system steps are not taken through actions');
      return plan(action, request.actor);
    } catch (err) {
      return refuse(err);
    }
  }

  /** The label of an enumerated payload value (a legal ground, a reason), for the citizen's notice. */
  function choiceLabel(action: string, field: string, value: unknown) {
    const label = definition.actions[action]?.choices?.[field]?.[String(value)];
    return label ?? { fr: String(value), ar: String(value), en: String(value) };
  }

  /**
   * The effects a step needs done before it is recorded (a seat, a meeting link, an advisor's
   * check); a refusal among them (a full slot) leaves the case as it was.
   */
  async function effectsBeforeRecording(rule: TransitionRule<string>, payload: Readonly<Record<string, unknown>>, at: string) {
    const startsBefore = state.facts.startsAt;
    let prepared: PreparedLinkedCase | undefined;
    try {
      for (const effect of rule.effects ?? []) {
        if (runsBeforeRecording(effect)) Object.assign(state.facts, await seatEffect(effect, { caseId: input.caseId, serviceId: input.serviceId, facts: state.facts, payload }));
      }
      if (rule.effects?.includes('assign_advisor')) {
        await checkAdvisor({ advisorId: String(payload.advisorId), entityId: state.entityId, domain: String(input.details.domain) });
        state.assigneeId = String(payload.advisorId);
      }
      if (rule.effects?.includes('book_linked_meeting')) {
        const meeting = await prepareLinkedMeeting({ serviceId: input.serviceId, entityId: state.entityId, advisorId: state.assigneeId, payload, now: at });
        prepared = meeting.prepared;
        Object.assign(state.facts, meeting.facts);
      }
    } catch (err) {
      refuse(err);
    }
    return { startMoved: state.facts.startsAt !== startsBefore, prepared };
  }

  /** Applies a planned transition to state and clocks, records it, then carries out its effects. */
  async function apply(
    rule: TransitionRule<string> & { action: string },
    actor: Actor,
    payload: Readonly<Record<string, unknown>>,
    brought: Readonly<Record<string, unknown>> = {},
  ): Promise<CaseView> {
    const at = now();
    Object.assign(state.facts, brought);
    const clocks = state.clocks!;
    const from = state.status;
    const changes = { ...rule.clocks };
    const extendClock = Object.entries(changes).find(([, change]) => change === 'extend')?.[0];
    if (rule.effects?.includes('transfer')) await transfer(String(payload.entityCode));
    const { startMoved, prepared } = await effectsBeforeRecording(rule, payload, at);
    if (rule.to) state.enter(rule.to, at);
    if (rule.assigns && actor.kind === 'staff') state.assigneeId = actor.userId;
    state.taken.push(rule.action);
    const moved = clocks.change(changes, at, typeof payload.message === 'string' ? payload.message : rule.action);
    const code = input.trackingCode;
    if (extendClock) {
      const dueAtBefore = clocks.get(extendClock)!.due.dueAt;
      clocks.extend(extendClock, at, String(payload.reason));
      const dueAt = clocks.get(extendClock)!.due.dueAt;
      const reason = choiceLabel(rule.action, 'reason', payload.reason);
      await record('deadline_extended', actor, { ...payload, clock: extendClock, dueAtBefore, dueAt }, notices.deadlineExtended(code, reason, dueAt, clocks.zone));
      return state.view();
    }
    const { [clocks.mainName]: mainMove, ...otherMoves } = moved;
    const told: CaseNotice[] = [];
    // What the step says (an office closed, a seat offered) before what the status says.
    const stepNotice = definition.actions[rule.action]?.notice;
    const statusNotice = stepNotice ?? (rule.to ? definition.statuses[rule.to]?.notice : undefined);
    const filled = statusNotice && withFacts(statusNotice, state.noticeFacts());
    if (rule.to && rule.to !== from) told.push(...notices.statusChanged(code, state.view().statusLabel, filled));
    else if (startMoved) told.push(...meetingNotices.rescheduled(code, state.facts));
    else if (stepNotice) told.push({ audience: 'citizen', message: filled! });
    else if (mainMove?.dueAtBefore) told.push(...notices.dueRecomputed(code, choiceLabel(rule.action, 'reason', rule.action), mainMove.dueAt ?? null, clocks.zone));
    if (rule.effects?.includes('transfer')) told.push(...notices.transferred(code, state.entityCode));
    await record(
      'transition',
      actor,
      { action: rule.action, from, to: state.status, ...payload, ...mainMove, ...(Object.keys(otherMoves).length > 0 ? { clocks: otherMoves } : {}) },
      told,
    );
    if (rule.effects?.includes('open_linked_case') || prepared) await openLinkedCase(definition, input, state, payload, prepared);
    if (rule.effects?.includes('report_to_origin') && input.origin) await reportToOrigin(input.origin, { caseId: input.caseId, outcome: state.decided ?? state.status });
    // A moved start makes new reminders: those already past are passed over, not sent late.
    if (startMoved) state.timersFired.push(...passedReminders(timers, timerInputs(), now()));
    await takeAutomaticSteps();
    return state.view();
  }

  /** The definition's automatic steps whose guards now hold (confirmation at once). */
  async function takeAutomaticSteps(): Promise<void> {
    for (const action of definition.automatic ?? []) await takeSystemStep(action);
  }

  async function transfer(entityCode: string): Promise<void> {
    const target = await findEntity({ code: entityCode });
    if (!target || target.id === state.entityId) {
      refuse(new TransitionRefused('invalid_field', target ? 'the case is already at this entity' : `no entity has the code ${entityCode}`, 'entityCode'));
    }
    state.entityId = target.id;
    state.entityCode = target.code;
    // The entity concerned takes the case up afresh: no handler of the other one holds it, and its
    // days off count from now on (the same start and budget: the clocks are kept).
    state.assigneeId = null;
    if (patched(WORKFLOW_PATCHES.transferCalendar)) state.clocks!.replaceCalendar(await loadCalendar({ entityId: target.id, startedAt: state.submittedAt }), now());
    upsertSearchAttributes([{ key: EntityCodeKey, value: target.code }]);
  }

  /** A system step (silence at a deadline, a linked case's end), taken only when the definition allows it now; says whether it was. */
  async function takeSystemStep(action: string | undefined, payload: Readonly<Record<string, unknown>> = {}, brought: Readonly<Record<string, unknown>> = {}): Promise<boolean> {
    if (!action) return false;
    let rule;
    try {
      rule = plan(action, { kind: 'system' });
    } catch (err) {
      if (err instanceof TransitionRefused) return false;
      throw err;
    }
    await apply(rule, { kind: 'system' }, payload, brought);
    return true;
  }

  /** A timer that is no deadline came due: a reminder to the citizen, or its system step. */
  async function fireTimer(key: string): Promise<void> {
    // A step queued before this one may have left the status the timer runs in, or moved its start.
    const firing = pendingTimers(timers, timerInputs()).find((f) => f.key === key);
    if (!firing) return;
    state.timersFired.push(key);
    if (firing.timer.action) {
      await takeSystemStep(firing.timer.action);
      return;
    }
    await record('reminder', { kind: 'system' }, { timer: firing.timer.name, startsAt: state.facts[firing.timer.anchor] }, meetingNotices.reminder(input.trackingCode, state.facts));
  }

  /** Checked when a step arrives, not when it is replayed: a step accepted before this check existed replays as it ran. */
  function validateRequest(action: string, request: ActionRequest): void {
    try {
      requirePlainText(request.payload);
      const schema = definition.actions[action]?.payload;
      const problem = schema ? payloadProblem(schema, request.payload, action) : null;
      if (problem) throw new TransitionRefused(problem.code, problem.message, problem.field);
    } catch (err) {
      refuse(err);
    }
    planStep(action, request);
  }

  for (const action of Object.keys(machine.transitions)) {
    if (!actorsOf(machine.transitions[action]!).some((a) => a !== 'system')) continue;
    const take = (request: ActionRequest) => serialize(() => apply(planStep(action, request), request.actor, request.payload));
    setHandler(
      actionUpdate(action),
      // A step that comes while the case's first event is being recorded (its row is already
      // visible) waits for it rather than being refused; once recorded, it is taken at once.
      (request) => (recorded ? take(request) : condition(() => recorded || refused).then(() => (refused ? refuse(submissionNotRecorded()) : take(request)))),
      { validator: (request) => validateRequest(action, request) },
    );
  }
  setHandler(calendarChangedSignal, (change) => {
    calendarChanges.push(change);
  });
  setHandler(linkedCaseEndedSignal, (ended) => {
    linkedEnded.push(ended);
  });
  setHandler(systemStepSignal, (request) => {
    systemSteps.push(request);
  });
  setHandler(caseViewQuery, () => state.view());
  setHandler(receiptUpdate, async () => {
    await condition(() => submissionWritten || refused);
    if (refused) throw submissionRefused();
    return { ...state.view(), requestFingerprint: input.requestFingerprint };
  });

  if (!input.resume) await start();
  const clocks = state.clocks!;

  function submissionRecord(): CaseSubmission {
    return submissionOf(input, workflowInfo().workflowId, state.submittedAt);
  }

  async function start(): Promise<void> {
    let calendarRevision: number;
    let submitted: RecordOutcome | null;
    if (opening) {
      calendarRevision = input.setup!.calendarRevision;
      submitted = await opening;
    } else {
      const setup = await loadCaseSetup({
        serviceId: input.serviceId,
        entityId: input.entityId,
        startedAt: state.submittedAt,
        clocks: definition.clocks.map((c) => c.name),
      });
      // Histories recorded before named clocks carry the one policy of the case.
      const policies = setup.policies ?? { [definition.clocks[0]!.name]: (setup as unknown as { policy: SlaPolicy }).policy };
      state.clocks = new CaseClocks(definition.clocks, policies, setup.calendar, state.submittedAt, input.details);
      calendarRevision = setup.calendarRevision;
      upsertSearchAttributes([
        { key: CaseTypeKey, value: input.caseType },
        { key: EntityCodeKey, value: input.entityCode },
      ]);
      submitted = await serialize(() =>
        record('submitted', { kind: 'citizen' }, { to: state.status }, notices.statusChanged(input.trackingCode, state.view().statusLabel), submissionRecord()),
      );
    }
    if (submitted === null) {
      refused = true;
      await condition(allHandlersFinished);
      throw submissionRefused();
    }
    recorded = true;
    submissionWritten = true;
    if (definition.automatic) await serialize(takeAutomaticSteps);
    if (submitted.calendarRevision !== undefined && submitted.calendarRevision !== calendarRevision) {
      // A holiday changed between loading the calendar and writing this case: no one will signal it.
      calendarChanges.push({ dates: [], reason: CALENDAR_UPDATED });
    }
  }

  async function recomputeCalendar(changes: CalendarChange[]): Promise<void> {
    const calendar = await loadCalendar({ entityId: state.entityId, startedAt: state.submittedAt });
    const moved = clocks.replaceCalendar(calendar, now());
    const { [clocks.mainName]: mainMove, ...others } = moved;
    if (!mainMove && Object.keys(others).length === 0) return;
    // The citizen is told why: a named change rather than the bare "calendar updated" when there is one.
    const last = changes.findLast((c) => c.reason !== CALENDAR_UPDATED) ?? changes.at(-1)!;
    await record(
      'due_recomputed',
      { kind: 'system' },
      { reason: last.reason, dates: changes.flatMap((c) => c.dates), ...mainMove, ...(Object.keys(others).length > 0 ? { clocks: others } : {}) },
      mainMove ? notices.dueRecomputed(input.trackingCode, last.reason, clocks.main?.due.dueAt ?? null, clocks.zone) : [],
    );
  }

  async function raise(next: ClockMilestone): Promise<void> {
    // A step queued before this one may have stopped or moved the clock meanwhile.
    if (!clocks.isDue(next, now())) return;
    clocks.markFired(next);
    const clock = clocks.get(next.clock)!;
    const dueAt = clock.due.dueAt;
    const code = input.trackingCode;
    const named: Record<string, string> = next.clock === clocks.mainName ? {} : { clock: next.clock };
    const { milestone } = next;
    if (milestone.kind === 'warning') {
      await record('sla_warning', { kind: 'system' }, { fraction: milestone.fraction, dueAt, notify: 'handler', ...named }, notices.warning(code, milestone.fraction, dueAt, clocks.zone));
    } else if (milestone.kind === 'escalation') {
      await record(
        'escalated',
        { kind: 'system' },
        { level: milestone.level, notify: milestone.notify, dueAt, ...named },
        notices.escalation(code, milestone.level, milestone.notify, dueAt, clocks.zone),
      );
    } else {
      await silence(next.clock, dueAt, named);
    }
  }

  /** A deadline passed: the breach is recorded, then what the definition says silence at it does. */
  async function silence(clockName: string, dueAt: string | null, named: Record<string, string>): Promise<void> {
    const code = input.trackingCode;
    const { silence: effect, legalBasis } = clocks.get(clockName)!.policy;
    // The end of a window the citizen had is no breach by the administration.
    if (!definition.clocks.find((c) => c.name === clockName)?.window) await record('sla_breached', { kind: 'system' }, { dueAt, notify: 'handler', ...named }, notices.breach(code, dueAt, clocks.zone));
    const systemStep = definition.silence[clockName];
    if (systemStep && patched(WORKFLOW_PATCHES.definitionCore) && (await takeSystemStep(systemStep))) return;
    // Silence the case type has no status for is still recorded as what the law makes of it.
    if (effect !== 'none') {
      await record('implicit_decision', { kind: 'system' }, { effect, legalBasis }, notices.implicitDecision(code, effect, legalBasis));
    }
  }

  while (!state.terminal) {
    // Before any hand-over: the next run would not know this one once wrote ahead of its history.
    if (recorder.mustReconcile()) {
      await serialize(() => recorder.reconcile({ caseId: input.caseId, lastSeq: state.seq, projection: state.projection() }));
    }
    // A long case (years of calendar changes, many steps) hands its state to a fresh run before its history grows too large.
    if (workflowInfo().continueAsNewSuggested && calendarChanges.length === 0 && linkedEnded.length === 0 && systemSteps.length === 0 && patched(WORKFLOW_PATCHES.continueAsNew)) {
      await condition(allHandlersFinished);
      if (calendarChanges.length === 0 && linkedEnded.length === 0 && systemSteps.length === 0 && !state.terminal) {
        await continueAsNew<(next: CaseWorkflowInput) => Promise<CaseView>>({ ...input, resume: { state: state.snapshot(), clocks: clocks.snapshot() } });
      }
    }
    const seen = version;
    const next = clocks.next();
    const timer = pendingTimers(timers, timerInputs())[0];
    const nextAt = Math.min(next ? Date.parse(next.milestone.at) : Infinity, timer ? Date.parse(timer.at) : Infinity);
    const wait = Number.isFinite(nextAt) ? Math.max(0, nextAt - Date.parse(now())) : undefined;
    const woke = await condition(() => version !== seen || calendarChanges.length > 0 || linkedEnded.length > 0 || systemSteps.length > 0 || state.terminal, wait);
    if (state.terminal) break;
    if (systemSteps.length > 0) {
      const requested = systemSteps.splice(0);
      await serialize(async () => {
        for (const { action, payload, facts } of requested) await takeSystemStep(action, payload, facts);
      });
      continue;
    }
    if (linkedEnded.length > 0) {
      const ended = linkedEnded.splice(0);
      await serialize(async () => {
        for (const { outcome } of ended) await takeSystemStep(definition.linkedOutcomes?.[outcome as keyof typeof definition.linkedOutcomes]);
      });
      continue;
    }
    if (calendarChanges.length > 0) {
      const changes = calendarChanges.splice(0);
      await serialize(() => recomputeCalendar(changes));
      continue;
    }
    if (woke) continue;
    if (timer && (!next || Date.parse(timer.at) <= Date.parse(next.milestone.at))) {
      await serialize(() => fireTimer(timer.key));
      continue;
    }
    if (!next) continue;
    await serialize(() => raise(next));
  }
  await condition(allHandlersFinished);
  return state.view();
}

function submissionNotRecorded(): TransitionRefused {
  return new TransitionRefused('not_allowed_now', 'the request could not be registered');
}

function submissionRefused(): ApplicationFailure {
  return ApplicationFailure.create({ type: RECORD_REJECTED, message: 'the request holds data that cannot be stored', nonRetryable: true });
}
