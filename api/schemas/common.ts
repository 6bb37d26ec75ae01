import { Type } from 'typebox';
import { MAX_TEXT_LENGTH } from '../../domain/lifecycle/state-machine.js';

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

export const FreeText = Type.String({ minLength: 1, maxLength: MAX_TEXT_LENGTH });

export const errorResponses = {
  400: Type.Ref('ErrorBody'),
  401: Type.Ref('ErrorBody'),
  403: Type.Ref('ErrorBody'),
  404: Type.Ref('ErrorBody'),
  409: Type.Ref('ErrorBody'),
};
