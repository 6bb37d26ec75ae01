import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { isGrpcServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TransitionRefused } from '../../domain/lifecycle/state-machine.js';
import { RECORD_REJECTED } from '../../domain/cases/case-event.js';
import { TRANSITION_REFUSED } from '../../workflows/messages.js';
import { dependencyUnavailable, isTemporalOutage } from '../dependency-outage.js';
import { AppError, InvalidInput, NotPermitted, SlotFull, StepRefused } from '../errors.js';

const GRPC_NOT_FOUND = 5;

/** Turns what Temporal says about a refused or impossible step into the error the user can act on. */
export function toStepError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === TRANSITION_REFUSED) {
    const [code, field, extra] = (err.cause.details ?? []) as [TransitionRefused['code'] | undefined, string | null | undefined, Record<string, unknown> | null | undefined];
    const message = err.cause.message;
    // `reason` is the workflow's stable code, which pages translate.
    if (code === 'missing_field' || code === 'invalid_field') return new InvalidInput(message, { reason: code, ...(field ? { field: `body.${field}` } : {}) });
    if (code === 'wrong_actor' || code === 'not_assignee') return new NotPermitted(message, { reason: code });
    if (code === 'slot_full') return new SlotFull(message, { reason: code, ...extra });
    return new StepRefused(message, { reason: code ?? 'not_allowed_now', ...extra });
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === RECORD_REJECTED) {
    return new InvalidInput('the request holds data that cannot be stored; nothing was recorded');
  }
  if (err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND)) {
    return new StepRefused('the case is finished: no further step is possible', { reason: 'not_allowed_now' });
  }
  if (isTemporalOutage(err)) return dependencyUnavailable('POST', 'the case engine');
  return err;
}
