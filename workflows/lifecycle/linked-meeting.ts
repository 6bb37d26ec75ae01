import { proxyLocalActivities, uuid4 } from '@temporalio/workflow';
import type { CaseActivities } from '../../activities/index.js';
import { trackingCode } from '../../domain/cases/tracking-code.js';
import type { CaseSetupInput } from '../../domain/lifecycle/case-opening.js';
import { TransitionRefused } from '../../domain/lifecycle/state-machine.js';

const advisors = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '5 seconds' },
});

/** A linked case made ready before its step is recorded: its id, code, details and setup. */
export interface PreparedLinkedCase {
  caseId: string;
  trackingCode: string;
  details: Record<string, unknown>;
  setup: CaseSetupInput;
}

/** The advisor named in a triage: one of the entity's, named for the case's domain; otherwise the step is refused. */
export async function checkAdvisor(input: { advisorId: string; entityId: string; domain: string }): Promise<void> {
  const answer = await advisors.checkAdvisor(input);
  if ('refused' in answer) throw new TransitionRefused('invalid_field', answer.refused, 'advisorId');
}

/**
 * The seat of the meeting an advisor proposes, held for the appointment that will open on it:
 * a full or foreign slot refuses the step before anything is recorded.
 */
export async function prepareLinkedMeeting(input: {
  serviceId: string;
  entityId: string;
  advisorId: string | null;
  payload: Readonly<Record<string, unknown>>;
  now: string;
}): Promise<{ prepared: PreparedLinkedCase; facts: Record<string, unknown> }> {
  const caseId = uuid4();
  const details = { slotId: String(input.payload.slotId), modality: String(input.payload.modality) };
  const held = await advisors.holdLinkedMeeting({ childCaseId: caseId, ...details, serviceId: input.serviceId, entityId: input.entityId, advisorId: input.advisorId, startedAt: input.now });
  if ('refused' in held) {
    const code = held.refused === 'full' ? 'slot_full' : 'invalid_field';
    throw new TransitionRefused(code, held.message, held.field ?? 'slotId', held.nextSlots.length > 0 ? { nextSlots: held.nextSlots } : undefined);
  }
  // Workflow randomness is seeded by the server and replayed identically.
  const code = trackingCode((n) => Math.floor(Math.random() * n));
  return {
    prepared: { caseId, trackingCode: code, details, setup: { submittedAt: input.now, ...held.setup, facts: held.facts } },
    facts: { meetingCaseId: caseId, meetingCode: code, meetingDate: held.facts.localDate, meetingStart: held.facts.localStart, meetingPlace: held.facts.place },
  };
}
