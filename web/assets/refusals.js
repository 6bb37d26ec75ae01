import { pick } from './i18n.js';

/*
 * A refusal of the API said in the page's language, from its stable `code` (and, for a refused
 * step, the workflow's `details.reason`; for bad input, the field). The API's English `message`
 * is for developers and logs: a French or Arabic page never shows it.
 */

const BY_CODE = {
  invalid_input: { fr: 'une donnée n’est pas valide', ar: 'إحدى المعطيات غير صالحة', en: 'some data is not valid' },
  authentication_required: {
    fr: 'identification requise, expirée ou refusée',
    ar: 'التعريف مطلوب أو منتهي الصلاحية أو مرفوض',
    en: 'sign-in required, expired or refused',
  },
  not_permitted: { fr: 'vous n’avez pas le droit de faire cela', ar: 'لا تملكون صلاحية القيام بذلك', en: 'you may not do this' },
  not_found: { fr: 'introuvable', ar: 'غير موجود', en: 'not found' },
  step_refused: {
    fr: 'cette étape n’est pas possible dans l’état actuel du dossier',
    ar: 'هذه المرحلة غير ممكنة في الوضعية الحالية للملف',
    en: 'this step is not possible in the case’s current state',
  },
  idempotency_key_reused: { fr: 'cette demande a déjà été envoyée autrement', ar: 'سبق إرسال هذا الطلب بشكل مختلف', en: 'this request was already sent differently' },
  already_exists: { fr: 'ce code existe déjà', ar: 'هذا الرمز موجود مسبقا', en: 'this code already exists' },
  change_conflicts: {
    fr: 'ce changement contredit ce qui existe déjà (des dossiers, un autre modèle de créneaux…)',
    ar: 'هذا التغيير يتعارض مع ما هو قائم (ملفات، نموذج مواعيد آخر…)',
    en: 'this change conflicts with what already exists (cases, another slot template…)',
  },
  rate_limited: { fr: 'trop de demandes : réessayez dans un moment', ar: 'طلبات كثيرة: أعيدوا المحاولة بعد قليل', en: 'too many requests: try again in a moment' },
  slot_full: {
    fr: 'ce créneau est complet : choisissez-en un autre',
    ar: 'هذا الموعد ممتلئ: اختاروا موعدا آخر',
    en: 'this slot is full: choose another one',
  },
  unavailable: {
    fr: 'service momentanément indisponible : réessayez dans un moment',
    ar: 'الخدمة غير متاحة مؤقتا: أعيدوا المحاولة بعد قليل',
    en: 'service temporarily unavailable: try again in a moment',
  },
};

/** Why a step was refused, as the workflow says it (details.reason). */
const BY_REASON = {
  not_allowed_now: BY_CODE.step_refused,
  not_assignee: { fr: 'le dossier est attribué à un autre agent', ar: 'الملف مسند إلى موظف آخر', en: 'the case is assigned to another handler' },
  wrong_actor: BY_CODE.not_permitted,
  missing_field: { fr: 'un champ obligatoire manque', ar: 'حقل إلزامي ناقص', en: 'a required field is missing' },
  invalid_field: { fr: 'un champ n’est pas valide', ar: 'أحد الحقول غير صالح', en: 'a field is not valid' },
  window_closed: { fr: 'le délai pour cette démarche est écoulé', ar: 'انتهى أجل القيام بهذا الإجراء', en: 'the time allowed for this step has ended' },
  notice_period: {
    fr: 'le rendez-vous est trop proche pour être changé ou annulé en ligne : contactez le bureau',
    ar: 'الموعد قريب جدا ولا يمكن تغييره أو إلغاؤه عبر الإنترنت: اتصلوا بالمكتب',
    en: 'the appointment is too close to be changed or cancelled online: please contact the office',
  },
  no_offer: {
    fr: 'aucune place ne vous est plus offerte (le délai pour la prendre est passé)',
    ar: 'لم يعد أي مقعد معروضا عليكم (انتهى أجل أخذه)',
    en: 'no seat is offered to you any more (the time to take it has passed)',
  },
  slot_full: BY_CODE.slot_full,
  // why a seat could not be held at booking (details.reason of slot_full)
  full: BY_CODE.slot_full,
  closed: { fr: 'ce créneau n’est plus proposé : choisissez-en un autre', ar: 'هذا الموعد لم يعد متاحا: اختاروا موعدا آخر', en: 'this slot is no longer offered: choose another one' },
  past: { fr: 'ce créneau a déjà commencé : choisissez-en un autre', ar: 'هذا الموعد بدأ بالفعل: اختاروا موعدا آخر', en: 'this slot has already started: choose another one' },
};

const FIELDS = [
  [/fullName$/, { fr: 'nom complet', ar: 'الاسم الكامل', en: 'full name' }],
  [/nationalId$/, { fr: 'numéro de CIN', ar: 'رقم البطاقة الوطنية', en: 'national ID number' }],
  [/phone$/, { fr: 'téléphone', ar: 'الهاتف', en: 'phone' }],
  [/email$/, { fr: 'e-mail', ar: 'البريد الإلكتروني', en: 'e-mail' }],
  [/message$/, { fr: 'message', ar: 'الرسالة', en: 'message' }],
  [/reason$/, { fr: 'motif', ar: 'السبب', en: 'reason' }],
  [/serviceId$/, { fr: 'service', ar: 'الخدمة', en: 'service' }],
  [/\.code$/, { fr: 'code du service', ar: 'رمز الخدمة', en: 'service code' }],
  [/entityCode$/, { fr: 'code de l’entité', ar: 'رمز الجهة', en: 'entity code' }],
  [/names/, { fr: 'nom', ar: 'الاسم', en: 'name' }],
  [/descriptions/, { fr: 'description', ar: 'الوصف', en: 'description' }],
  [/requiredDocuments/, { fr: 'pièces à fournir', ar: 'الوثائق المطلوبة', en: 'documents to provide' }],
  [/clocks/, { fr: 'délai', ar: 'الأجل', en: 'time limit' }],
  [/advisorId$/, { fr: 'conseiller', ar: 'المستشار', en: 'advisor' }],
  [/weekday$/, { fr: 'jour', ar: 'اليوم', en: 'day' }],
  [/startTime$|endTime$/, { fr: 'horaires', ar: 'التوقيت', en: 'hours' }],
  [/lengthMinutes$/, { fr: 'durée d’un créneau', ar: 'مدة الموعد', en: 'slot length' }],
  [/seats$/, { fr: 'places', ar: 'المقاعد', en: 'seats' }],
  [/bufferMinutes$/, { fr: 'pause', ar: 'الاستراحة', en: 'pause' }],
  [/slotId$/, { fr: 'créneau', ar: 'الموعد', en: 'time slot' }],
  [/modality$/, { fr: 'modalité (au guichet ou par vidéo)', ar: 'الكيفية (حضوريا أو عبر الفيديو)', en: 'how the meeting is held (in person or by video)' }],
  [/officeId$/, { fr: 'bureau', ar: 'المكتب', en: 'office' }],
  [/\.date$/, { fr: 'date', ar: 'التاريخ', en: 'date' }],
  [/username|password/, { fr: 'identifiant ou mot de passe', ar: 'اسم المستخدم أو كلمة المرور', en: 'user name or password' }],
];

function fieldName(field) {
  const found = FIELDS.find(([pattern]) => pattern.test(field));
  return found ? pick(found[1]) : field;
}

/** The reason of a refusal, in the page's language (no sentence-final punctuation). */
export function refusalReason(err) {
  const details = err.details ?? {};
  const reason = BY_REASON[details.reason] ?? BY_CODE[err.code] ?? { fr: `refusé (${err.code})`, ar: `مرفوض (${err.code})`, en: `refused (${err.code})` };
  const text = pick(reason);
  return typeof details.field === 'string' ? `${text} — ${fieldName(details.field)}` : text;
}
