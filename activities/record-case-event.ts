import type { CaseEventRecord } from '../domain/cases/case-event.js';
import { writeCaseEvent, type RecordOutcome } from '../store/case-events.js';
import type { ActivityDeps } from './deps.js';
import { asPermanentFailure } from './permanent-failure.js';

export type { RecordOutcome } from '../store/case-events.js';

/** The recording activity: the store's transaction, with data the database can never accept failing for good. */
export function makeRecordCaseEvent(deps: ActivityDeps) {
  return async function recordCaseEvent(event: CaseEventRecord): Promise<RecordOutcome> {
    try {
      return await writeCaseEvent(deps, event);
    } catch (err) {
      throw asPermanentFailure(err);
    }
  };
}
