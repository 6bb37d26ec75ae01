import { appointmentSettings, appointmentSettingsProblem, MODALITIES } from '../appointments/appointment-settings.js';
import type { CaseMachine, Guard } from '../lifecycle/state-machine.js';
import type { CaseTypeDefinition } from './case-definition.js';
import { OPTIONAL_NOTE, payload, TEXT } from './payload-schemas.js';

export const APPOINTMENT_STATUSES = ['requested', 'confirmed', 'checked_in', 'completed', 'no_show', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const APPOINTMENT_ACTIONS = [
  'confirm',
  'confirm_automatically',
  'check_in',
  'complete',
  'mark_no_show',
  'expire_unconfirmed',
  'reschedule',
  'cancel',
  'cancel_for_closure',
  'join_waitlist',
  'receive_offer',
  'claim_seat',
  'pass_offer',
] as const;
export type AppointmentAction = (typeof APPOINTMENT_ACTIONS)[number];

const UPCOMING: AppointmentStatus[] = ['requested', 'confirmed'];

/** A citizen changes the meeting only up to the service's notice period before it; staff always may. */
const NOTICE_PERIOD: Guard = { kind: 'before', fact: 'startsAt', setting: 'noticePeriod', actors: ['citizen'] };

const SLOT_ID = { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' } as const;

const MODALITY_LABELS = {
  in_person: { fr: 'Au guichet', ar: 'حضوريا بالشباك', en: 'In person' },
  video: { fr: 'Par visioconférence', ar: 'عبر الفيديو', en: 'By video' },
};

/**
 * A meeting at an office, in person or by video, on a seat of a published slot. The seat is held
 * at submission and booked with the case's first event; confirmation issues the video room;
 * reminders count back from the start and move with it; nobody checked in after the grace is a
 * no-show. The citizen reschedules or cancels up to the notice period; staff always may.
 */
export const appointmentMachine: CaseMachine<AppointmentStatus, AppointmentAction> = {
  initial: 'requested',
  states: APPOINTMENT_STATUSES,
  terminal: ['completed', 'no_show', 'cancelled'],
  transitions: {
    confirm: { from: ['requested'], to: 'confirmed', by: 'staff', clocks: { confirmation: 'stop' }, effects: ['issue_meeting_link'] },
    confirm_automatically: {
      from: ['requested'],
      to: 'confirmed',
      by: 'system',
      guards: [{ kind: 'setting_is', setting: 'confirmAtOnce', value: true }],
      clocks: { confirmation: 'stop' },
      effects: ['issue_meeting_link'],
    },
    check_in: { from: ['confirmed'], to: 'checked_in', by: 'staff', guards: [{ kind: 'opens_before', fact: 'startsAt', setting: 'checkInOpens' }] },
    complete: { from: ['checked_in'], to: 'completed', by: 'staff', effects: ['report_to_origin'] },
    mark_no_show: { from: ['confirmed'], to: 'no_show', by: 'system', effects: ['report_to_origin'] },
    // Never confirmed by the time it should have started: nobody expected the citizen.
    expire_unconfirmed: { from: ['requested'], to: 'cancelled', by: 'system', clocks: { confirmation: 'stop' }, effects: ['release_seat', 'report_to_origin'] },
    reschedule: { from: UPCOMING, by: ['citizen', 'staff'], guards: [NOTICE_PERIOD], effects: ['move_seat'] },
    cancel: { from: UPCOMING, to: 'cancelled', by: ['citizen', 'staff'], guards: [NOTICE_PERIOD], clocks: { confirmation: 'stop' }, effects: ['release_seat', 'report_to_origin'] },
    cancel_for_closure: { from: UPCOMING, to: 'cancelled', by: 'system', clocks: { confirmation: 'stop' }, effects: ['release_seat', 'report_to_origin'] },
    // Only while the citizen may still move: an offered seat must be one they can take.
    join_waitlist: { from: UPCOMING, by: 'citizen', guards: [NOTICE_PERIOD], effects: ['join_waitlist'] },
    // A seat freed on a slot this case waits for is held for it until the claim window closes.
    receive_offer: { from: UPCOMING, by: 'system' },
    claim_seat: { from: UPCOMING, by: 'citizen', guards: [NOTICE_PERIOD], effects: ['claim_seat'] },
    pass_offer: { from: UPCOMING, by: 'system', effects: ['pass_offer'] },
  },
};

const WHEN = {
  fr: 'Le {localDate} à {localStart} — {place}.',
  ar: 'يوم {localDate} على الساعة {localStart} — {place}.',
  en: 'On {localDate} at {localStart} — {place}.',
};

export const appointmentDefinition: CaseTypeDefinition<AppointmentStatus, AppointmentAction> = {
  workflowType: 'appointment',
  label: { fr: 'Rendez-vous', ar: 'موعد', en: 'Appointment' },
  machine: appointmentMachine,
  clocks: [{ name: 'confirmation', label: { fr: 'Délai de confirmation', ar: 'أجل التأكيد', en: 'Time to confirm' }, fromSubmission: true }],
  silence: {},
  timers: [
    { name: 'reminder', anchor: 'startsAt', setting: 'reminders', direction: 'before', in: UPCOMING },
    { name: 'no_show', anchor: 'startsAt', setting: 'noShowGrace', direction: 'after', in: ['confirmed'], action: 'mark_no_show' },
    { name: 'unconfirmed', anchor: 'startsAt', setting: 'noShowGrace', direction: 'after', in: ['requested'], action: 'expire_unconfirmed' },
    { name: 'offer', anchor: 'offerUntil', offset: 'PT0S', direction: 'after', in: UPCOMING, action: 'pass_offer' },
  ],
  automatic: ['confirm_automatically'],
  booking: { slotField: 'slotId', modalityField: 'modality' },
  settings: { read: appointmentSettings, problem: appointmentSettingsProblem },
  details: payload({ slotId: SLOT_ID, modality: { type: 'string', enum: [...MODALITIES] } }, ['slotId', 'modality']),
  detailFields: {
    slotId: { label: { fr: 'Créneau', ar: 'الموعد', en: 'Time slot' } },
    modality: { label: { fr: 'Modalité', ar: 'الكيفية', en: 'How' }, choices: MODALITY_LABELS },
  },
  statuses: {
    requested: {
      citizen: { fr: 'Rendez-vous demandé, en attente de confirmation', ar: 'تم طلب الموعد، في انتظار التأكيد', en: 'Appointment requested, awaiting confirmation' },
      staff: { fr: 'À confirmer', ar: 'في انتظار التأكيد', en: 'To confirm' },
      notice: WHEN,
    },
    confirmed: {
      citizen: { fr: 'Rendez-vous confirmé', ar: 'تم تأكيد الموعد', en: 'Appointment confirmed' },
      staff: { fr: 'Confirmé', ar: 'مؤكد', en: 'Confirmed' },
      notice: {
        fr: `${WHEN.fr} Votre code : {trackingCode} (la page de votre rendez-vous a son QR code et le fichier pour votre agenda).`,
        ar: `${WHEN.ar} رمزكم: {trackingCode} (في صفحة موعدكم رمز QR وملف لأجندتكم).`,
        en: `${WHEN.en} Your code: {trackingCode} (your appointment’s page has its QR code and a file for your calendar).`,
      },
    },
    checked_in: {
      citizen: { fr: 'Vous êtes enregistré(e) à l’accueil', ar: 'تم تسجيل حضوركم', en: 'You have checked in' },
      staff: { fr: 'Présent', ar: 'حاضر', en: 'Checked in' },
    },
    completed: {
      citizen: { fr: 'Rendez-vous tenu', ar: 'تم إجراء الموعد', en: 'Appointment held' },
      staff: { fr: 'Tenu', ar: 'منجز', en: 'Held' },
      outcome: 'attended',
    },
    no_show: {
      citizen: { fr: 'Absence au rendez-vous', ar: 'تغيب عن الموعد', en: 'Missed appointment' },
      staff: { fr: 'Absent', ar: 'غائب', en: 'No-show' },
      outcome: 'no_show',
    },
    cancelled: {
      citizen: { fr: 'Rendez-vous annulé', ar: 'تم إلغاء الموعد', en: 'Appointment cancelled' },
      staff: { fr: 'Annulé', ar: 'ملغى', en: 'Cancelled' },
      outcome: 'cancelled',
    },
  },
  actions: {
    confirm: { label: { fr: 'Confirmer', ar: 'تأكيد', en: 'Confirm' }, payload: OPTIONAL_NOTE, tone: 'primary' },
    confirm_automatically: { label: { fr: 'Confirmation immédiate', ar: 'تأكيد فوري', en: 'Confirmed at once' }, payload: OPTIONAL_NOTE },
    check_in: { label: { fr: 'Enregistrer l’arrivée', ar: 'تسجيل الحضور', en: 'Check in' }, payload: OPTIONAL_NOTE, tone: 'primary' },
    complete: { label: { fr: 'Clore le rendez-vous', ar: 'إنهاء الموعد', en: 'Complete' }, payload: OPTIONAL_NOTE, tone: 'primary' },
    mark_no_show: { label: { fr: 'Absence constatée', ar: 'معاينة الغياب', en: 'Marked as no-show' }, payload: OPTIONAL_NOTE },
    expire_unconfirmed: { label: { fr: 'Non confirmé à temps', ar: 'لم يؤكد في الوقت', en: 'Not confirmed in time' }, payload: OPTIONAL_NOTE },
    reschedule: {
      label: { fr: 'Changer de créneau', ar: 'تغيير الموعد', en: 'Reschedule' },
      payload: payload({ slotId: SLOT_ID, reason: TEXT }, ['slotId']),
      fields: { slotId: { fr: 'Nouveau créneau', ar: 'الموعد الجديد', en: 'New time slot' } },
    },
    cancel: { label: { fr: 'Annuler le rendez-vous', ar: 'إلغاء الموعد', en: 'Cancel the appointment' }, payload: payload({ reason: TEXT }, ['reason']), tone: 'danger' },
    cancel_for_closure: {
      label: { fr: 'Annulé : fermeture du bureau', ar: 'ألغي: إغلاق المكتب', en: 'Cancelled: office closed' },
      payload: payload({ reason: TEXT }),
      notice: {
        fr: 'Le bureau est fermé le {localDate} ({closureReason}). Premiers créneaux libres : {alternatives}. Reprenez rendez-vous sur Khidma.',
        ar: 'المكتب مغلق يوم {localDate} ({closureReason}). أولى المواعيد المتاحة: {alternatives}. يرجى أخذ موعد جديد على خدمة.',
        en: 'The office is closed on {localDate} ({closureReason}). First free slots: {alternatives}. Please book again on Khidma.',
      },
    },
    join_waitlist: {
      label: { fr: 'M’inscrire en liste d’attente', ar: 'التسجيل في لائحة الانتظار', en: 'Join the waiting list' },
      payload: payload({ slotId: SLOT_ID }, ['slotId']),
      fields: { slotId: { fr: 'Créneau complet souhaité', ar: 'الموعد الممتلئ المرغوب', en: 'Full slot wanted' } },
    },
    receive_offer: {
      label: { fr: 'Place offerte', ar: 'مقعد معروض', en: 'Seat offered' },
      payload: OPTIONAL_NOTE,
      notice: {
        fr: 'Une place s’est libérée le {offerDate} à {offerStart} (rendez-vous {trackingCode}). Prenez-la sur la page de votre rendez-vous avant qu’elle ne soit proposée à la personne suivante.',
        ar: 'تحرر مقعد يوم {offerDate} على الساعة {offerStart} (الموعد {trackingCode}). خذوه من صفحة موعدكم قبل أن يعرض على الشخص الموالي.',
        en: 'A seat came free on {offerDate} at {offerStart} (appointment {trackingCode}). Take it on your appointment’s page before it goes to the next in line.',
      },
    },
    pass_offer: { label: { fr: 'Place passée au suivant', ar: 'مرر المقعد إلى الموالي', en: 'Seat passed to the next in line' }, payload: OPTIONAL_NOTE },
    claim_seat: {
      label: { fr: 'Prendre la place offerte', ar: 'أخذ المقعد المعروض', en: 'Take the offered seat' },
      payload: payload({ slotId: SLOT_ID }, ['slotId']),
      fields: { slotId: { fr: 'Créneau offert', ar: 'الموعد المعروض', en: 'Offered slot' } },
    },
  },
};
