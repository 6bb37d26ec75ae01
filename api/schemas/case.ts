import { Type, type Static } from 'typebox';
import { TRACKING_CODE_PATTERN } from '../cases/citizen-access.js';
import { CONTACT_CHANNELS, NOTICE_LANGUAGES, type ContactChannel, type NoticeLanguage } from '../../domain/notices/contact.js';
import { FieldValue, LocalizedText, NameText, Uuid } from './common.js';

export const Applicant = Type.Object(
  {
    fullName: NameText({ minLength: 2, maxLength: 200 }),
    /** Carte nationale d'identité électronique: one or two letters then digits */
    nationalId: Type.String({ pattern: '^[A-Za-z]{1,2}[0-9]{1,8}$', maxLength: 10 }),
    phone: Type.String({ pattern: '^\\+?[0-9][0-9 .-]{6,18}[0-9]$' }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    language: Type.Optional(
      Type.Unsafe<NoticeLanguage>({ type: 'string', enum: [...NOTICE_LANGUAGES], description: 'the language of the messages the applicant receives; fr unless said' }),
    ),
    contactBy: Type.Optional(
      Type.Array(Type.Unsafe<ContactChannel>({ type: 'string', enum: [...CONTACT_CHANNELS] }), {
        uniqueItems: true,
        maxItems: CONTACT_CHANNELS.length,
        description: 'how the applicant is told of each change: "email" (needs email), "sms"; without it, every channel an address was given for; [] for none',
      }),
    ),
  },
  { additionalProperties: false },
);

export const SubmitCaseBody = Type.Object(
  {
    serviceId: Uuid,
    officeId: Type.Optional(Uuid),
    applicant: Applicant,
    details: Type.Optional(
      // additionalProperties: a key outside the pattern is refused, not stored as it came.
      // Each case type's definition then says which fields it takes (checked with its schema).
      Type.Record(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,39}$' }), FieldValue({ maxLength: 1000 }), {
        maxProperties: 20,
        additionalProperties: false,
      }),
    ),
    holdToken: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'the seat hold the booking form obtained (POST /api/v1/slots/{slotId}/holds); the booking takes that seat' }),
    ),
  },
  { additionalProperties: false },
);
export type SubmitCaseBody = Static<typeof SubmitCaseBody>;

export const TrackingCodeParams = Type.Object({
  trackingCode: Type.String({ pattern: TRACKING_CODE_PATTERN }),
});

export const CaseIdParams = Type.Object({ caseId: Uuid });

export const ActionName = Type.String({ pattern: '^[a-z_]{1,40}$' });

/** A step's data: plain text, yes/no or a whole number per field; the action's schema in its definition then says which. */
export const ActionBody = Type.Record(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,39}$' }), FieldValue({ maxLength: 2000 }), {
  maxProperties: 10,
  additionalProperties: false,
});

export const Explanation = Type.Unknown({ description: 'How the due date was computed (rule, legal basis, days counted and skipped, text in fr/ar/en)' });

export const SlaSummary = Type.Object({ state: Type.String(), escalationLevel: Type.Integer() });

export const Deadlines = Type.Array(
  Type.Object({
    clock: Type.String({ description: 'the named clock of the case type, e.g. decision' }),
    dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'null while the clock is paused' }),
    state: Type.String({ description: 'on_track, warning, breached, paused or stopped' }),
    breachedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'when it was missed; kept once missed' }),
    explanation: Explanation,
  }),
  { description: 'every clock of the case; dueAt of the case is the main one' },
);

export const Estimate = Type.Object(
  {
    at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    basis: Type.Union([Type.Literal('recent_cases'), Type.Literal('legal_maximum')]),
    sampleSize: Type.Integer(),
  },
  { description: 'realistic date: p90 of recent processing times of this service at this entity, or the legal maximum until there are enough cases' },
);

export const CaseEvent = Type.Object({
  id: Type.String({ description: 'global event id; send it back as `after` when reconnecting' }),
  seq: Type.Integer(),
  type: Type.String(),
  status: Type.String(),
  actor: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  occurredAt: Type.String({ format: 'date-time' }),
});

export const CaseFacts = Type.Record(Type.String(), Type.Unknown(), {
  description: 'what the case’s steps set: an appointment’s slotId, localDate, localStart, localEnd, startsAt, endsAt, officeName, address, modality, place and meetingUrl',
});

export const CitizenCase = Type.Object({
  caseId: Uuid,
  trackingCode: Type.String(),
  caseType: Type.String(),
  service: Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), names: LocalizedText }),
  status: Type.String(),
  outcome: Type.Union([Type.String(), Type.Null()], { description: 'how the case ended (granted, refused, withdrawn…); null while it runs' }),
  step: LocalizedText,
  submittedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  explanation: Explanation,
  deadlines: Deadlines,
  estimate: Estimate,
  sla: SlaSummary,
  availableActions: Type.Array(Type.String()),
  facts: CaseFacts,
  timeline: Type.Array(CaseEvent),
  lastEventId: Type.Union([Type.String(), Type.Null()]),
});

export const SubmissionReceipt = Type.Object({
  caseId: Uuid,
  trackingCode: Type.String(),
  accessToken: Type.String({ description: 'show it to the citizen once; with the tracking code it opens the case' }),
  status: Type.String(),
  step: LocalizedText,
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  explanation: Explanation,
  deadlines: Deadlines,
  estimate: Estimate,
  facts: CaseFacts,
});

export const ActionResult = Type.Object({
  caseId: Uuid,
  status: Type.String(),
  step: LocalizedText,
  assigneeId: Type.Union([Uuid, Type.Null()]),
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  explanation: Explanation,
  sla: SlaSummary,
  facts: Type.Optional(CaseFacts),
});

/** Steps such as `claim` or `withdraw` carry no text: a request without a body counts as `{}`. */
export async function emptyBodyAsObject(request: { body: unknown }): Promise<void> {
  request.body ??= {};
}
