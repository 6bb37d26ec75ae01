import { Compile } from 'typebox/compile';
import type { CaseTypeDefinition } from '../../domain/cases/case-definition.js';
import { InvalidInput } from '../errors.js';

type Validator = ReturnType<typeof Compile>;
const validators = new Map<string, Validator>();

function validatorFor(caseType: string, action: string, schema: Readonly<Record<string, unknown>>): Validator {
  const key = `${caseType}/${action}`;
  let validator = validators.get(key);
  if (!validator) {
    // TypeBox compiles plain JSON Schema: the definition's schema is the one checked, as served by /case-types.
    validator = Compile(schema as Parameters<typeof Compile>[0]);
    validators.set(key, validator);
  }
  return validator;
}

/** Checks a step's body against its action's payload schema in the case type's definition: 400 naming the field. */
export function checkActionPayload(caseType: string, definition: CaseTypeDefinition, action: string, payload: unknown): void {
  const declared = definition.actions[action];
  if (!declared) return;
  const validator = validatorFor(caseType, action, declared.payload);
  if (validator.Check(payload)) return;
  const [first] = [...validator.Errors(payload)] as Array<{ instancePath: string; keyword: string; message: string; params: Record<string, unknown> }>;
  if (first?.keyword === 'required') {
    const name = String((first.params.requiredProperties as string[] | undefined)?.[0] ?? '');
    throw new InvalidInput(`"${action}" needs a non-empty "${name}"`, { reason: 'missing_field', field: `body.${name}` });
  }
  if (first?.keyword === 'additionalProperties') {
    const name = String((first.params.additionalProperties as string[] | undefined)?.[0] ?? '');
    throw new InvalidInput(`"${action}" takes no "${name}"`, { field: `body.${name}` });
  }
  const field = `body${(first?.instancePath ?? '').replace(/\//g, '.')}`;
  throw new InvalidInput(`${field} ${first?.message ?? 'is not valid for this step'}`, { field });
}
