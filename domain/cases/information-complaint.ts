import type { CaseMachine } from '../lifecycle/state-machine.js';
import type { CaseTypeDefinition } from './case-definition.js';
import { payload, TEXT } from './payload-schemas.js';

export const INFORMATION_COMPLAINT_STATUSES = ['submitted', 'upheld', 'overturned'] as const;
export type InformationComplaintStatus = (typeof INFORMATION_COMPLAINT_STATUSES)[number];
export const INFORMATION_COMPLAINT_ACTIONS = ['uphold', 'overturn'] as const;
export type InformationComplaintAction = (typeof INFORMATION_COMPLAINT_ACTIONS)[number];

/**
 * Law 31-13, art. 19: a citizen's complaint against a refusal, a partial answer or silence, decided
 * by the head of the institution within the service's budget. Opened by the information request
 * it concerns, and its decision goes back to that request.
 */
export const informationComplaintMachine: CaseMachine<InformationComplaintStatus, InformationComplaintAction> = {
  initial: 'submitted',
  states: INFORMATION_COMPLAINT_STATUSES,
  terminal: ['upheld', 'overturned'],
  transitions: {
    uphold: { from: ['submitted'], to: 'upheld', by: 'staff', roles: ['supervisor'], clocks: { complaint_answer: 'stop' }, effects: ['report_to_origin'] },
    overturn: { from: ['submitted'], to: 'overturned', by: 'staff', roles: ['supervisor'], clocks: { complaint_answer: 'stop' }, effects: ['report_to_origin'] },
  },
};

export const informationComplaintDefinition: CaseTypeDefinition<InformationComplaintStatus, InformationComplaintAction> = {
  workflowType: 'informationComplaint',
  machine: informationComplaintMachine,
  clocks: [{ name: 'complaint_answer', label: { fr: 'Délai de décision', ar: 'أجل البت', en: 'Time to decide' }, fromSubmission: true }],
  silence: {},
  linkedOnly: true,
  details: payload({ originTrackingCode: { type: 'string', maxLength: 20 }, reason: TEXT }, ['originTrackingCode', 'reason']),
  detailFields: {
    originTrackingCode: { label: { fr: 'Demande contestée', ar: 'الطلب موضوع الشكاية', en: 'Request complained about' } },
    reason: { label: { fr: 'Motif de la réclamation', ar: 'سبب الشكاية', en: 'Reason for the complaint' } },
  },
  statuses: {
    submitted: {
      citizen: { fr: 'Réclamation reçue par le chef de l’institution', ar: 'توصل رئيس المؤسسة بالشكاية', en: 'Complaint received by the head of the institution' },
      staff: { fr: 'Réclamation à décider', ar: 'شكاية في انتظار البت', en: 'Complaint to decide' },
    },
    upheld: {
      citizen: { fr: 'Réclamation rejetée : la décision est maintenue', ar: 'رفض الشكاية: القرار قائم', en: 'Complaint rejected: the decision stands' },
      staff: { fr: 'Décision maintenue', ar: 'القرار مؤكد', en: 'Decision upheld' },
      outcome: 'upheld',
    },
    overturned: {
      citizen: { fr: 'Réclamation acceptée : votre demande est réexaminée', ar: 'قبول الشكاية: يعاد النظر في طلبكم', en: 'Complaint accepted: your request is examined again' },
      staff: { fr: 'Décision infirmée', ar: 'القرار ملغى', en: 'Decision overturned' },
      outcome: 'overturned',
    },
  },
  actions: {
    uphold: { label: { fr: 'Maintenir la décision', ar: 'تأكيد القرار', en: 'Uphold the decision' }, payload: payload({ reason: TEXT }, ['reason']), tone: 'danger' },
    overturn: { label: { fr: 'Infirmer la décision', ar: 'إلغاء القرار', en: 'Overturn the decision' }, payload: payload({ reason: TEXT }, ['reason']), tone: 'primary' },
  },
};
