import type { ActivityDeps } from './deps.js';
import { makeLoadCalendar, makeLoadCaseSetup } from './load-case-setup.js';
import { makeRecordCaseEvent } from './record-case-event.js';

export type { ActivityDeps } from './deps.js';

export function createActivities(deps: ActivityDeps) {
  return {
    recordCaseEvent: makeRecordCaseEvent(deps),
    loadCaseSetup: makeLoadCaseSetup(deps),
    loadCalendar: makeLoadCalendar(deps),
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
