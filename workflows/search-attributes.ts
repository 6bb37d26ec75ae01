import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Typed search attributes of case workflows; the server must know each one (see platform/temporal-server.ts). */
export const CaseTypeKey = defineSearchAttributeKey('CaseType', SearchAttributeType.KEYWORD);
export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const EntityCodeKey = defineSearchAttributeKey('EntityCode', SearchAttributeType.KEYWORD);
export const SlaStateKey = defineSearchAttributeKey('SlaState', SearchAttributeType.KEYWORD);
export const EscalationLevelKey = defineSearchAttributeKey('EscalationLevel', SearchAttributeType.INT);
export const DueAtKey = defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME);

export const CASE_SEARCH_ATTRIBUTES = [
  CaseTypeKey,
  CaseStatusKey,
  EntityCodeKey,
  SlaStateKey,
  EscalationLevelKey,
  DueAtKey,
] as const;
