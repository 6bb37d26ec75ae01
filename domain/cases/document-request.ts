import type { CaseMachine } from '../lifecycle/state-machine.js';
import type { CaseTypeDefinition } from './case-definition.js';
import { OPTIONAL_NOTE, oneOf, payload, TEXT } from './payload-schemas.js';

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
  'deemed_accepted',
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
  'extend_deadline',
  'deem_accepted',
] as const;
export type DocumentRequestAction = (typeof DOCUMENT_REQUEST_ACTIONS)[number];

/** Before the deadline, a handler may extend it once, for these reasons only (Law 55-19). */
const EXTENSION_REASONS = {
  expertise: { fr: 'Une expertise est nécessaire', ar: 'ضرورة إجراء خبرة', en: 'An expert assessment is needed' },
  public_inquiry: { fr: 'Une enquête publique est nécessaire', ar: 'ضرورة إجراء بحث عمومي', en: 'A public inquiry is needed' },
};

const RUNNING: DocumentRequestStatus[] = ['submitted', 'in_review', 'awaiting_citizen', 'in_production'];

/**
 * Law 55-19: the administration answers within the service's budget. The clock stops while the
 * administration waits for the citizen, and the promise is kept once the document is ready. For
 * acts where the law says so, silence at the deadline is acceptance.
 */
export const documentRequestMachine: CaseMachine<DocumentRequestStatus, DocumentRequestAction> = {
  initial: 'submitted',
  states: DOCUMENT_REQUEST_STATUSES,
  terminal: ['closed', 'rejected', 'withdrawn', 'deemed_accepted'],
  transitions: {
    claim: { from: ['submitted'], to: 'in_review', by: 'staff', assigns: true },
    request_info: { from: ['in_review'], to: 'awaiting_citizen', by: 'staff', clocks: { decision: 'pause' } },
    provide_info: { from: ['awaiting_citizen'], to: 'in_review', by: 'citizen', clocks: { decision: 'resume' } },
    approve: { from: ['in_review'], to: 'in_production', by: 'staff' },
    reject: { from: ['submitted', 'in_review'], to: 'rejected', by: 'staff', clocks: { decision: 'stop' } },
    mark_ready: { from: ['in_production'], to: 'ready', by: 'staff', clocks: { decision: 'stop' } },
    deliver: { from: ['ready'], to: 'delivered', by: 'staff' },
    close: { from: ['delivered'], to: 'closed', by: 'staff' },
    withdraw: { from: RUNNING, to: 'withdrawn', by: 'citizen', clocks: { decision: 'stop' } },
    extend_deadline: { from: RUNNING, by: 'staff', guards: [{ kind: 'extension_available', clock: 'decision' }], clocks: { decision: 'extend' } },
    deem_accepted: {
      from: RUNNING,
      to: 'deemed_accepted',
      by: 'system',
      guards: [{ kind: 'silence_is', clock: 'decision', effect: 'implicit_acceptance' }],
      clocks: { decision: 'stop' },
    },
  },
};


/** The document request as the core, the API and the pages read it. */
export const documentRequestDefinition: CaseTypeDefinition<DocumentRequestStatus, DocumentRequestAction> = {
  workflowType: 'documentRequest',
  label: { fr: 'Demande de document', ar: 'طلب وثيقة', en: 'Document request' },
  machine: documentRequestMachine,
  clocks: [{ name: 'decision', label: { fr: 'Délai de réponse', ar: 'أجل الجواب', en: 'Time to answer' }, fromSubmission: true }],
  silence: { decision: 'deem_accepted' },
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
    deemed_accepted: {
      citizen: { fr: 'Demande réputée acceptée', ar: 'الطلب يعتبر مقبولا', en: 'Request deemed accepted' },
      staff: { fr: 'Acceptation tacite (délai dépassé)', ar: 'قبول ضمني (تجاوز الأجل)', en: 'Deemed accepted (time limit passed)' },
      outcome: 'deemed_accepted',
      notice: {
        fr: 'Sans réponse dans le délai légal, votre demande est réputée acceptée. Téléchargez votre attestation depuis la page de suivi.',
        ar: 'في غياب جواب داخل الأجل القانوني، يعتبر طلبكم مقبولا. حمّلوا شهادتكم من صفحة التتبع.',
        en: 'With no answer within the legal time limit, your request is deemed accepted. Download your attestation from the tracking page.',
      },
    },
  },
  actions: {
    claim: { label: { fr: 'Prendre en charge', ar: 'التكفل بالملف', en: 'Claim' }, payload: OPTIONAL_NOTE, tone: 'primary' },
    request_info: { label: { fr: 'Demander des compléments', ar: 'طلب معلومات إضافية', en: 'Request information' }, payload: payload({ message: TEXT }, ['message']) },
    approve: { label: { fr: 'Approuver', ar: 'الموافقة', en: 'Approve' }, payload: OPTIONAL_NOTE, tone: 'primary' },
    reject: { label: { fr: 'Rejeter', ar: 'الرفض', en: 'Reject' }, payload: payload({ reason: TEXT }, ['reason']), tone: 'danger' },
    mark_ready: { label: { fr: 'Document prêt', ar: 'الوثيقة جاهزة', en: 'Document ready' }, payload: OPTIONAL_NOTE },
    deliver: { label: { fr: 'Document remis', ar: 'تم تسليم الوثيقة', en: 'Document delivered' }, payload: OPTIONAL_NOTE },
    close: { label: { fr: 'Clôturer', ar: 'إغلاق الملف', en: 'Close' }, payload: OPTIONAL_NOTE },
    provide_info: { label: { fr: 'Envoyer ma réponse', ar: 'إرسال جوابي', en: 'Send my answer' }, payload: payload({ message: TEXT }, ['message']) },
    withdraw: { label: { fr: 'Retirer ma demande', ar: 'سحب طلبي', en: 'Withdraw my request' }, payload: OPTIONAL_NOTE },
    extend_deadline: {
      label: { fr: 'Proroger le délai', ar: 'تمديد الأجل', en: 'Extend the deadline' },
      payload: payload({ reason: oneOf(EXTENSION_REASONS), message: TEXT }, ['reason']),
      choices: { reason: EXTENSION_REASONS },
      fields: { reason: { fr: 'Motif de la prorogation', ar: 'سبب التمديد', en: 'Reason for the extension' } },
    },
    deem_accepted: { label: { fr: 'Acceptation tacite', ar: 'قبول ضمني', en: 'Deemed acceptance' }, payload: OPTIONAL_NOTE },
  },
};
