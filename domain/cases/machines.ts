import type { CaseMachine } from '../lifecycle/state-machine.js';
import type { CaseType } from './case-type.js';
import { documentRequestMachine } from './document-request.js';

interface CaseTypeDefinition {
  machine: CaseMachine<string, string>;
  /** the exported workflow function that runs this case type */
  workflowType: string;
}

/** The case types a citizen can submit today, each with its state machine and workflow. */
export const CASE_DEFINITIONS: Partial<Record<CaseType, CaseTypeDefinition>> = {
  document_request: { machine: documentRequestMachine, workflowType: 'documentRequest' },
};

export function caseDefinition(caseType: string): CaseTypeDefinition | null {
  return Object.hasOwn(CASE_DEFINITIONS, caseType) ? (CASE_DEFINITIONS[caseType as CaseType] ?? null) : null;
}
