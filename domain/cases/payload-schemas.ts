import type { JsonSchema } from './case-definition.js';

/*
 * The building blocks of the definitions' payload and details schemas. Plain JSON Schema, so the
 * API serves them as they are and TypeBox checks them in the API and in the workflow alike.
 */

/** Free text with something in it: blanks alone say nothing to the citizen. */
export const TEXT = { type: 'string', minLength: 1, maxLength: 2000, pattern: '\\S' } as const;

/** An object with exactly these fields, `required` among them. */
export function payload(properties: Readonly<Record<string, JsonSchema>>, required: readonly string[] = []): JsonSchema {
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

/** A payload with only an optional message to the citizen or reason for the record. */
export const OPTIONAL_NOTE = payload({ message: TEXT, reason: TEXT });

/** One of the keys of `labels`, which name the choices for the pages. */
export function oneOf(labels: Readonly<Record<string, unknown>>): JsonSchema {
  return { type: 'string', enum: Object.keys(labels) };
}
