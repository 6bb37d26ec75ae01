import { Type, type Static } from 'typebox';
import { NOTICE_LANGUAGES } from '../../domain/notices/contact.js';
import { Applicant } from './case.js';
import { MultiLineText, NameText, SingleLineText, Uuid } from './common.js';

/** GeoReport v2's error answer: a list of `{code, description}`, code being the HTTP status. */
export const Open311Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }), {
  description: 'GeoReport v2 error format; code is the HTTP status',
});

export const open311ErrorResponses = {
  400: Open311Errors,
  403: Open311Errors,
  404: Open311Errors,
  429: Open311Errors,
  503: Open311Errors,
};

const JurisdictionId = Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$', description: 'optional; when given, must be khidma.ma' });
const W3cDateTime = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2}))?$',
  description: 'W3C date-time with its offset (2026-12-01T00:00:00Z, 2026-12-01T09:00:00+01:00), or a date, read as midnight in Morocco',
});
const ServiceCode = Type.String({ pattern: '^[A-Za-z0-9_-]{1,60}\\.[A-Z0-9][A-Z0-9_-]{1,59}$', description: 'entity code and service code, e.g. MJ.RECLAMATION' });

export const Open311Query = Type.Object({ jurisdiction_id: Type.Optional(JurisdictionId) }, { additionalProperties: false });

export const Open311RequestsQuery = Type.Object(
  {
    jurisdiction_id: Type.Optional(JurisdictionId),
    service_request_id: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9-]{1,20}(,[A-Za-z0-9-]{1,20})*$', maxLength: 21_000, description: 'tracking codes, comma delimited (at most 1000); overrides every other filter' }),
    ),
    service_code: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,121}(,[A-Za-z0-9_.-]{1,121})*$', maxLength: 5000, description: 'service codes, comma delimited' })),
    start_date: Type.Optional(W3cDateTime),
    end_date: Type.Optional(W3cDateTime),
    status: Type.Optional(Type.String({ pattern: '^(open|closed)(,(open|closed))*$', maxLength: 20, description: 'open, closed, or both comma delimited' })),
  },
  { additionalProperties: false },
);
export type Open311RequestsQuery = Static<typeof Open311RequestsQuery>;

export const Open311ServiceCodeParams = Type.Object({ service_code: Type.String({ maxLength: 200 }) });
export const Open311RequestIdParams = Type.Object({ service_request_id: Type.String({ maxLength: 200, description: 'the tracking code, e.g. KH-7Q2M-9XK4-3D' }) });

export const Open311Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean({ description: 'true: GET services/{service_code}.json lists the attributes a request takes' }),
  type: Type.Literal('realtime'),
  keywords: Type.String({ description: 'comma delimited' }),
  group: Type.String({ description: 'the entity offering the service' }),
});

export const Open311ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(
    Type.Object({
      variable: Type.Boolean(),
      code: Type.String(),
      datatype: Type.Union([Type.Literal('string'), Type.Literal('singlevaluelist')]),
      required: Type.Boolean(),
      datatype_description: Type.Null(),
      order: Type.Integer(),
      description: Type.String(),
      values: Type.Optional(Type.Array(Type.Object({ key: Type.String(), name: Type.String() }))),
    }),
  ),
});

const Nothing = Type.Null({ description: 'never given: a complaint carries no place, and its text stays private' });

export const Open311Request = Type.Object({
  service_request_id: Type.String({ description: 'the tracking code' }),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Type.String({ description: 'the status as the citizen reads it' }),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Nothing,
  agency_responsible: Type.String({ description: 'the entity handling the complaint' }),
  service_notice: Type.Null(),
  requested_datetime: Type.String({ description: 'W3C date-time in Morocco’s legal time, with its offset' }),
  updated_datetime: Type.String({ description: 'last change; for a closed complaint, when it was closed' }),
  expected_datetime: Type.Union([Type.String(), Type.Null()], { description: 'the legal date announced for the answer; null once no clock runs' }),
  address: Nothing,
  address_id: Nothing,
  zipcode: Nothing,
  lat: Nothing,
  long: Nothing,
  media_url: Nothing,
});

const Coordinate = (limit: number) => Type.Number({ minimum: -limit, maximum: limit, description: 'accepted and not kept: a complaint is not about a place' });

/**
 * POST requests, form-encoded as the spec sends it (attribute[code]=value) or as JSON (attribute as
 * an object). The names and patterns of the applicant's fields are those of POST /api/v1/cases.
 */
export const Open311SubmitBody = Type.Object(
  {
    api_key: Type.Optional(Type.String({ maxLength: 200, description: 'the key an administrator issued to this client (or send it in the query string)' })),
    jurisdiction_id: Type.Optional(JurisdictionId),
    service_code: ServiceCode,
    lat: Type.Optional(Coordinate(90)),
    long: Type.Optional(Coordinate(180)),
    address_string: Type.Optional(SingleLineText({ maxLength: 500, description: 'accepted and not kept' })),
    address_id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$', description: 'accepted and not kept' })),
    email: Applicant.properties.email,
    device_id: Type.Optional(Type.String({ pattern: '^[\\x21-\\x7e]{1,200}$', description: 'accepted and not kept' })),
    account_id: Type.Optional(Type.String({ pattern: '^[\\x21-\\x7e]{1,200}$', description: 'accepted and not kept; account_id is answered null' })),
    first_name: NameText({ maxLength: 99 }),
    last_name: NameText({ maxLength: 99 }),
    phone: Type.Optional(Applicant.properties.phone),
    description: MultiLineText({ minLength: 3, maxLength: 1000 }),
    attribute: Type.Optional(
      Type.Object(
        {
          national_id: Type.Optional(Applicant.properties.nationalId),
          subject: Type.Optional(SingleLineText({ minLength: 3, maxLength: 300 })),
          kind: Type.Optional(Type.Union([Type.Literal('reclamation'), Type.Literal('observation'), Type.Literal('suggestion')])),
          language: Type.Optional(Type.Unsafe<(typeof NOTICE_LANGUAGES)[number]>({ type: 'string', enum: [...NOTICE_LANGUAGES] })),
        },
        { additionalProperties: false, description: 'the service definition’s attributes (GET services/{service_code}.json)' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Open311SubmitBody = Static<typeof Open311SubmitBody>;

export const Open311SubmitQuery = Type.Object({ api_key: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

export const Open311Receipt = Type.Array(
  Type.Object({
    service_request_id: Type.String({ description: 'the tracking code: public, anyone may follow the complaint with it' }),
    service_notice: Type.String({ description: 'what happens next, with the legal date of the answer' }),
    account_id: Type.Null(),
    access_token: Type.String({
      description:
        'Khidma extension, in this answer only: the citizen’s secret to open and act on the complaint (GET /api/v1/cases/{trackingCode}); hand it to the citizen alone',
    }),
  }),
);

export const Open311ClientBody = Type.Object({ name: SingleLineText({ maxLength: 100, description: 'who the key is for, e.g. the application of a commune' }) }, { additionalProperties: false });

export const Open311ClientView = Type.Object({
  id: Uuid,
  name: Type.String(),
  keyPrefix: Type.String({ description: 'the first characters of the key, to tell keys apart' }),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const IssuedOpen311Client = Type.Object({
  client: Open311ClientView,
  apiKey: Type.String({ description: 'shown this once: only its hash is kept' }),
});
