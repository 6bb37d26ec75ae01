import { makeAppointmentEffects } from './appointment-effects.js';
import { makeFlagCaseForAttention } from './case-attention.js';
import type { WorkerActivityDeps } from './deps.js';
import { makeFindEntity, makeLoadCalendar, makeLoadCaseSetup } from './load-case-setup.js';
import { makeRecordCaseEvent } from './record-case-event.js';
import { makeReconcileReadModel } from './reconcile-read-model.js';
import { makeCalendarChangeCommitted, makeSignalAffectedCases } from './signal-affected-cases.js';

export type { ActivityDeps, WorkerActivityDeps } from './deps.js';
export type { SeatOffer } from './appointment-effects.js';

export function createActivities(deps: WorkerActivityDeps) {
  return {
    recordCaseEvent: makeRecordCaseEvent(deps),
    reconcileReadModel: makeReconcileReadModel(deps),
    flagCaseForAttention: makeFlagCaseForAttention(deps),
    loadCaseSetup: makeLoadCaseSetup(deps),
    loadCalendar: makeLoadCalendar(deps),
    findEntity: makeFindEntity(deps),
    calendarChangeCommitted: makeCalendarChangeCommitted(deps),
    signalAffectedCases: makeSignalAffectedCases(deps),
    ...makeAppointmentEffects(deps),
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
