import { appointmentDefinition } from '../domain/cases/appointment.js';
import type { CaseTypeDefinition } from '../domain/cases/case-definition.js';
import type { CaseView } from '../domain/cases/case-view.js';
import { complaintDefinition } from '../domain/cases/complaint.js';
import { informationComplaintDefinition } from '../domain/cases/information-complaint.js';
import { informationRequestDefinition } from '../domain/cases/information-request.js';
import { legalConsultationDefinition } from '../domain/cases/legal-consultation.js';
import { runCase } from './lifecycle/run-case.js';
import type { CaseWorkflowInput } from './messages.js';

/* One workflow per case type, each its definition on the shared core (named as the definitions' workflowType). */

export async function informationRequest(input: CaseWorkflowInput): Promise<CaseView> {
  return runCase(informationRequestDefinition as unknown as CaseTypeDefinition, input);
}

export async function informationComplaint(input: CaseWorkflowInput): Promise<CaseView> {
  return runCase(informationComplaintDefinition as unknown as CaseTypeDefinition, input);
}

export async function complaint(input: CaseWorkflowInput): Promise<CaseView> {
  return runCase(complaintDefinition as unknown as CaseTypeDefinition, input);
}

export async function appointment(input: CaseWorkflowInput): Promise<CaseView> {
  return runCase(appointmentDefinition as unknown as CaseTypeDefinition, input);
}

export async function legalConsultation(input: CaseWorkflowInput): Promise<CaseView> {
  return runCase(legalConsultationDefinition as unknown as CaseTypeDefinition, input);
}
