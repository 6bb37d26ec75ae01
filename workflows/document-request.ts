import { documentRequestDefinition } from '../domain/cases/document-request.js';
import type { CaseTypeDefinition } from '../domain/cases/case-definition.js';
import type { CaseView } from '../domain/cases/case-view.js';
import { runCase } from './lifecycle/run-case.js';
import type { CaseWorkflowInput } from './messages.js';

export async function documentRequest(input: CaseWorkflowInput): Promise<CaseView> {
  return runCase(documentRequestDefinition as unknown as CaseTypeDefinition, input);
}
