/**
 * The ids passed to `patched()` where the case workflows changed while cases were running. Each
 * stays until no running workflow was started before it (then `deprecatePatch`, then removal);
 * test/fixtures/histories holds histories recorded before each change, and they must keep replaying.
 */
export const WORKFLOW_PATCHES = {
  /** events written by an ordinary activity after the step is durable, not by a local activity inside the workflow task */
  durableRecording: 'durable-recording',
  /** the core reads case-type definitions: silence at a deadline is the definition's system transition, not only an event */
  definitionCore: 'definition-core',
  /** a long case continues as new when Temporal suggests it */
  continueAsNew: 'continue-as-new',
  /** a transferred case counts on the days off of the entity it moves to */
  transferCalendar: 'transfer-calendar',
  /** a linked case's workflow starts with its TrackingCode and CaseId search attributes */
  linkedCaseIdentity: 'linked-case-identity',
} as const;
