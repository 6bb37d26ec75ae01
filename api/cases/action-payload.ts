import type { CaseTypeDefinition } from '../../domain/cases/case-definition.js';
import { payloadProblem } from '../../domain/lifecycle/payload-check.js';
import { InvalidInput } from '../errors.js';

/** Checks a step's body against its action's payload schema in the case type's definition: 400 naming the field. */
export function checkActionPayload(definition: CaseTypeDefinition, action: string, payload: unknown): void {
  const declared = definition.actions[action];
  if (!declared) return;
  const problem = payloadProblem(declared.payload, payload, action);
  if (!problem) return;
  const field = problem.field ? `body.${problem.field}` : 'body';
  // A sentence about a value names it as the API's other 400s do, from the body down.
  const message = problem.message.startsWith('"') || !problem.field ? problem.message : `body.${problem.message}`;
  throw new InvalidInput(message, { ...(problem.code === 'missing_field' ? { reason: 'missing_field' } : {}), field });
}
