import type { BusinessCalendar } from '../calendar/types.js';
import type { CaseTypeDefinition } from '../cases/case-definition.js';
import type { CaseEventRecord, CaseSubmission } from '../cases/case-event.js';
import { notices, withFacts } from '../cases/notices.js';
import type { SlaPolicy } from '../sla/policy.js';
import { CaseClocks } from './case-clocks.js';
import { passedReminders } from './case-timers.js';
import { CaseState, type CaseIdentity } from './case-state.js';

/** What the API reads for a new case and hands to its workflow: the clocks' policies and the calendar, as of the submission. */
export interface CaseSetupInput {
  submittedAt: string;
  policies: Record<string, SlaPolicy>;
  calendar: BusinessCalendar;
  /** the calendar revision read before the calendar: a later one means the calendar may have changed since */
  calendarRevision: number;
  /** the service's settings of the case type, defaults filled in (absent from older cases: none) */
  settings?: Record<string, unknown>;
  /** what the case starts with among its facts (an appointment's slot, start and office) */
  facts?: Record<string, unknown>;
}

/**
 * A new case as it stands when submitted, and the event that records it. The API computes it to
 * answer at once with the deadlines and their explanation, and records it once the workflow's start
 * is durable; the workflow computes the same from the same input and records the same event (a
 * repeat changes nothing). Pure, so both sides agree by construction.
 */
export function openCase(
  definition: CaseTypeDefinition,
  identity: CaseIdentity & { details: Readonly<Record<string, unknown>> },
  setup: CaseSetupInput,
  submission: CaseSubmission,
  state: CaseState = new CaseState(definition, identity, setup.submittedAt),
): { state: CaseState; event: CaseEventRecord } {
  state.clocks = new CaseClocks(definition.clocks, setup.policies, setup.calendar, setup.submittedAt, identity.details);
  state.settings = setup.settings ?? {};
  state.facts = { ...setup.facts };
  // A reminder whose time has passed by the booking (a meeting within the hour) is not sent late.
  state.timersFired.push(...passedReminders(definition.timers ?? [], { status: state.status, facts: state.facts, settings: state.settings, fired: [] }, setup.submittedAt));
  state.seq = 1;
  const openingNotice = definition.statuses[state.status]?.notice;
  const event: CaseEventRecord = {
    caseId: identity.caseId,
    entityId: identity.entityId,
    seq: 1,
    type: 'submitted',
    actor: 'citizen',
    occurredAt: setup.submittedAt,
    payload: { to: state.status },
    projection: state.projection(),
    // What the first status says (an appointment's day, hour and place) goes with the receipt's notice.
    notices: notices.statusChanged(identity.trackingCode, state.view().statusLabel, openingNotice && withFacts(openingNotice, state.noticeFacts())),
    submission,
  };
  return { state, event };
}
