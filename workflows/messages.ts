import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ClocksSnapshot } from '../domain/lifecycle/case-clocks.js';
import type { CaseSetupInput } from '../domain/lifecycle/case-opening.js';
import type { StateSnapshot } from '../domain/lifecycle/case-state.js';
import type { Actor } from '../domain/cases/actor.js';
import type { ApplicantRecord, CaseSubmission } from '../domain/cases/case-event.js';
import type { CaseView } from '../domain/cases/case-view.js';
import type { IsoDate, LocalizedName } from '../domain/calendar/types.js';
import type { ActionPayload } from '../domain/lifecycle/state-machine.js';

/** What the API hands a case workflow when a case is submitted. */
export interface CaseWorkflowInput {
  caseId: string;
  trackingCode: string;
  caseType: string;
  entityId: string;
  entityCode: string;
  serviceId: string;
  officeId: string | null;
  applicant: ApplicantRecord;
  details: Record<string, unknown>;
  idempotencyKeyHash: string | null;
  /** sha256 of the submitted body, so a reused Idempotency-Key with another body is told apart */
  requestFingerprint: string;
  /** the case whose effect opened this one (a complaint against an information request's answer) */
  origin?: { caseId: string; workflowId: string; trackingCode: string };
  /** a case continued as new: where it stood, instead of a fresh start */
  resume?: CaseResume;
  /** the clocks' policies and calendar the API read at submission (absent from cases submitted before it did) */
  setup?: CaseSetupInput;
}

/** A running case as plain data: state and clocks, handed to its next run by continue-as-new. */
export interface CaseResume {
  state: StateSnapshot;
  clocks: ClocksSnapshot;
}

export interface ActionRequest {
  actor: Actor;
  payload: ActionPayload;
}

/** The application failure type a refused step carries from workflow to API. */
export const TRANSITION_REFUSED = 'TransitionRefused';

/** Every step a handler or citizen takes is an update named after the action, validated before it is accepted. */
export function actionUpdate(action: string) {
  return defineUpdate<CaseView, [ActionRequest]>(action);
}

/** Waits until the submission is recorded in the read model, then returns the case; used with update-with-start. */
export const receiptUpdate = defineUpdate<CaseView & { requestFingerprint: string }>('receipt');

export const caseViewQuery = defineQuery<CaseView>('caseView');

/** A holiday was confirmed, moved, added or removed: running cases reload their calendar and recompute. */
export interface CalendarChange {
  /** the days whose status changed */
  dates: IsoDate[];
  /** why, as the citizen will read it */
  reason: LocalizedName;
}

export const calendarChangedSignal = defineSignal<[CalendarChange]>('calendarChanged');

/** A case this one opened (a complaint to the head of the institution) ended: how, by its outcome. */
export const linkedCaseEndedSignal = defineSignal<[{ caseId: string; outcome: string }]>('linkedCaseEnded');

/** A system step asked of the case from outside (its office closed for the day): taken if the definition allows it now. */
export interface SystemStepRequest {
  action: string;
  payload: Record<string, unknown>;
  /** facts the step brings (a seat offered: which, until when) */
  facts?: Record<string, unknown>;
}

export const systemStepSignal = defineSignal<[SystemStepRequest]>('systemStep');

/** The columns a case's first event writes, from what its workflow was started with. */
export function submissionOf(input: CaseWorkflowInput, workflowId: string, submittedAt: string): CaseSubmission {
  return {
    workflowId,
    trackingCode: input.trackingCode,
    caseType: input.caseType,
    entityId: input.entityId,
    serviceId: input.serviceId,
    officeId: input.officeId,
    applicant: input.applicant,
    details: input.details,
    submittedAt,
    idempotencyKeyHash: input.idempotencyKeyHash,
    requestFingerprint: input.requestFingerprint,
    ...(input.origin ? { originCaseId: input.origin.caseId } : {}),
    ...(typeof input.setup?.facts?.slotId === 'string' ? { seat: { slotId: input.setup.facts.slotId, serviceId: input.serviceId } } : {}),
  };
}
