import type { CaseMachine } from '../lifecycle/state-machine.js';
import type { CaseTypeDefinition } from './case-definition.js';
import { payload, TEXT } from './payload-schemas.js';

export const INFORMATION_COMPLAINT_STATUSES = ['submitted', 'upheld', 'overturned', 'unanswered'] as const;
export type InformationComplaintStatus = (typeof INFORMATION_COMPLAINT_STATUSES)[number];
export const INFORMATION_COMPLAINT_ACTIONS = ['uphold', 'overturn', 'lapse'] as const;
export type InformationComplaintAction = (typeof INFORMATION_COMPLAINT_ACTIONS)[number];

/**
 * Law 31-13, art. 19: a citizen's complaint against a refusal, a partial answer or silence, decided
 * by the head of the institution within the service's budget. Opened by the information request
 * it concerns, and its decision goes back to that request.
 */
export const informationComplaintMachine: CaseMachine<InformationComplaintStatus, InformationComplaintAction> = {
  initial: 'submitted',
  states: INFORMATION_COMPLAINT_STATUSES,
  terminal: ['upheld', 'overturned', 'unanswered'],
  transitions: {
    uphold: { from: ['submitted'], to: 'upheld', by: 'staff', roles: ['supervisor'], clocks: { complaint_answer: 'stop' }, effects: ['report_to_origin'] },
    overturn: { from: ['submitted'], to: 'overturned', by: 'staff', roles: ['supervisor'], clocks: { complaint_answer: 'stop' }, effects: ['report_to_origin'] },
    // Silence of the head of the institution: the citizen is left the CDAI, and the request closes.
    lapse: { from: ['submitted'], to: 'unanswered', by: 'system', clocks: { complaint_answer: 'stop' }, effects: ['report_to_origin'] },
  },
};

export const informationComplaintDefinition: CaseTypeDefinition<InformationComplaintStatus, InformationComplaintAction> = {
  workflowType: 'informationComplaint',
  label: { fr: 'Réclamation sur une demande d’information', ar: 'شكاية بشأن طلب معلومات', en: 'Information request complaint' },
  machine: informationComplaintMachine,
  clocks: [{ name: 'complaint_answer', label: { fr: 'Délai de décision', ar: 'أجل البت', en: 'Time to decide' }, fromSubmission: true }],
  silence: { complaint_answer: 'lapse' },
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
    unanswered: {
      citizen: { fr: 'Sans réponse du chef de l’institution dans le délai', ar: 'لا جواب من رئيس المؤسسة داخل الأجل', en: 'No answer from the head of the institution in time' },
      staff: { fr: 'Non décidée dans le délai', ar: 'لم يُبت فيها داخل الأجل', en: 'Not decided in time' },
      outcome: 'deemed_refused',
    },
  },
  actions: {
    uphold: { label: { fr: 'Maintenir la décision', ar: 'تأكيد القرار', en: 'Uphold the decision' }, payload: payload({ reason: TEXT }, ['reason']), tone: 'danger' },
    overturn: { label: { fr: 'Infirmer la décision', ar: 'إلغاء القرار', en: 'Overturn the decision' }, payload: payload({ reason: TEXT }, ['reason']), tone: 'primary' },
    lapse: { label: { fr: 'Délai de décision écoulé', ar: 'انقضاء أجل البت', en: 'Time to decide ran out' }, payload: payload({}) },
  },
};
