import { statusLabel, type LabelAudience } from '../../domain/cases/status-labels.js';
import type { Client } from '@temporalio/client';
import { caseDefinition } from '../../domain/cases/machines.js';
import { checkActionPayload } from './action-payload.js';
import type { CaseView } from '../../domain/cases/case-view.js';
import type { Actor } from '../../domain/cases/actor.js';
import { actorsOf, type ActionPayload } from '../../domain/lifecycle/state-machine.js';
import { actionUpdate } from '../../workflows/messages.js';
import { InvalidInput } from '../errors.js';
import { toStepError } from './temporal-errors.js';

/** How long a step waits for the case engine before answering 503. */
const STEP_DEADLINE_MS = 15_000;

export interface CaseRef {
  caseType: string;
  workflowId: string;
}

/** Sends one step to a case's workflow and returns the case as the workflow sees it after the step. */
export async function takeCaseStep(
  client: Client,
  ref: CaseRef,
  action: string,
  actor: Actor,
  payload: ActionPayload,
): Promise<CaseView> {
  const definition = caseDefinition(ref.caseType);
  const transition = definition && Object.hasOwn(definition.machine.transitions, action) ? definition.machine.transitions[action] : undefined;
  if (!definition || !transition || !actorsOf(transition).some((a) => a !== 'system')) {
    const known = definition ? Object.entries(definition.machine.transitions).flatMap(([name, rule]) => (actorsOf(rule).some((a) => a !== 'system') ? [name] : [])).join(', ') : '';
    throw new InvalidInput(`unknown action "${action}"; actions of this case type: ${known}`);
  }
  checkActionPayload(definition, action, payload);
  const update = actionUpdate(action);
  try {
    return await client.withDeadline(Date.now() + STEP_DEADLINE_MS, () =>
      client.workflow.getHandle(ref.workflowId).executeUpdate(update, { args: [{ actor, payload }] }),
    );
  } catch (err) {
    throw toStepError(err);
  }
}

/** The answer to a step, for citizen and staff alike: the case as its workflow sees it afterwards. */
export function stepResult(view: CaseView, audience: LabelAudience) {
  return {
    caseId: view.caseId,
    status: view.status,
    step: statusLabel(view.caseType, view.status, audience),
    deadlines: view.deadlines,
    outcome: view.outcome ?? null,
    assigneeId: view.assigneeId,
    dueAt: view.dueAt,
    explanation: view.explanation,
    sla: view.sla,
    facts: view.facts ?? {},
  };
}
