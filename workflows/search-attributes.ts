import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Typed search attributes of case workflows; the server must know each one (see platform/temporal-server.ts). */
export const CaseTypeKey = defineSearchAttributeKey('CaseType', SearchAttributeType.KEYWORD);
export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const EntityCodeKey = defineSearchAttributeKey('EntityCode', SearchAttributeType.KEYWORD);
export const SlaStateKey = defineSearchAttributeKey('SlaState', SearchAttributeType.KEYWORD);
export const EscalationLevelKey = defineSearchAttributeKey('EscalationLevel', SearchAttributeType.INT);
export const DueAtKey = defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME);
/** Set when the workflow starts (by the API, or by the case that opens a linked one): an operator finds a case's workflow from what the citizen or the read model shows. */
export const TrackingCodeKey = defineSearchAttributeKey('TrackingCode', SearchAttributeType.KEYWORD);
export const CaseIdKey = defineSearchAttributeKey('CaseId', SearchAttributeType.KEYWORD);

/** The attributes a case workflow is started with. */
export function caseIdentityAttributes(input: { caseId: string; trackingCode: string }) {
  return [
    { key: TrackingCodeKey, value: input.trackingCode },
    { key: CaseIdKey, value: input.caseId },
  ];
}

export const CASE_SEARCH_ATTRIBUTES = [
  CaseTypeKey,
  CaseStatusKey,
  EntityCodeKey,
  SlaStateKey,
  EscalationLevelKey,
  DueAtKey,
  TrackingCodeKey,
  CaseIdKey,
] as const;
