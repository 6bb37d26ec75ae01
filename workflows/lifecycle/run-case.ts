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
import type { CaseSetup } from '../../activities/load-case-setup.js';
import { actorLabel, type Actor } from '../../domain/cases/actor.js';
import type { CaseEventRecord, CaseEventType, CaseSubmission, SlaState } from '../../domain/cases/case-event.js';
import type { CaseView } from '../../domain/cases/case-view.js';
import { statusLabel } from '../../domain/cases/status-labels.js';
import {
  planTransition,
  TransitionRefused,
  type ActionPayload,
  type CaseMachine,
} from '../../domain/lifecycle/state-machine.js';
import { computeDue, slaMilestones, type DueComputation, type SlaMilestone, type SlaPause } from '../../domain/sla/clock.js';
import { actionUpdate, caseViewQuery, receiptUpdate, TRANSITION_REFUSED, type ActionRequest, type CaseWorkflowInput } from '../messages.js';
import { CaseStatusKey, CaseTypeKey, DueAtKey, EntityCodeKey, EscalationLevelKey, SlaStateKey } from '../search-attributes.js';
import { createSerializer } from './serial.js';

// Local activities: both are short database calls, and running them inside the workflow task
// saves the round trips through the server that a submission would otherwise wait on.
// Both are idempotent, so the re-execution a local activity can see after a crash is harmless.
const { recordCaseEvent, loadCaseSetup } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

/** Workflow time: replayed identically, unlike a host clock. */
function now(): Date {
  return new Date();
}

function milestoneKey(m: SlaMilestone): string {
  return m.kind === 'warning' ? `warning:${m.fraction}` : m.kind === 'escalation' ? `escalation:${m.level}` : 'breach';
}

/**
 * The lifecycle every case type shares: state machine, SLA clock, escalation, event recording and
 * the handler/citizen steps as validated updates. A case workflow is this runner plus its machine.
 */
export async function runCase<S extends string, A extends string>(
  machine: CaseMachine<S, A>,
  input: CaseWorkflowInput,
): Promise<CaseView> {
  const startedAt = now().toISOString();
  const serialize = createSerializer();
  let state: S = machine.initial;
  let assigneeId: string | null = null;
  let seq = 0;
  let recorded = false;
  let version = 0;
  let closedAt: string | null = null;
  let clockStopped = false;
  let escalationLevel = 0;
  let slaState: SlaState = 'on_track';
  const pauses: SlaPause[] = [];
  const fired = new Set<string>();
  let setup: CaseSetup | null = null;
  let due: DueComputation | null = null;
  /** the last due date the citizen was given, kept across a pause so the resume can say how far it moved */
  let lastDueAt: string | null = null;

  const clockInput = () => {
    if (!setup) throw new Error('the case clock is read before its policy and calendar are loaded');
    return { policy: setup.policy, calendar: setup.calendar, startedAt, pauses, extension: null };
  };

  function currentSlaState(): SlaState {
    if (clockStopped) return 'stopped';
    if (pauses.some((p) => p.endedAt === null)) return 'paused';
    return slaState;
  }

  function view(): CaseView {
    return {
      caseId: input.caseId,
      trackingCode: input.trackingCode,
      caseType: input.caseType,
      status: state,
      statusLabel: statusLabel(state),
      assigneeId,
      submittedAt: startedAt,
      dueAt: due?.dueAt ?? null,
      explanation: due?.explanation ?? null,
      sla: { state: currentSlaState(), escalationLevel },
      lastSeq: seq,
    };
  }

  async function record(type: CaseEventType, actor: Actor, payload: Record<string, unknown>, submission?: CaseSubmission) {
    seq += 1;
    version += 1;
    const event: CaseEventRecord = {
      caseId: input.caseId,
      seq,
      type,
      actor: actorLabel(actor),
      occurredAt: now().toISOString(),
      payload,
      projection: {
        status: state,
        assigneeId,
        slaState: currentSlaState(),
        dueAt: due?.dueAt ?? null,
        explanation: due?.explanation ?? null,
        closedAt,
      },
      ...(submission ? { submission } : {}),
    };
    await recordCaseEvent(event);
    upsertSearchAttributes([
      { key: CaseStatusKey, value: state },
      { key: SlaStateKey, value: currentSlaState() },
      { key: EscalationLevelKey, value: escalationLevel },
      { key: DueAtKey, value: due?.dueAt ? new Date(due.dueAt) : null },
    ]);
  }

  function refuse(err: unknown): never {
    if (err instanceof TransitionRefused) {
      throw ApplicationFailure.create({ type: TRANSITION_REFUSED, message: err.message, details: [err.code], nonRetryable: true });
    }
    throw err;
  }

  function plan(action: string, request: ActionRequest) {
    const { actor, payload } = request;
    if (actor.kind === 'system') throw new TransitionRefused('wrong_actor', 'system steps are not taken through actions');
    try {
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

  async function takeStep(action: A, request: ActionRequest): Promise<CaseView> {
    // Re-plan under the serializer: an earlier step may have changed the state since validation.
    const rule = plan(action, request);
    const at = now().toISOString();
    const from = state;
    state = rule.to;
    if (rule.assigns && request.actor.kind === 'staff') assigneeId = request.actor.userId;
    if (rule.clock === 'pause') pauses.push({ startedAt: at, endedAt: null, reason: request.payload.message ?? action });
    if (rule.clock === 'resume') {
      const open = pauses.find((p) => p.endedAt === null);
      if (open) open.endedAt = at;
    }
    if (rule.clock === 'stop') clockStopped = true;
    if (machine.terminal.includes(state)) closedAt = at;
    due = computeDue(clockInput());
    const payload: Record<string, unknown> = { action, from, to: state, ...publicText(request.payload) };
    if (due.dueAt !== null && lastDueAt !== null && due.dueAt !== lastDueAt) payload.dueAtBefore = lastDueAt;
    if (due.dueAt !== null) lastDueAt = due.dueAt;
    await record('transition', request.actor, payload);
    return view();
  }

  for (const action of Object.keys(machine.transitions) as A[]) {
    setHandler(actionUpdate(action), (request) => serialize(() => takeStep(action, request)), {
      validator: (request) => {
        if (!recorded) refuse(new TransitionRefused('not_allowed_now', 'the case is still being registered'));
        plan(action, request);
      },
    });
  }
  setHandler(caseViewQuery, view);
  setHandler(receiptUpdate, async () => {
    await condition(() => recorded);
    return { ...view(), requestFingerprint: input.requestFingerprint };
  });

  setup = await loadCaseSetup({ serviceId: input.serviceId, entityId: input.entityId, startedAt });
  due = computeDue(clockInput());
  lastDueAt = due.dueAt;
  upsertSearchAttributes([
    { key: CaseTypeKey, value: input.caseType },
    { key: EntityCodeKey, value: input.entityCode },
  ]);
  await serialize(() =>
    record('submitted', { kind: 'citizen' }, { to: state }, {
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
    }),
  );
  recorded = true;

  while (!machine.terminal.includes(state)) {
    const seen = version;
    const next = clockStopped ? undefined : slaMilestones(clockInput()).find((m) => !fired.has(milestoneKey(m)));
    const wait = next ? Math.max(0, Date.parse(next.at) - now().getTime()) : undefined;
    const changed = await condition(() => version !== seen || machine.terminal.includes(state), wait);
    if (changed || !next) continue;
    await serialize(async () => {
      fired.add(milestoneKey(next));
      if (next.kind === 'warning') {
        slaState = 'warning';
        await record('sla_warning', { kind: 'system' }, { fraction: next.fraction, dueAt: due?.dueAt ?? null });
      } else if (next.kind === 'breach') {
        slaState = 'breached';
        await record('sla_breached', { kind: 'system' }, { dueAt: due?.dueAt ?? null, notify: 'handler' });
      } else {
        escalationLevel = next.level;
        await record('escalated', { kind: 'system' }, { level: next.level, notify: next.notify, dueAt: due?.dueAt ?? null });
      }
    });
  }
  await condition(allHandlersFinished);
  return view();
}

/** Only the free text the step asked for travels into the record; nothing else from the request. */
function publicText(payload: ActionPayload): ActionPayload {
  return {
    ...(payload.message !== undefined ? { message: payload.message } : {}),
    ...(payload.reason !== undefined ? { reason: payload.reason } : {}),
  };
}
