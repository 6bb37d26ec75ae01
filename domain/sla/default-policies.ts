import type { CaseType } from '../cases/case-type.js';
import { DEFAULT_WARN_AT, type EscalationStep, type SlaPolicy } from './policy.js';

/*
 * The legal defaults of DESIGN.md, the starting point of a service's policy in the catalogue
 * (an administrator then sets the figure of each document, within the legal maximum).
 */
export type DefaultPolicyKind =
  | Exclude<CaseType, 'information_complaint'>
  | 'information_request_urgent'
  | 'information_complaint_window'
  | 'information_complaint'
  | 'investment_act'
  | 'complaint_acknowledgement'
  | 'complaint_reopen_window';

const DEFAULT_ESCALATION: readonly EscalationStep[] = [
  { after: { days: 2 }, notify: 'head_of_service' },
  { after: { days: 5 }, notify: 'manager' },
];

type PolicyFigures = Pick<SlaPolicy, 'budget' | 'legalBasis' | 'extension' | 'silence'>;

const FIGURES: Record<DefaultPolicyKind, PolicyFigures> = {
  information_request: {
    budget: { unit: 'working_days', amount: 20 },
    legalBasis: "Loi 31-13 relative au droit d'accès à l'information, art. 16",
    extension: { unit: 'working_days', amount: 20 },
    silence: 'implicit_refusal',
  },
  // life, safety or freedom of a person at stake
  information_request_urgent: {
    budget: { unit: 'working_days', amount: 3 },
    legalBasis: "Loi 31-13 relative au droit d'accès à l'information, art. 17",
    extension: null,
    silence: 'implicit_refusal',
  },
  // the citizen's time to complain to the head of the institution (a window: no warnings, no escalation)
  information_complaint_window: {
    budget: { unit: 'working_days', amount: 20 },
    legalBasis: "Loi 31-13 relative au droit d'accès à l'information, art. 19",
    extension: null,
    silence: 'none',
  },
  information_complaint: {
    budget: { unit: 'working_days', amount: 15 },
    legalBasis: "Loi 31-13 relative au droit d'accès à l'information, art. 19",
    extension: null,
    silence: 'none',
  },
  complaint_reopen_window: {
    budget: { unit: 'calendar_days', amount: 30 },
    legalBasis: 'Décret 2-17-265 relatif aux réclamations des usagers',
    extension: null,
    silence: 'none',
  },
  complaint: {
    budget: { unit: 'calendar_days', amount: 60 },
    legalBasis: 'Décret 2-17-265 relatif aux réclamations des usagers',
    extension: null,
    silence: 'none',
  },
  complaint_acknowledgement: {
    budget: { unit: 'calendar_days', amount: 15 },
    legalBasis: 'Décret 2-17-265 relatif aux réclamations des usagers',
    extension: null,
    silence: 'none',
  },
  // the legal maximum; the decree fixes shorter figures per document
  document_request: {
    budget: { unit: 'calendar_days', amount: 60 },
    legalBasis: 'Loi 55-19 relative à la simplification des procédures et formalités administratives',
    extension: null,
    silence: 'none',
  },
  investment_act: {
    budget: { unit: 'calendar_days', amount: 30 },
    legalBasis: 'Loi 55-19 relative à la simplification des procédures et formalités administratives',
    extension: null,
    silence: 'none',
  },
  legal_consultation: {
    budget: { unit: 'working_days', amount: 15 },
    legalBasis: 'Engagement de service',
    extension: null,
    silence: 'none',
  },
  // confirmation of the appointment request
  appointment: {
    budget: { unit: 'working_days', amount: 2 },
    legalBasis: 'Engagement de service',
    extension: null,
    silence: 'none',
  },
};

export function defaultPolicy(kind: DefaultPolicyKind): SlaPolicy {
  const figures = FIGURES[kind];
  if (!figures) throw new Error(`no default SLA policy for ${JSON.stringify(kind)}`);
  return {
    ...figures,
    budget: { ...figures.budget },
    extension: figures.extension && { ...figures.extension },
    warnAt: [...DEFAULT_WARN_AT],
    escalation: DEFAULT_ESCALATION.map((step) => ({ ...step, after: { ...step.after } })),
  };
}

/** A window the citizen has to act in: no warnings and no escalation, its end is no one's breach. */
function windowPolicy(kind: DefaultPolicyKind): SlaPolicy {
  return { ...defaultPolicy(kind), warnAt: [], escalation: [] };
}

/** The legal default of every clock a service of this case type sets (its own and its linked case's). */
export function defaultClocks(
  caseType: 'document_request' | 'information_request' | 'complaint' | 'appointment' | 'legal_consultation',
): Record<string, SlaPolicy> {
  switch (caseType) {
    case 'document_request':
      return { decision: defaultPolicy('document_request') };
    case 'information_request': {
      const urgent = defaultPolicy('information_request_urgent');
      return {
        answer: { ...defaultPolicy('information_request'), urgent: { budget: urgent.budget, extension: { unit: 'working_days', amount: 3 } } },
        complaint_window: windowPolicy('information_complaint_window'),
        complaint_answer: defaultPolicy('information_complaint'),
      };
    }
    case 'complaint':
      return { answer: defaultPolicy('complaint'), acknowledgement: defaultPolicy('complaint_acknowledgement'), reopen_window: windowPolicy('complaint_reopen_window') };
    case 'appointment':
      return { confirmation: defaultPolicy('appointment') };
    // a written answer, or a meeting whose request is confirmed like an appointment's
    case 'legal_consultation':
      return { answer: defaultPolicy('legal_consultation'), confirmation: defaultPolicy('appointment') };
  }
}
