import { Type } from 'typebox';
import { MAX_TEXT_LENGTH } from '../../domain/lifecycle/state-machine.js';
import { MULTI_LINE_TEXT_PATTERN, NAME_TEXT_PATTERN, SINGLE_LINE_TEXT_PATTERN } from '../../domain/text.js';

export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String(),
    error: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'ErrorBody' },
);

export const LocalizedText = Type.Object({ fr: Type.String(), ar: Type.String(), en: Type.String() });

/** Canonical 8-4-4-4-12 hex only: `format: 'uuid'` also admits `urn:uuid:…`, which PostgreSQL refuses. */
export const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', maxLength: 36 });

/** The one text type of every free-text field (domain/text.ts): a message or reason, which may span lines. */
export const FreeText = Type.String({ minLength: 1, maxLength: MAX_TEXT_LENGTH, pattern: MULTI_LINE_TEXT_PATTERN });

/** A free text on one line (a user name, a label). */
export function SingleLineText(options: { minLength?: number; maxLength: number; description?: string }) {
  return Type.String({ minLength: 1, ...options, pattern: SINGLE_LINE_TEXT_PATTERN });
}

/** A person's or a thing's name: one line, not blank. */
export function NameText(options: { minLength?: number; maxLength: number }) {
  return Type.String({ minLength: 1, ...options, pattern: NAME_TEXT_PATTERN });
}

/** A free text that may span lines, of a length other than FreeText's. */
export function MultiLineText(options: { minLength?: number; maxLength: number }) {
  return Type.String({ ...options, pattern: MULTI_LINE_TEXT_PATTERN });
}

/**
 * One field of a case's details or a step's data: plain text, yes/no, or a whole number; the case
 * type's definition then says which. One `type` list, not a union: with the API's type coercion a
 * union would turn `true` into "true" (or "12" into 12) by trying its branches in turn, while a
 * list coerces only a value that fits none of them.
 */
export function FieldValue(options: { maxLength: number }) {
  return Type.Unsafe<string | boolean | number>({
    type: ['string', 'boolean', 'integer'],
    minLength: 1,
    maxLength: options.maxLength,
    pattern: MULTI_LINE_TEXT_PATTERN,
    minimum: -1e9,
    maximum: 1e9,
  });
}

export const errorResponses = {
  400: Type.Ref('ErrorBody'),
  401: Type.Ref('ErrorBody'),
  403: Type.Ref('ErrorBody'),
  404: Type.Ref('ErrorBody'),
  409: Type.Ref('ErrorBody'),
};
