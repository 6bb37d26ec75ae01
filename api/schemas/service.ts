import { Type } from 'typebox';
import { CASE_TYPES } from '../../domain/cases/case-type.js';
import { MultiLineText, SingleLineText, Uuid } from './common.js';

const localized = <T extends ReturnType<typeof SingleLineText>>(text: () => T, description: string) =>
  Type.Object({ fr: text(), ar: text(), en: text() }, { additionalProperties: false, description });

/** What an administrator sends to create or replace a service of the catalogue. */
export const ServiceBody = Type.Object(
  {
    entityCode: Type.String({ pattern: '^[A-Za-z0-9_-]{1,60}$', description: 'code of the entity offering the service' }),
    caseType: Type.Enum([...CASE_TYPES], { description: 'the kind of case a request for it runs as' }),
    code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9_-]{1,59}$', description: 'stable code, unique in the entity, e.g. CASIER-JUDICIAIRE' }),
    names: localized(() => SingleLineText({ maxLength: 200 }), 'the name in French, Arabic and English'),
    descriptions: Type.Object(
      { fr: MultiLineText({ maxLength: 2000 }), ar: MultiLineText({ maxLength: 2000 }), en: MultiLineText({ maxLength: 2000 }) },
      { additionalProperties: false, description: 'what the service is, in French, Arabic and English' },
    ),
    clocks: Type.Record(Type.String({ pattern: '^[a-z][a-z_]{0,39}$' }), Type.Unknown(), {
      description:
        'the policy of each named clock of the case type (document_request: decision): { budget, legalBasis, warnAt, escalation, extension, silence }',
      maxProperties: 5,
    }),
    requiredDocuments: Type.Array(localized(() => SingleLineText({ maxLength: 300 }), 'a document, named in three languages'), {
      maxItems: 30,
      description: 'the documents the published procedure asks for (no others may be asked)',
    }),
    active: Type.Boolean({ description: 'open for new requests' }),
    settings: Type.Optional(
      Type.Record(Type.String({ pattern: '^[a-zA-Z]{1,40}$' }), Type.Unknown(), {
        maxProperties: 20,
        description:
          'the case type’s settings beyond its clocks; appointments: { confirmAtOnce, modalities, byAdvisor, reminders: [ISO durations before the start], noShowGrace, noticePeriod, holdDuration, waitlistClaimWindow }; information requests: { cdaiReferral: a budget { unit, amount } the citizen is told to seize the CDAI within (default 30 calendar days) }',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ServiceIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const AdminServiceView = Type.Object({
  id: Type.String(),
  entityCode: Type.String(),
  caseType: Type.String(),
  code: Type.String(),
  names: Type.Object({ fr: Type.String(), ar: Type.String(), en: Type.String() }),
  descriptions: Type.Object({ fr: Type.String(), ar: Type.String(), en: Type.String() }),
  clocks: Type.Record(Type.String(), Type.Unknown()),
  requiredDocuments: Type.Array(Type.Object({ fr: Type.String(), ar: Type.String(), en: Type.String() })),
  active: Type.Boolean(),
  settings: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
});

export const ServiceChangeAnswer = Type.Object({
  service: AdminServiceView,
  appliesTo: Type.Literal('new_cases', { description: 'a change applies to cases submitted from now on; running cases keep the rules they started with' }),
  message: Type.String(),
});
