import { appointmentDefinition } from './appointment.js';
import type { CaseTypeDefinition, ClockDefinition, StatusDefinition } from './case-definition.js';
import type { CaseType } from './case-type.js';
import { complaintDefinition } from './complaint.js';
import { documentRequestDefinition } from './document-request.js';
import { informationComplaintDefinition } from './information-complaint.js';
import { informationRequestDefinition } from './information-request.js';
import { legalConsultationDefinition } from './legal-consultation.js';

const registered = (definition: object) => definition as CaseTypeDefinition;

/** Every case type that runs on the platform, by its name: the one registry the core, the API and the pages read. */
export const CASE_DEFINITIONS: Partial<Record<CaseType, CaseTypeDefinition>> = {
  document_request: registered(documentRequestDefinition),
  information_request: registered(informationRequestDefinition),
  information_complaint: registered(informationComplaintDefinition),
  complaint: registered(complaintDefinition),
  appointment: registered(appointmentDefinition),
  legal_consultation: registered(legalConsultationDefinition),
};

export function caseDefinition(caseType: string): CaseTypeDefinition | null {
  return Object.hasOwn(CASE_DEFINITIONS, caseType) ? (CASE_DEFINITIONS[caseType as CaseType] ?? null) : null;
}

/** The named clocks of each registered case type; the first is the main deadline. */
export function clocksOf(caseType: string): readonly string[] | null {
  return caseDefinition(caseType)?.clocks.map((c) => c.name) ?? null;
}

/**
 * The clocks a service of this type sets policies for: its own, and those of the case type it
 * opens (an information request's service also says how long its complaint may take).
 */
export function serviceClocksOf(caseType: string): ClockDefinition[] | null {
  const definition = caseDefinition(caseType);
  if (!definition) return null;
  const linked = definition.linked ? (caseDefinition(definition.linked)?.clocks ?? []) : [];
  return [...definition.clocks, ...linked];
}

/** A status of a case type, or null when the type has no such status. */
export function statusOf(caseType: string, status: string): StatusDefinition | null {
  const statuses = caseDefinition(caseType)?.statuses;
  return statuses && Object.hasOwn(statuses, status) ? statuses[status]! : null;
}
