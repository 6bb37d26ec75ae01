import type { CaseMachine } from '../lifecycle/state-machine.js';
import type { CaseTypeDefinition } from './case-definition.js';
import { OPTIONAL_NOTE, oneOf, payload, TEXT } from './payload-schemas.js';

export const COMPLAINT_STATUSES = ['submitted', 'acknowledged', 'answered', 'reopened', 'closed', 'withdrawn'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_ACTIONS = ['acknowledge', 'claim', 'transfer', 'answer', 'close', 'rate', 'reopen', 'withdraw', 'close_after_window'] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];

const KINDS = {
  reclamation: { fr: 'Réclamation', ar: 'شكاية', en: 'Complaint' },
  observation: { fr: 'Observation', ar: 'ملاحظة', en: 'Observation' },
  suggestion: { fr: 'Suggestion', ar: 'اقتراح', en: 'Suggestion' },
};

const OPEN: ComplaintStatus[] = ['submitted', 'acknowledged', 'reopened'];

/**
 * Decree 2-17-265 (chikaya.ma): a complaint is acknowledged within one budget and answered within
 * another, both counted from submission. It may be transferred to the entity it concerns; the
 * citizen rates the answer and may reopen it within a window. Observations and suggestions close
 * after acknowledgement and an optional reply.
 */
export const complaintMachine: CaseMachine<ComplaintStatus, ComplaintAction> = {
  initial: 'submitted',
  states: COMPLAINT_STATUSES,
  terminal: ['closed', 'withdrawn'],
  transitions: {
    acknowledge: { from: ['submitted'], to: 'acknowledged', by: 'staff', clocks: { acknowledgement: 'stop' } },
    claim: { from: OPEN, by: 'staff', assigns: true },
    transfer: { from: OPEN, by: 'staff', effects: ['transfer'] },
    answer: {
      from: ['acknowledged', 'reopened'],
      to: 'answered',
      by: 'staff',
      guards: [{ kind: 'detail_in', field: 'kind', values: ['reclamation'] }],
      clocks: { answer: 'stop', reopen_window: 'start' },
    },
    close: {
      from: ['acknowledged'],
      to: 'closed',
      by: 'staff',
      guards: [{ kind: 'detail_in', field: 'kind', values: ['observation', 'suggestion'] }],
      clocks: { answer: 'stop' },
    },
    rate: { from: ['answered'], by: 'citizen', guards: [{ kind: 'once', among: ['rate'] }] },
    reopen: {
      from: ['answered'],
      to: 'reopened',
      by: 'citizen',
      guards: [{ kind: 'within', clock: 'reopen_window' }],
      clocks: { answer: 'restart', reopen_window: 'stop' },
    },
    withdraw: { from: OPEN, to: 'withdrawn', by: 'citizen', clocks: { acknowledgement: 'stop', answer: 'stop' } },
    close_after_window: { from: ['answered'], to: 'closed', by: 'system', clocks: { reopen_window: 'stop' } },
  },
};

const MEDIATEUR = {
  fr: 'Si la réponse ne vous satisfait pas, vous pouvez saisir l’institution du Médiateur du Royaume (mediateur.ma).',
  ar: 'إذا لم يرضكم الجواب، يمكنكم اللجوء إلى مؤسسة وسيط المملكة (mediateur.ma).',
  en: 'If the answer does not satisfy you, you may turn to the Ombudsman of the Kingdom, the Médiateur (mediateur.ma).',
};

export const complaintDefinition: CaseTypeDefinition<ComplaintStatus, ComplaintAction> = {
  workflowType: 'complaint',
  label: { fr: 'Réclamation', ar: 'شكاية', en: 'Complaint' },
  machine: complaintMachine,
  clocks: [
    { name: 'answer', label: { fr: 'Délai de réponse', ar: 'أجل الجواب', en: 'Time to answer' }, fromSubmission: true },
    { name: 'acknowledgement', label: { fr: 'Délai d’accusé de réception', ar: 'أجل الإشعار بالتوصل', en: 'Time to acknowledge' }, fromSubmission: true },
    { name: 'reopen_window', label: { fr: 'Délai pour rouvrir', ar: 'أجل إعادة الفتح', en: 'Time to reopen' }, fromSubmission: false, window: true },
  ],
  silence: { reopen_window: 'close_after_window' },
  details: {
    type: 'object',
    properties: {
      kind: oneOf(KINDS),
      subject: { type: 'string', minLength: 3, maxLength: 300 },
      description: { type: 'string', minLength: 3, maxLength: 1000 },
    },
    required: ['kind', 'subject', 'description'],
    additionalProperties: false,
  },
  detailFields: {
    kind: { label: { fr: 'Nature', ar: 'النوع', en: 'Kind' }, choices: KINDS },
    subject: { label: { fr: 'Objet', ar: 'الموضوع', en: 'Subject' } },
    description: { label: { fr: 'Description', ar: 'الوصف', en: 'Description' } },
  },
  statuses: {
    submitted: { citizen: { fr: 'Réclamation reçue', ar: 'تم استلام الشكاية', en: 'Complaint received' }, staff: { fr: 'Nouvelle réclamation', ar: 'شكاية جديدة', en: 'New complaint' } },
    acknowledged: {
      citizen: { fr: 'Réception confirmée, en cours d’examen', ar: 'تم تأكيد التوصل، قيد الدراسة', en: 'Receipt confirmed, being examined' },
      staff: { fr: 'Accusé de réception envoyé', ar: 'تم الإشعار بالتوصل', en: 'Acknowledged' },
    },
    answered: {
      citizen: { fr: 'Réponse envoyée', ar: 'تم إرسال الجواب', en: 'Answer sent' },
      staff: { fr: 'Répondu', ar: 'تم الجواب', en: 'Answered' },
      outcome: 'answered',
    },
    reopened: {
      citizen: { fr: 'Réclamation rouverte à votre demande', ar: 'أعيد فتح الشكاية بطلب منكم', en: 'Complaint reopened at your request' },
      staff: { fr: 'Rouverte par le citoyen', ar: 'أعاد المواطن فتحها', en: 'Reopened by the citizen' },
    },
    closed: { citizen: { fr: 'Réclamation clôturée', ar: 'تم إغلاق الشكاية', en: 'Complaint closed' }, staff: { fr: 'Clôturée', ar: 'مغلقة', en: 'Closed' }, outcome: 'answered', notice: MEDIATEUR },
    withdrawn: {
      citizen: { fr: 'Réclamation retirée', ar: 'تم سحب الشكاية', en: 'Complaint withdrawn' },
      staff: { fr: 'Retirée par le citoyen', ar: 'سحبها المواطن', en: 'Withdrawn by the citizen' },
      outcome: 'withdrawn',
    },
  },
  actions: {
    acknowledge: { label: { fr: 'Accuser réception', ar: 'الإشعار بالتوصل', en: 'Acknowledge' }, payload: OPTIONAL_NOTE, tone: 'primary' },
    claim: { label: { fr: 'Prendre en charge', ar: 'التكفل بالملف', en: 'Claim' }, payload: OPTIONAL_NOTE },
    transfer: {
      label: { fr: 'Transférer à l’entité concernée', ar: 'إحالة إلى الجهة المعنية', en: 'Transfer to the entity concerned' },
      payload: payload({ entityCode: { type: 'string', pattern: '^[A-Z0-9_-]{1,20}$' }, message: TEXT }, ['entityCode']),
      fields: { entityCode: { fr: 'Code de l’entité concernée', ar: 'رمز الجهة المعنية', en: 'Code of the entity concerned' } },
    },
    answer: { label: { fr: 'Répondre', ar: 'الجواب', en: 'Answer' }, payload: payload({ message: TEXT }, ['message']), tone: 'primary' },
    close: { label: { fr: 'Clôturer', ar: 'إغلاق', en: 'Close' }, payload: OPTIONAL_NOTE },
    rate: {
      label: { fr: 'Noter la réponse', ar: 'تقييم الجواب', en: 'Rate the answer' },
      payload: payload({ rating: { type: 'integer', minimum: 1, maximum: 5 }, comment: TEXT }, ['rating']),
      fields: { rating: { fr: 'Note (1 à 5)', ar: 'التقييم (1 إلى 5)', en: 'Rating (1 to 5)' }, comment: { fr: 'Commentaire', ar: 'تعليق', en: 'Comment' } },
    },
    reopen: { label: { fr: 'Rouvrir ma réclamation', ar: 'إعادة فتح شكايتي', en: 'Reopen my complaint' }, payload: payload({ reason: TEXT }, ['reason']) },
    withdraw: { label: { fr: 'Retirer ma réclamation', ar: 'سحب شكايتي', en: 'Withdraw my complaint' }, payload: OPTIONAL_NOTE },
    close_after_window: { label: { fr: 'Clôture à la fin du délai', ar: 'الإغلاق عند انتهاء الأجل', en: 'Closed when the time to reopen ended' }, payload: OPTIONAL_NOTE },
  },
};
