import type { CaseTypeDefinition } from './case-definition.js';
import type { CaseType } from './case-type.js';
import { documentRequestDefinition } from './document-request.js';

/** Every case type that runs on the platform, by its name: the one registry the core, the API and the pages read. */
export const CASE_DEFINITIONS: Partial<Record<CaseType, CaseTypeDefinition>> = {
  document_request: documentRequestDefinition as unknown as CaseTypeDefinition,
};

export function caseDefinition(caseType: string): CaseTypeDefinition | null {
  return Object.hasOwn(CASE_DEFINITIONS, caseType) ? (CASE_DEFINITIONS[caseType as CaseType] ?? null) : null;
}

/** The named clocks of each registered case type; the first is the main deadline. */
export function clocksOf(caseType: string): readonly string[] | null {
  return caseDefinition(caseType)?.clocks ?? null;
}
