import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from '../../activities/index.js';
import { actorLabel, type Actor } from '../../domain/cases/actor.js';
import { RECORD_REJECTED, type CaseEventRecord, type CaseEventType, type CaseProjection, type CaseSubmission } from '../../domain/cases/case-event.js';
import type { CaseView } from '../../domain/cases/case-view.js';
import { CALENDAR_UPDATED, notices, type CaseNotice } from '../../domain/cases/notices.js';
import { statusLabel } from '../../domain/cases/status-labels.js';
import {
  planTransition,
  requireAssigneeOrOverride,
  requirePlainText,
  TransitionRefused,
  type ActionPayload,
  type CaseMachine,
  type TransitionRule,
} from '../../domain/lifecycle/state-machine.js';
import { planExtension } from '../../domain/sla/extension.js';
import {
  actionUpdate,
  calendarChangedSignal,
  caseViewQuery,
  extendDeadlineUpdate,
  receiptUpdate,
  TRANSITION_REFUSED,
  type ActionRequest,
  type CalendarChange,
  type CaseWorkflowInput,
} from '../messages.js';
import { CaseStatusKey, CaseTypeKey, DueAtKey, EntityCodeKey, EscalationLevelKey, SlaStateKey } from '../search-attributes.js';
import { createSerializer } from './serial.js';
import { CaseClock } from './case-clock.js';
import { createRecorder } from './recorder.js';

// Local activities: short reads with no side effect; running them inside the workflow task saves
// the round trips through the server that a submission would otherwise wait on. Writes go
// through the recorder, once the step they record is durable.
const { loadCaseSetup, loadCalendar } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

/** Workflow time: replayed identically, unlike a host clock. */
function now(): Date {
  return new Date();
}

/**
 * The lifecycle every case type shares: state machine, SLA clock, escalation, event recording and
 * the handler/citizen steps as validated updates. A case workflow is this runner plus its machine.
 */
export async function runCase<S extends string, A extends string>(machine: CaseMachine<S, A>, input: CaseWorkflowInput): Promise<CaseView> {
  const startedAt = now().toISOString();
  const serialize = createSerializer();
  const calendarChanges: CalendarChange[] = [];
  let clock: CaseClock | null = null;
  let state: S = machine.initial;
  let assigneeId: string | null = null;
  let seq = 0;
  let recorded = false;
  /** the database refused the submission for good: the case never existed */
  let refused = false;
  let version = 0;
  const recorder = createRecorder(input.trackingCode);
  let closedAt: string | null = null;

  const isTerminal = () => machine.terminal.includes(state);

  function view(): CaseView {
    return {
      caseId: input.caseId,
      trackingCode: input.trackingCode,
      caseType: input.caseType,
      status: state,
      statusLabel: statusLabel(state),
      assigneeId,
      submittedAt: startedAt,
      dueAt: clock?.due.dueAt ?? null,
      explanation: clock?.due.explanation ?? null,
      sla: { state: clock?.slaState() ?? 'on_track', escalationLevel: clock?.escalationLevel ?? 0 },
      lastSeq: seq,
    };
  }

  function projection(): CaseProjection {
    const current = view();
    return { status: state, assigneeId, slaState: current.sla.state, dueAt: current.dueAt, explanation: current.explanation, closedAt };
  }

  async function record(
    type: CaseEventType,
    actor: Actor,
    payload: Record<string, unknown>,
    notify: CaseNotice[],
    submission?: CaseSubmission,
  ) {
    seq += 1;
    version += 1;
    const current = view();
    const event: CaseEventRecord = {
      caseId: input.caseId,
      entityId: input.entityId,
      seq,
      type,
      actor: actorLabel(actor),
      occurredAt: now().toISOString(),
      payload,
      projection: projection(),
      notices: notify,
      ...(submission ? { submission } : {}),
    };
    const result = await recorder.record(event);
    upsertSearchAttributes([
      { key: CaseStatusKey, value: state },
      { key: SlaStateKey, value: current.sla.state },
      { key: EscalationLevelKey, value: current.sla.escalationLevel },
      { key: DueAtKey, value: current.dueAt ? new Date(current.dueAt) : null },
    ]);
    return result;
  }

  /** A refusal crosses to the client as an ApplicationFailure the API maps to 400/403/409. */
  function refuse(err: unknown): never {
    if (err instanceof TransitionRefused) {
      throw ApplicationFailure.create({ type: TRANSITION_REFUSED, message: err.message, details: [err.code, err.field ?? null], nonRetryable: true });
    }
    throw err;
  }

  function requireStaff(request: ActionRequest): Extract<Actor, { kind: 'staff' }> {
    if (request.actor.kind !== 'staff') throw new TransitionRefused('wrong_actor', 'this step can only be taken by a staff member');
    return request.actor;
  }

  function plan(action: string, request: ActionRequest) {
    const { actor, payload } = request;
    try {
      if (!recorded) throw new TransitionRefused('not_allowed_now', 'the case is still being registered');
      if (actor.kind === 'system') throw new TransitionRefused('wrong_actor', 'system steps are not taken through actions');
      return planTransition(
        machine,
        action,
        {
          state,
          actor: actor.kind,
          assigneeId,
          ...(actor.kind === 'staff' ? { staff: { userId: actor.userId, canOverride: actor.role !== 'handler' } } : {}),
        },
        payload,
      );
    } catch (err) {
      return refuse(err);
    }
  }

  function planExtensionNow(request: ActionRequest) {
    try {
      if (!clock || isTerminal()) throw new TransitionRefused('not_allowed_now', 'the case no longer runs against a deadline');
      const staff = requireStaff(request);
      requireAssigneeOrOverride({ assigneeId, staff: { userId: staff.userId, canOverride: staff.role !== 'handler' } });
      return planExtension({
        policy: clock.policy,
        current: clock.extension,
        dueAt: clock.due.dueAt,
        clockStopped: clock.stopped,
        breached: clock.breached,
        now: now().toISOString(),
        reason: request.payload.reason,
      });
    } catch (err) {
      return refuse(err);
    }
  }

  async function takeStep(action: A, request: ActionRequest): Promise<CaseView> {
    // Re-planned under the serializer: an earlier step may have changed the state since validation.
    const rule = plan(action, request);
    const at = now().toISOString();
    const from = state;
    state = rule.to;
    if (rule.assigns && request.actor.kind === 'staff') assigneeId = request.actor.userId;
    if (isTerminal()) closedAt = at;
    const moved = clock!.apply(rule.clock, at, request.payload.message ?? action);
    await record(
      'transition',
      request.actor,
      { action, from, to: state, ...requiredText(rule, request.payload), ...moved },
      notices.statusChanged(input.trackingCode, state),
    );
    return view();
  }

  async function extendDeadline(request: ActionRequest): Promise<CaseView> {
    const extension = planExtensionNow(request);
    const dueAtBefore = clock!.due.dueAt;
    clock!.extend(extension);
    const dueAt = clock!.due.dueAt;
    await record(
      'deadline_extended',
      request.actor,
      { reason: extension.reason, dueAtBefore, dueAt },
      notices.deadlineExtended(input.trackingCode, extension.reason, dueAt, clock!.zone),
    );
    return view();
  }

  /** Checked when a step arrives, not when it is replayed: a step accepted before this check existed replays as it ran. */
  function validatePayload(request: ActionRequest): void {
    try {
      requirePlainText(request.payload);
    } catch (err) {
      refuse(err);
    }
  }

  for (const action of Object.keys(machine.transitions) as A[]) {
    setHandler(actionUpdate(action), (request) => serialize(() => takeStep(action, request)), {
      validator: (request) => {
        validatePayload(request);
        plan(action, request);
      },
    });
  }
  setHandler(extendDeadlineUpdate, (request) => serialize(() => extendDeadline(request)), {
    validator: (request) => {
      validatePayload(request);
      planExtensionNow(request);
    },
  });
  setHandler(calendarChangedSignal, (change) => {
    calendarChanges.push(change);
  });
  setHandler(caseViewQuery, view);
  setHandler(receiptUpdate, async () => {
    await condition(() => recorded || refused);
    if (refused) throw submissionRefused();
    return { ...view(), requestFingerprint: input.requestFingerprint };
  });

  const setup = await loadCaseSetup({ serviceId: input.serviceId, entityId: input.entityId, startedAt });
  clock = new CaseClock(setup.policy, setup.calendar, startedAt);
  upsertSearchAttributes([
    { key: CaseTypeKey, value: input.caseType },
    { key: EntityCodeKey, value: input.entityCode },
  ]);
  const submission = await serialize(() =>
    record(
      'submitted',
      { kind: 'citizen' },
      { to: state },
      notices.statusChanged(input.trackingCode, state),
      {
        workflowId: workflowInfo().workflowId,
        trackingCode: input.trackingCode,
        caseType: input.caseType,
        entityId: input.entityId,
        serviceId: input.serviceId,
        officeId: input.officeId,
        applicant: input.applicant,
        details: input.details,
        submittedAt: startedAt,
        idempotencyKeyHash: input.idempotencyKeyHash,
        requestFingerprint: input.requestFingerprint,
      },
    ),
  );
  if (submission === null) {
    refused = true;
    await condition(allHandlersFinished);
    throw submissionRefused();
  }
  recorded = true;
  if (submission.calendarRevision !== undefined && submission.calendarRevision !== setup.calendarRevision) {
    // A holiday changed between loading the calendar and writing this case: no one will signal it.
    calendarChanges.push({ dates: [], reason: CALENDAR_UPDATED });
  }

  const caseClock = clock;
  while (!isTerminal()) {
    if (recorder.mustReconcile()) {
      await serialize(() => recorder.reconcile({ caseId: input.caseId, lastSeq: seq, projection: projection() }));
    }
    const seen = version;
    const next = caseClock.nextMilestone();
    const wait = next ? Math.max(0, Date.parse(next.at) - now().getTime()) : undefined;
    const woke = await condition(() => version !== seen || calendarChanges.length > 0 || isTerminal(), wait);
    if (isTerminal()) break;
    if (calendarChanges.length > 0) {
      const changes = calendarChanges.splice(0);
      await serialize(async () => {
        const calendar = await loadCalendar({ entityId: input.entityId, startedAt });
        const moved = caseClock.replaceCalendar(calendar, now().toISOString());
        if (moved) {
          const last = changes.at(-1)!;
          await record(
            'due_recomputed',
            { kind: 'system' },
            { reason: last.reason, dates: changes.flatMap((c) => c.dates), ...moved },
            notices.dueRecomputed(input.trackingCode, last.reason, caseClock.due.dueAt, caseClock.zone),
          );
        }
      });
      continue;
    }
    if (woke || !next) continue;
    await serialize(async () => {
      // A step queued before this one may have stopped or moved the clock meanwhile.
      if (!caseClock.isDue(next, now().toISOString())) return;
      caseClock.markFired(next);
      const dueAt = caseClock.due.dueAt;
      const code = input.trackingCode;
      if (next.kind === 'warning') {
        await record('sla_warning', { kind: 'system' }, { fraction: next.fraction, dueAt, notify: 'handler' }, notices.warning(code, next.fraction, dueAt, caseClock.zone));
      } else if (next.kind === 'breach') {
        await record('sla_breached', { kind: 'system' }, { dueAt, notify: 'handler' }, notices.breach(code, dueAt, caseClock.zone));
        const { silence, legalBasis } = caseClock.policy;
        if (silence !== 'none') {
          await record('implicit_decision', { kind: 'system' }, { effect: silence, legalBasis }, notices.implicitDecision(code, silence, legalBasis));
        }
      } else {
        await record(
          'escalated',
          { kind: 'system' },
          { level: next.level, notify: next.notify, dueAt },
          notices.escalation(code, next.level, next.notify, dueAt, caseClock.zone),
        );
      }
    });
  }
  await condition(allHandlersFinished);
  return view();
}

function submissionRefused(): ApplicationFailure {
  return ApplicationFailure.create({ type: RECORD_REJECTED, message: 'the request holds data that cannot be stored', nonRetryable: true });
}

/** Only the free text the step asks for travels into the record (and to the citizen); nothing else of the request. */
function requiredText(rule: TransitionRule<string>, payload: ActionPayload): ActionPayload {
  const field = rule.requires;
  return field && payload[field] !== undefined ? { [field]: payload[field] } : {};
}

