import type { CaseMachine } from '../lifecycle/state-machine.js';
import { budgetLabel } from '../sla/explanation.js';
import type { CaseTypeDefinition } from './case-definition.js';
import { informationRequestSettings, informationRequestSettingsProblem } from './information-request-settings.js';
import { OPTIONAL_NOTE, oneOf, payload, TEXT } from './payload-schemas.js';

export const INFORMATION_REQUEST_STATUSES = [
  'submitted',
  'in_progress',
  'awaiting_citizen',
  'answered',
  'partially_answered',
  'refused',
  'deemed_refused',
  'under_complaint',
  'closed',
  'withdrawn',
] as const;
export type InformationRequestStatus = (typeof INFORMATION_REQUEST_STATUSES)[number];

export const INFORMATION_REQUEST_ACTIONS = [
  'claim',
  'confirm_urgent',
  'decline_urgent',
  'request_info',
  'provide_info',
  'extend_deadline',
  'answer',
  'answer_partially',
  'refuse',
  'withdraw',
  'complain',
  'deem_refused',
  'close_after_window',
  'complaint_upheld',
  'complaint_overturned',
] as const;
export type InformationRequestAction = (typeof INFORMATION_REQUEST_ACTIONS)[number];

/** Law 31-13, art. 7 and 18: the grounds a refusal may rest on; catalogue data an administrator reads with the law. */
const REFUSAL_GROUNDS = {
  exception_art7: { fr: 'Information exclue du droit d’accès (art. 7)', ar: 'معلومات مستثناة من الحق في الحصول عليها (المادة 7)', en: 'Information excluded from access (art. 7)' },
  not_held: { fr: 'Information non détenue par l’institution', ar: 'معلومات غير متوفرة لدى المؤسسة', en: 'Information not held by the institution' },
  already_published: { fr: 'Information déjà publiée', ar: 'معلومات سبق نشرها', en: 'Information already published' },
  repeated: { fr: 'Demande répétée', ar: 'طلب متكرر', en: 'Repeated request' },
  unclear: { fr: 'Demande imprécise', ar: 'طلب غير دقيق', en: 'Unclear request' },
};

/** Law 31-13, art. 16: why an answer may take one more period, announced before the deadline. */
const EXTENSION_REASONS = {
  large_volume: { fr: 'Volume important d’informations demandées', ar: 'حجم كبير من المعلومات المطلوبة', en: 'A large amount of information requested' },
  third_parties: { fr: 'Consultation de tiers nécessaire', ar: 'ضرورة استشارة الغير', en: 'Third parties must be consulted' },
  cannot_meet_in_time: { fr: 'Impossible de répondre dans le délai initial', ar: 'تعذر الجواب داخل الأجل الأول', en: 'The first time limit cannot be met' },
};

const OPEN: InformationRequestStatus[] = ['submitted', 'in_progress'];
const COMPLAINABLE: InformationRequestStatus[] = ['partially_answered', 'refused', 'deemed_refused'];

/**
 * Law 31-13 on the right of access to information. The answer is due within the service's budget
 * (3 working days for an urgent request the handler confirms); silence at the deadline is a deemed
 * refusal. A partial answer or a refusal, deemed or not, opens a window in which the citizen may
 * complain to the head of the institution (a linked case); once it ends the case closes and the
 * citizen is told how to seize the CDAI.
 */
export const informationRequestMachine: CaseMachine<InformationRequestStatus, InformationRequestAction> = {
  initial: 'submitted',
  states: INFORMATION_REQUEST_STATUSES,
  terminal: ['answered', 'closed', 'withdrawn'],
  transitions: {
    claim: { from: ['submitted'], to: 'in_progress', by: 'staff', assigns: true },
    confirm_urgent: {
      from: OPEN,
      by: 'staff',
      guards: [{ kind: 'detail_in', field: 'urgent', values: [true] }, { kind: 'once', among: ['confirm_urgent', 'decline_urgent'] }],
    },
    decline_urgent: {
      from: OPEN,
      by: 'staff',
      guards: [{ kind: 'detail_in', field: 'urgent', values: [true] }, { kind: 'once', among: ['confirm_urgent', 'decline_urgent'] }],
      clocks: { answer: 'rebase' },
    },
    request_info: { from: ['in_progress'], to: 'awaiting_citizen', by: 'staff', clocks: { answer: 'pause' } },
    provide_info: { from: ['awaiting_citizen'], to: 'in_progress', by: 'citizen', clocks: { answer: 'resume' } },
    extend_deadline: { from: [...OPEN, 'awaiting_citizen'], by: 'staff', guards: [{ kind: 'extension_available', clock: 'answer' }], clocks: { answer: 'extend' } },
    answer: { from: ['in_progress'], to: 'answered', by: 'staff', clocks: { answer: 'stop' } },
    answer_partially: { from: ['in_progress'], to: 'partially_answered', by: 'staff', clocks: { answer: 'stop', complaint_window: 'start' } },
    refuse: { from: OPEN, to: 'refused', by: 'staff', clocks: { answer: 'stop', complaint_window: 'start' } },
    withdraw: { from: [...OPEN, 'awaiting_citizen'], to: 'withdrawn', by: 'citizen', clocks: { answer: 'stop' } },
    complain: {
      from: COMPLAINABLE,
      to: 'under_complaint',
      by: 'citizen',
      guards: [{ kind: 'within', clock: 'complaint_window' }],
      clocks: { complaint_window: 'stop' },
      effects: ['open_linked_case'],
    },
    deem_refused: { from: OPEN, to: 'deemed_refused', by: 'system', clocks: { answer: 'stop', complaint_window: 'start' } },
    close_after_window: { from: COMPLAINABLE, to: 'closed', by: 'system', clocks: { complaint_window: 'stop' } },
    complaint_upheld: { from: ['under_complaint'], to: 'closed', by: 'system' },
    complaint_overturned: { from: ['under_complaint'], to: 'in_progress', by: 'system', clocks: { answer: 'restart' } },
  },
};

// The figures in braces are the service's own (see noticeFigures below).
const CDAI_NOTICE = {
  fr: 'Vous pouvez saisir la Commission du droit d’accès à l’information (CDAI) dans un délai de {cdaiReferral}, en joignant le récapitulatif de votre dossier (téléchargeable depuis la page de suivi).',
  ar: 'يمكنكم تقديم شكاية إلى لجنة الحق في الحصول على المعلومات داخل أجل {cdaiReferral}، مع إرفاق ملخص ملفكم (قابل للتحميل من صفحة التتبع).',
  en: 'You may refer the matter to the Commission for the right of access to information (CDAI) within {cdaiReferral}, attaching the summary of your case (downloadable from the tracking page).',
};

const COMPLAIN_NOTICE = {
  fr: 'Vous pouvez adresser une réclamation au chef de l’institution dans un délai de {complaintWindow}, depuis la page de suivi.',
  ar: 'يمكنكم تقديم شكاية إلى رئيس المؤسسة داخل أجل {complaintWindow}، من صفحة التتبع.',
  en: 'You may complain to the head of the institution within {complaintWindow}, from the tracking page.',
};

export const informationRequestDefinition: CaseTypeDefinition<InformationRequestStatus, InformationRequestAction> = {
  workflowType: 'informationRequest',
  label: { fr: 'Demande d’information', ar: 'طلب الحصول على المعلومات', en: 'Information request' },
  machine: informationRequestMachine,
  clocks: [
    { name: 'answer', label: { fr: 'Délai de réponse', ar: 'أجل الجواب', en: 'Time to answer' }, fromSubmission: true, urgentWhen: 'urgent' },
    { name: 'complaint_window', label: { fr: 'Délai de réclamation', ar: 'أجل الشكاية', en: 'Time to complain' }, fromSubmission: false, window: true },
  ],
  silence: { answer: 'deem_refused', complaint_window: 'close_after_window' },
  linked: 'information_complaint',
  settings: { read: informationRequestSettings, problem: informationRequestSettingsProblem },
  noticeFigures: ({ policies, settings }) => ({
    complaintWindow: budgetLabel(policies.complaint_window!.budget),
    cdaiReferral: budgetLabel(informationRequestSettings(settings).cdaiReferral),
  }),
  details: {
    type: 'object',
    properties: {
      subject: { type: 'string', minLength: 3, maxLength: 1000 },
      urgent: { type: 'boolean' },
      urgencyReason: { type: 'string', minLength: 1, maxLength: 1000 },
    },
    required: ['subject'],
    additionalProperties: false,
  },
  detailFields: {
    subject: { label: { fr: 'Information demandée', ar: 'المعلومات المطلوبة', en: 'Information requested' } },
    urgent: { label: { fr: 'Urgent : la vie, la sécurité ou la liberté d’une personne en dépend', ar: 'مستعجل: تتوقف عليه حياة شخص أو سلامته أو حريته', en: 'Urgent: a person’s life, safety or freedom depends on it' } },
    urgencyReason: { label: { fr: 'Pourquoi est-ce urgent ?', ar: 'لماذا هو مستعجل؟', en: 'Why is it urgent?' } },
  },
  statuses: {
    submitted: { citizen: { fr: 'Demande reçue', ar: 'تم استلام الطلب', en: 'Request received' }, staff: { fr: 'Nouvelle demande', ar: 'طلب جديد', en: 'New request' } },
    in_progress: { citizen: { fr: 'En cours de traitement', ar: 'قيد المعالجة', en: 'Being processed' }, staff: { fr: 'En traitement', ar: 'قيد المعالجة', en: 'In progress' } },
    awaiting_citizen: {
      citizen: { fr: 'En attente de vos précisions', ar: 'في انتظار توضيحاتكم', en: 'Waiting for your clarification' },
      staff: { fr: 'En attente du demandeur', ar: 'في انتظار صاحب الطلب', en: 'Waiting for the applicant' },
    },
    answered: {
      citizen: { fr: 'Information communiquée', ar: 'تم تقديم المعلومات', en: 'Information provided' },
      staff: { fr: 'Répondu', ar: 'تم الجواب', en: 'Answered' },
      outcome: 'answered',
    },
    partially_answered: {
      citizen: { fr: 'Information communiquée en partie', ar: 'تم تقديم المعلومات جزئيا', en: 'Information partly provided' },
      staff: { fr: 'Réponse partielle', ar: 'جواب جزئي', en: 'Partly answered' },
      outcome: 'partially_answered',
      notice: COMPLAIN_NOTICE,
    },
    refused: {
      citizen: { fr: 'Demande refusée', ar: 'تم رفض الطلب', en: 'Request refused' },
      staff: { fr: 'Refusé', ar: 'مرفوض', en: 'Refused' },
      outcome: 'refused',
      notice: COMPLAIN_NOTICE,
    },
    deemed_refused: {
      citizen: { fr: 'Sans réponse dans le délai : refus implicite', ar: 'لا جواب داخل الأجل: رفض ضمني', en: 'No answer in time: deemed refused' },
      staff: { fr: 'Refus implicite (délai dépassé)', ar: 'رفض ضمني (تجاوز الأجل)', en: 'Deemed refused (time limit passed)' },
      outcome: 'deemed_refused',
      notice: COMPLAIN_NOTICE,
    },
    under_complaint: {
      citizen: { fr: 'Votre réclamation est examinée par le chef de l’institution', ar: 'شكايتكم قيد الدراسة من طرف رئيس المؤسسة', en: 'Your complaint is being examined by the head of the institution' },
      staff: { fr: 'Réclamation en cours', ar: 'شكاية قيد الدراسة', en: 'Under complaint' },
    },
    closed: {
      citizen: { fr: 'Dossier clôturé', ar: 'تم إغلاق الملف', en: 'Case closed' },
      staff: { fr: 'Clôturé', ar: 'مغلق', en: 'Closed' },
      outcome: 'as_decided',
      notice: CDAI_NOTICE,
    },
    withdrawn: {
      citizen: { fr: 'Demande retirée', ar: 'تم سحب الطلب', en: 'Request withdrawn' },
      staff: { fr: 'Retiré par le demandeur', ar: 'سحبه صاحب الطلب', en: 'Withdrawn by the applicant' },
      outcome: 'withdrawn',
    },
  },
  actions: {
    claim: { label: { fr: 'Prendre en charge', ar: 'التكفل بالملف', en: 'Claim' }, payload: OPTIONAL_NOTE, tone: 'primary' },
    confirm_urgent: { label: { fr: 'Confirmer l’urgence', ar: 'تأكيد الاستعجال', en: 'Confirm urgency' }, payload: OPTIONAL_NOTE },
    decline_urgent: { label: { fr: 'Refuser l’urgence', ar: 'رفض الاستعجال', en: 'Decline urgency' }, payload: payload({ reason: TEXT }, ['reason']) },
    request_info: { label: { fr: 'Demander des précisions', ar: 'طلب توضيحات', en: 'Ask for clarification' }, payload: payload({ message: TEXT }, ['message']) },
    provide_info: { label: { fr: 'Envoyer mes précisions', ar: 'إرسال توضيحاتي', en: 'Send my clarification' }, payload: payload({ message: TEXT }, ['message']) },
    extend_deadline: {
      label: { fr: 'Proroger le délai', ar: 'تمديد الأجل', en: 'Extend the deadline' },
      payload: payload({ reason: oneOf(EXTENSION_REASONS), message: TEXT }, ['reason']),
      choices: { reason: EXTENSION_REASONS },
      fields: { reason: { fr: 'Motif de la prorogation', ar: 'سبب التمديد', en: 'Reason for the extension' } },
    },
    answer: { label: { fr: 'Communiquer l’information', ar: 'تقديم المعلومات', en: 'Provide the information' }, payload: payload({ message: TEXT }, ['message']), tone: 'primary' },
    answer_partially: { label: { fr: 'Réponse partielle', ar: 'جواب جزئي', en: 'Answer in part' }, payload: payload({ message: TEXT }, ['message']) },
    refuse: {
      label: { fr: 'Refuser', ar: 'الرفض', en: 'Refuse' },
      payload: payload({ ground: oneOf(REFUSAL_GROUNDS), reason: TEXT }, ['ground', 'reason']),
      choices: { ground: REFUSAL_GROUNDS },
      fields: { ground: { fr: 'Motif légal', ar: 'السند القانوني', en: 'Legal ground' } },
      tone: 'danger',
    },
    withdraw: { label: { fr: 'Retirer ma demande', ar: 'سحب طلبي', en: 'Withdraw my request' }, payload: OPTIONAL_NOTE },
    complain: { label: { fr: 'Réclamer auprès du chef de l’institution', ar: 'تقديم شكاية إلى رئيس المؤسسة', en: 'Complain to the head of the institution' }, payload: payload({ reason: TEXT }, ['reason']) },
    deem_refused: { label: { fr: 'Refus implicite', ar: 'رفض ضمني', en: 'Deemed refusal' }, payload: OPTIONAL_NOTE },
    close_after_window: { label: { fr: 'Clôture à la fin du délai de réclamation', ar: 'الإغلاق عند انتهاء أجل الشكاية', en: 'Closed when the time to complain ended' }, payload: OPTIONAL_NOTE },
    complaint_upheld: { label: { fr: 'Décision maintenue après réclamation', ar: 'تأكيد القرار بعد الشكاية', en: 'Decision upheld on complaint' }, payload: OPTIONAL_NOTE },
    complaint_overturned: { label: { fr: 'Décision infirmée après réclamation', ar: 'إلغاء القرار بعد الشكاية', en: 'Decision overturned on complaint' }, payload: OPTIONAL_NOTE },
  },
  // Upheld, or left unanswered by the head of the institution: the request closes, pointing to the CDAI.
  linkedOutcomes: { upheld: 'complaint_upheld', overturned: 'complaint_overturned', deemed_refused: 'complaint_upheld' },
};
