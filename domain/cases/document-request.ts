import type { CaseMachine } from '../lifecycle/state-machine.js';
import type { CaseTypeDefinition, JsonSchema } from './case-definition.js';

export const DOCUMENT_REQUEST_STATUSES = [
  'submitted',
  'in_review',
  'awaiting_citizen',
  'in_production',
  'ready',
  'delivered',
  'closed',
  'rejected',
  'withdrawn',
] as const;
export type DocumentRequestStatus = (typeof DOCUMENT_REQUEST_STATUSES)[number];

export const DOCUMENT_REQUEST_ACTIONS = [
  'claim',
  'request_info',
  'approve',
  'reject',
  'mark_ready',
  'deliver',
  'close',
  'provide_info',
  'withdraw',
] as const;
export type DocumentRequestAction = (typeof DOCUMENT_REQUEST_ACTIONS)[number];

/**
 * Law 55-19: the administration answers within the service's budget. The clock stops while the
 * administration waits for the citizen, and the promise is kept once the document is ready.
 */
export const documentRequestMachine: CaseMachine<DocumentRequestStatus, DocumentRequestAction> = {
  initial: 'submitted',
  states: DOCUMENT_REQUEST_STATUSES,
  terminal: ['closed', 'rejected', 'withdrawn'],
  transitions: {
    claim: { from: ['submitted'], to: 'in_review', by: 'staff', assigns: true },
    request_info: { from: ['in_review'], to: 'awaiting_citizen', by: 'staff', clock: 'pause', requires: 'message' },
    provide_info: { from: ['awaiting_citizen'], to: 'in_review', by: 'citizen', clock: 'resume', requires: 'message' },
    approve: { from: ['in_review'], to: 'in_production', by: 'staff' },
    reject: { from: ['submitted', 'in_review'], to: 'rejected', by: 'staff', clock: 'stop', requires: 'reason' },
    mark_ready: { from: ['in_production'], to: 'ready', by: 'staff', clock: 'stop' },
    deliver: { from: ['ready'], to: 'delivered', by: 'staff' },
    close: { from: ['delivered'], to: 'closed', by: 'staff' },
    withdraw: {
      from: ['submitted', 'in_review', 'awaiting_citizen', 'in_production'],
      to: 'withdrawn',
      by: 'citizen',
      clock: 'stop',
    },
  },
};

const TEXT = { type: 'string', minLength: 1, maxLength: 2000 } as const;
const nothing: JsonSchema = { type: 'object', properties: { message: TEXT, reason: TEXT }, additionalProperties: false };
const needs = (field: 'message' | 'reason'): JsonSchema => ({ ...nothing, required: [field] });

/** The document request as the core, the API and the pages read it. */
export const documentRequestDefinition: CaseTypeDefinition<DocumentRequestStatus, DocumentRequestAction> = {
  workflowType: 'documentRequest',
  machine: documentRequestMachine,
  clocks: ['decision'],
  details: {
    type: 'object',
    maxProperties: 20,
    propertyNames: { pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,39}$' },
    additionalProperties: { type: 'string', maxLength: 500 },
  },
  statuses: {
    submitted: { citizen: { fr: 'Demande reçue', ar: 'تم استلام الطلب', en: 'Request received' }, staff: { fr: 'Nouvelle demande', ar: 'طلب جديد', en: 'New request' } },
    in_review: { citizen: { fr: 'En cours d’examen', ar: 'قيد الدراسة', en: 'Under review' }, staff: { fr: 'En instruction', ar: 'قيد الدراسة', en: 'Under review' } },
    awaiting_citizen: {
      citizen: { fr: 'En attente de vos compléments', ar: 'في انتظار معلومات إضافية منكم', en: 'Waiting for information from you' },
      staff: { fr: 'En attente du demandeur', ar: 'في انتظار صاحب الطلب', en: 'Waiting for the applicant' },
    },
    in_production: {
      citizen: { fr: 'Document en préparation', ar: 'الوثيقة قيد الإعداد', en: 'Document being prepared' },
      staff: { fr: 'Document en préparation', ar: 'الوثيقة قيد الإعداد', en: 'Document being prepared' },
    },
    ready: {
      citizen: { fr: 'Document prêt à être retiré', ar: 'الوثيقة جاهزة للسحب', en: 'Document ready for collection' },
      staff: { fr: 'Prêt à remettre', ar: 'جاهزة للتسليم', en: 'Ready to hand over' },
    },
    delivered: { citizen: { fr: 'Document remis', ar: 'تم تسليم الوثيقة', en: 'Document delivered' }, staff: { fr: 'Remis au demandeur', ar: 'سُلّمت لصاحب الطلب', en: 'Handed over' } },
    closed: { citizen: { fr: 'Dossier clôturé', ar: 'تم إغلاق الملف', en: 'Case closed' }, staff: { fr: 'Clôturé', ar: 'مغلق', en: 'Closed' }, outcome: 'granted' },
    rejected: { citizen: { fr: 'Demande refusée', ar: 'تم رفض الطلب', en: 'Request rejected' }, staff: { fr: 'Rejeté', ar: 'مرفوض', en: 'Rejected' }, outcome: 'refused' },
    withdrawn: {
      citizen: { fr: 'Demande retirée', ar: 'تم سحب الطلب', en: 'Request withdrawn' },
      staff: { fr: 'Retiré par le demandeur', ar: 'سحبه صاحب الطلب', en: 'Withdrawn by the applicant' },
      outcome: 'withdrawn',
    },
  },
  actions: {
    claim: { label: { fr: 'Prendre en charge', ar: 'التكفل بالملف', en: 'Claim' }, payload: nothing, tone: 'primary' },
    request_info: { label: { fr: 'Demander des compléments', ar: 'طلب معلومات إضافية', en: 'Request information' }, payload: needs('message') },
    approve: { label: { fr: 'Approuver', ar: 'الموافقة', en: 'Approve' }, payload: nothing, tone: 'primary' },
    reject: { label: { fr: 'Rejeter', ar: 'الرفض', en: 'Reject' }, payload: needs('reason'), tone: 'danger' },
    mark_ready: { label: { fr: 'Document prêt', ar: 'الوثيقة جاهزة', en: 'Document ready' }, payload: nothing },
    deliver: { label: { fr: 'Document remis', ar: 'تم تسليم الوثيقة', en: 'Document delivered' }, payload: nothing },
    close: { label: { fr: 'Clôturer', ar: 'إغلاق الملف', en: 'Close' }, payload: nothing },
    provide_info: { label: { fr: 'Envoyer ma réponse', ar: 'إرسال جوابي', en: 'Send my answer' }, payload: needs('message') },
    withdraw: { label: { fr: 'Retirer ma demande', ar: 'سحب طلبي', en: 'Withdraw my request' }, payload: nothing },
  },
};
