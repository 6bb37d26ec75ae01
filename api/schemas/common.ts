import { Type } from 'typebox';

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

export const Uuid = Type.String({ format: 'uuid' });

export const FreeText = Type.String({ minLength: 1, maxLength: 2000 });

export const errorResponses = {
  400: Type.Ref('ErrorBody'),
  401: Type.Ref('ErrorBody'),
  403: Type.Ref('ErrorBody'),
  404: Type.Ref('ErrorBody'),
  409: Type.Ref('ErrorBody'),
};
