import type { CaseType } from '../cases/case-type.js';
import { DEFAULT_WARN_AT, type EscalationStep, type SlaPolicy } from './policy.js';

/*
 * The legal defaults of DESIGN.md, the starting point of a service's policy in the catalogue
 * (an administrator then sets the figure of each document, within the legal maximum).
 */
export type DefaultPolicyKind = CaseType | 'information_request_urgent' | 'investment_act' | 'complaint_acknowledgement';

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
