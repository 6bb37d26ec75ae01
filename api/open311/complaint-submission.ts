import type { Client } from '@temporalio/client';
import { OPEN311_CASE_TYPES, OPEN311_JURISDICTION_ID, parseOpen311ServiceCode, pick, w3cDateTime, type Open311Language } from '../../domain/open311/georeport.js';
import { open311Attributes } from '../../domain/open311/service-definition.js';
import type { ZoneRules } from '../../domain/calendar/zone-rules.js';
import type { LocalizedName } from '../../domain/calendar/types.js';
import type { PrismaClient } from '../../platform/prisma.js';
import type { StoreLog } from '../../store/case-events.js';
import { submitCase, type CaseSubmission } from '../cases/submit-case.js';
import { InvalidInput, NotFound } from '../errors.js';
import type { Open311SubmitBody } from '../schemas/open311.js';

/** The complaint's submission fields, as the spec's fields carry them. */
const OPEN311_NAME_OF: Record<string, string> = {
  serviceId: 'service_code',
  'applicant.fullName': 'first_name',
  'applicant.nationalId': 'attribute[national_id]',
  'applicant.phone': 'phone',
  'applicant.email': 'email',
  'applicant.contactBy': 'email',
  'details.description': 'description',
  'details.subject': 'attribute[subject]',
  'details.kind': 'attribute[kind]',
};

const ANSWER_BY: LocalizedName = { fr: 'Réponse au plus tard le', ar: 'الجواب في أجل أقصاه', en: 'Answer due by' };

export function checkJurisdiction(jurisdictionId: string | undefined): void {
  if (jurisdictionId !== undefined && jurisdictionId !== OPEN311_JURISDICTION_ID) {
    throw new NotFound(`jurisdiction_id ${jurisdictionId} was not found: this endpoint serves ${OPEN311_JURISDICTION_ID} only`, { field: 'jurisdiction_id' });
  }
}

/** The catalogue's complaint service an Open311 service_code names; 404 for any other, as the spec says. */
export async function complaintService(prisma: PrismaClient, code: string) {
  const parsed = parseOpen311ServiceCode(code);
  const service = parsed
    ? await prisma.service.findFirst({
        where: { code: parsed.serviceCode, entity: { code: parsed.entityCode }, active: true, caseType: { in: [...OPEN311_CASE_TYPES] } },
        include: { entity: true },
      })
    : null;
  if (!service) throw new NotFound(`service_code ${code} was not found: GET services.json lists the complaint services`, { field: 'service_code' });
  return service;
}

/** The request the citizen's own POST /api/v1/cases would be; what a complaint needs and Open311 left out is refused, named. */
function submissionOf(serviceId: string, caseType: string, body: Open311SubmitBody): CaseSubmission {
  const attribute = body.attribute ?? {};
  for (const spec of open311Attributes(caseType)) {
    if (spec.required && attribute[spec.code] === undefined) {
      throw new InvalidInput(`attribute[${spec.code}] is required for this service (${spec.description.en}); GET services/{service_code}.json lists the attributes`, {
        field: `attribute[${spec.code}]`,
      });
    }
  }
  return {
    serviceId,
    applicant: {
      fullName: `${body.first_name.trim()} ${body.last_name.trim()}`,
      nationalId: attribute.national_id ?? '',
      ...(body.phone !== undefined ? { phone: body.phone } : {}),
      ...(body.email !== undefined ? { email: body.email } : {}),
      ...(attribute.language !== undefined ? { language: attribute.language } : {}),
    },
    details: { kind: attribute.kind ?? 'reclamation', subject: attribute.subject ?? '', description: body.description },
  };
}

/** The platform's refusal, with the field named as the Open311 client sent it. */
function inOpen311Terms(err: InvalidInput): InvalidInput {
  const field = typeof err.details?.field === 'string' ? err.details.field : '';
  const name = OPEN311_NAME_OF[field];
  if (!name) return err;
  return new InvalidInput(err.message.startsWith(field) ? `${name}${err.message.slice(field.length)}` : `${name}: ${err.message}`, { field: name });
}

/**
 * Creates the complaint through the one submission path of the platform (api/cases/submit-case),
 * so the case, its workflow, its clocks and its notices are those of any complaint.
 */
export async function submitOpen311Complaint(
  deps: { prisma: PrismaClient; temporal: Client; taskQueue?: string; keySecret: string; log: StoreLog },
  body: Open311SubmitBody,
  context: { idempotencyKey: string | undefined; language: Open311Language; zone: ZoneRules },
) {
  checkJurisdiction(body.jurisdiction_id);
  // A form's "1e309" passes the schema's range as Infinity; it is refused, though not kept.
  for (const field of ['lat', 'long'] as const) {
    if (body[field] !== undefined && !Number.isFinite(body[field])) throw new InvalidInput(`${field} must be a finite number`, { field });
  }
  const service = await complaintService(deps.prisma, body.service_code);
  if (service.caseType !== 'complaint') {
    throw new InvalidInput(`service_code ${body.service_code}: this complaint is opened from the information request it concerns, on the citizen’s page, not submitted on its own`, {
      field: 'service_code',
    });
  }
  try {
    const outcome = await submitCase(deps, submissionOf(service.id, service.caseType, body), context.idempotencyKey);
    const due = outcome.view.dueAt ? w3cDateTime(new Date(outcome.view.dueAt), context.zone).slice(0, 10) : null;
    const received = pick(outcome.view.statusLabel, context.language);
    return {
      outcome,
      notice: due ? `${received}. ${pick(ANSWER_BY, context.language)} ${due}.` : `${received}.`,
    };
  } catch (err) {
    throw err instanceof InvalidInput ? inOpen311Terms(err) : err;
  }
}
