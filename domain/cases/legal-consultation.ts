import { MODALITIES } from '../appointments/appointment-settings.js';
import type { CaseMachine } from '../lifecycle/state-machine.js';
import type { CaseTypeDefinition } from './case-definition.js';
import { OPTIONAL_NOTE, oneOf, payload, TEXT } from './payload-schemas.js';

export const LEGAL_CONSULTATION_STATUSES = ['submitted', 'assigned', 'meeting_scheduled', 'meeting_held', 'meeting_missed', 'answered', 'withdrawn'] as const;
export type LegalConsultationStatus = (typeof LEGAL_CONSULTATION_STATUSES)[number];

export const LEGAL_CONSULTATION_ACTIONS = [
  'triage',
  'answer',
  'propose_meeting',
  'meeting_attended',
  'meeting_missed',
  'meeting_cancelled',
  'write_summary',
  'request_meeting',
  'withdraw',
] as const;
export type LegalConsultationAction = (typeof LEGAL_CONSULTATION_ACTIONS)[number];

/** The domains advisors are named for (staff_user.advisor_domains). */
export const CONSULTATION_DOMAINS = {
  social_welfare: { fr: 'Prévoyance sociale', ar: 'الاحتياط الاجتماعي', en: 'Social welfare' },
  litigation_appeals: { fr: 'Recours contentieux', ar: 'الطعون القضائية', en: 'Litigation appeals' },
};

const UUID = { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' } as const;
const MODALITY_LABELS = {
  in_person: { fr: 'Au bureau', ar: 'حضوريا بالمكتب', en: 'In person' },
  video: { fr: 'Par visioconférence', ar: 'عبر الفيديو', en: 'By video' },
};

/**
 * A legal consultation: a supervisor triages it to an advisor of its domain, who answers in
 * writing or proposes a meeting on their own agenda — a linked appointment the consultation waits
 * for. Attended, the advisor writes the summary the citizen reads; missed, the citizen may ask once
 * for another meeting. One answer clock from submission.
 */
export const legalConsultationMachine: CaseMachine<LegalConsultationStatus, LegalConsultationAction> = {
  initial: 'submitted',
  states: LEGAL_CONSULTATION_STATUSES,
  terminal: ['answered', 'withdrawn'],
  transitions: {
    triage: { from: ['submitted'], to: 'assigned', by: 'staff', roles: ['supervisor'], effects: ['assign_advisor'] },
    answer: { from: ['assigned', 'meeting_missed'], to: 'answered', by: 'staff', clocks: { answer: 'stop' } },
    propose_meeting: { from: ['assigned', 'meeting_missed'], to: 'meeting_scheduled', by: 'staff', effects: ['book_linked_meeting'] },
    meeting_attended: { from: ['meeting_scheduled'], to: 'meeting_held', by: 'system' },
    meeting_missed: { from: ['meeting_scheduled'], to: 'meeting_missed', by: 'system' },
    // Cancelled by the office or by staff (a closure): not the citizen's absence; the advisor proposes another.
    meeting_cancelled: { from: ['meeting_scheduled'], to: 'assigned', by: 'system' },
    write_summary: { from: ['meeting_held'], to: 'answered', by: 'staff', clocks: { answer: 'stop' } },
    request_meeting: { from: ['meeting_missed'], to: 'assigned', by: 'citizen', guards: [{ kind: 'once', among: ['request_meeting'] }] },
    withdraw: { from: ['submitted', 'assigned', 'meeting_missed'], to: 'withdrawn', by: 'citizen', clocks: { answer: 'stop' } },
  },
};

export const legalConsultationDefinition: CaseTypeDefinition<LegalConsultationStatus, LegalConsultationAction> = {
  workflowType: 'legalConsultation',
  label: { fr: 'Consultation juridique', ar: 'استشارة قانونية', en: 'Legal consultation' },
  machine: legalConsultationMachine,
  clocks: [{ name: 'answer', label: { fr: 'Délai de réponse', ar: 'أجل الجواب', en: 'Time to answer' }, fromSubmission: true }],
  silence: {},
  linked: 'appointment',
  linkedOutcomes: { attended: 'meeting_attended', no_show: 'meeting_missed', cancelled: 'meeting_cancelled' },
  details: payload({ domain: oneOf(CONSULTATION_DOMAINS), question: { ...TEXT, minLength: 10 } }, ['domain', 'question']),
  detailFields: {
    domain: { label: { fr: 'Domaine', ar: 'المجال', en: 'Domain' }, choices: CONSULTATION_DOMAINS },
    question: { label: { fr: 'Votre question', ar: 'سؤالكم', en: 'Your question' } },
  },
  statuses: {
    submitted: {
      citizen: { fr: 'Demande de consultation reçue', ar: 'تم استلام طلب الاستشارة', en: 'Consultation request received' },
      staff: { fr: 'À orienter vers un conseiller', ar: 'في انتظار التوجيه إلى مستشار', en: 'To triage to an advisor' },
    },
    assigned: {
      citizen: { fr: 'Confiée à un conseiller', ar: 'أسندت إلى مستشار', en: 'Given to an advisor' },
      staff: { fr: 'Chez le conseiller', ar: 'لدى المستشار', en: 'With the advisor' },
    },
    meeting_scheduled: {
      citizen: { fr: 'Entretien prévu avec le conseiller', ar: 'لقاء مبرمج مع المستشار', en: 'Meeting with the advisor scheduled' },
      staff: { fr: 'Entretien prévu', ar: 'لقاء مبرمج', en: 'Meeting scheduled' },
      notice: {
        fr: 'Entretien le {meetingDate} à {meetingStart} — {meetingPlace}. Au guichet, donnez le code {meetingCode}.',
        ar: 'اللقاء يوم {meetingDate} على الساعة {meetingStart} — {meetingPlace}. قدموا بالشباك الرمز {meetingCode}.',
        en: 'Meeting on {meetingDate} at {meetingStart} — {meetingPlace}. At the desk, give the code {meetingCode}.',
      },
    },
    meeting_held: {
      citizen: { fr: 'Entretien tenu, compte rendu en préparation', ar: 'تم اللقاء، المحضر قيد الإعداد', en: 'Meeting held, summary being written' },
      staff: { fr: 'Compte rendu à rédiger', ar: 'محضر للتحرير', en: 'Summary to write' },
    },
    meeting_missed: {
      citizen: {
        fr: 'Entretien manqué : vous pouvez demander un autre rendez-vous une fois',
        ar: 'لقاء فائت: يمكنكم طلب موعد آخر مرة واحدة',
        en: 'Meeting missed: you may ask once for another one',
      },
      staff: { fr: 'Entretien manqué', ar: 'لقاء فائت', en: 'Meeting missed' },
    },
    answered: {
      citizen: { fr: 'Réponse du conseiller disponible', ar: 'جواب المستشار متاح', en: 'The advisor’s answer is ready' },
      staff: { fr: 'Répondue', ar: 'تم الجواب', en: 'Answered' },
      outcome: 'answered',
    },
    withdrawn: {
      citizen: { fr: 'Demande retirée', ar: 'تم سحب الطلب', en: 'Request withdrawn' },
      staff: { fr: 'Retirée par le citoyen', ar: 'سحبها المواطن', en: 'Withdrawn by the citizen' },
      outcome: 'withdrawn',
    },
  },
  actions: {
    triage: {
      label: { fr: 'Orienter vers un conseiller', ar: 'توجيه إلى مستشار', en: 'Triage to an advisor' },
      payload: payload({ advisorId: UUID, message: TEXT }, ['advisorId']),
      fields: { advisorId: { fr: 'Conseiller', ar: 'المستشار', en: 'Advisor' } },
      tone: 'primary',
    },
    answer: { label: { fr: 'Répondre par écrit', ar: 'الجواب كتابة', en: 'Answer in writing' }, payload: payload({ message: TEXT }, ['message']), tone: 'primary' },
    propose_meeting: {
      label: { fr: 'Proposer un entretien', ar: 'اقتراح لقاء', en: 'Propose a meeting' },
      payload: payload({ slotId: UUID, modality: { type: 'string', enum: [...MODALITIES] }, message: TEXT }, ['slotId', 'modality']),
      fields: { slotId: { fr: 'Créneau de votre agenda', ar: 'موعد من أجندتكم', en: 'Slot of your agenda' }, modality: { fr: 'Modalité', ar: 'الكيفية', en: 'How' } },
      choices: { modality: MODALITY_LABELS },
    },
    meeting_attended: { label: { fr: 'Entretien tenu', ar: 'تم اللقاء', en: 'Meeting held' }, payload: OPTIONAL_NOTE },
    meeting_missed: { label: { fr: 'Entretien manqué', ar: 'لقاء فائت', en: 'Meeting missed' }, payload: OPTIONAL_NOTE },
    meeting_cancelled: {
      label: { fr: 'Entretien annulé', ar: 'ألغي اللقاء', en: 'Meeting cancelled' },
      payload: OPTIONAL_NOTE,
      notice: {
        fr: 'L’entretien prévu a été annulé ; votre conseiller vous en proposera un autre ou vous répondra par écrit.',
        ar: 'ألغي اللقاء المبرمج؛ سيقترح عليكم مستشاركم لقاء آخر أو يجيبكم كتابة.',
        en: 'The planned meeting was cancelled; your advisor will propose another or answer in writing.',
      },
    },
    write_summary: { label: { fr: 'Rédiger le compte rendu', ar: 'تحرير المحضر', en: 'Write the summary' }, payload: payload({ message: TEXT }, ['message']), tone: 'primary' },
    request_meeting: { label: { fr: 'Demander un autre entretien', ar: 'طلب لقاء آخر', en: 'Ask for another meeting' }, payload: OPTIONAL_NOTE },
    withdraw: { label: { fr: 'Retirer ma demande', ar: 'سحب طلبي', en: 'Withdraw my request' }, payload: OPTIONAL_NOTE, tone: 'danger' },
  },
};
