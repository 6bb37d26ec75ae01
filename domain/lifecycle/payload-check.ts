import { Value } from 'typebox/value';
import type { JsonSchema } from '../cases/case-definition.js';

/** Why a body does not fit its schema: the field, the reason code and a sentence a person can read. */
export interface PayloadProblem {
  field: string;
  code: 'missing_field' | 'invalid_field';
  message: string;
}

interface SchemaError {
  instancePath: string;
  keyword: string;
  message: string;
  params: Record<string, unknown>;
}

/**
 * Checks a body against a definition's JSON Schema with TypeBox's interpreter (no code generation,
 * so it runs inside the workflow sandbox as well as in the API). `label` names the step or form.
 */
export function payloadProblem(schema: JsonSchema, payload: unknown, label: string): PayloadProblem | null {
  if (Value.Check(schema as Parameters<typeof Value.Check>[0], payload)) return null;
  const errors = [...Value.Errors(schema as Parameters<typeof Value.Errors>[0], payload)] as SchemaError[];
  const first = errors.find((e) => e.keyword !== 'boolean') ?? errors[0];
  if (first?.keyword === 'required') {
    const name = String((first.params.requiredProperties as string[] | undefined)?.[0] ?? '');
    return { field: name, code: 'missing_field', message: `"${label}" needs a non-empty "${name}"` };
  }
  if (first?.keyword === 'additionalProperties') {
    const name = String((first.params.additionalProperties as string[] | undefined)?.[0] ?? '');
    return { field: name, code: 'invalid_field', message: `"${label}" takes no "${name}"` };
  }
  const field = (first?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  // Blanks alone (the definitions' text pattern asks for one visible character): as good as missing.
  if (first?.keyword === 'pattern' && first.params.pattern === '\\S') {
    return { field, code: 'missing_field', message: `"${label}" needs a non-empty "${field}"` };
  }
  return { field, code: 'invalid_field', message: `${field || 'the body'} ${first?.message ?? 'is not valid here'}` };
}
