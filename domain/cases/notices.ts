import type { LocalizedName } from '../calendar/types.js';
import type { TimeZone } from '../calendar/zone-rules.js';
import { toLocalDate } from '../calendar/zoned-time.js';
import type { EscalationRole } from '../sla/policy.js';
import type { SilenceEffect } from '../sla/policy.js';
import type { StaffRole } from './actor.js';

export type NoticeAudience = 'citizen' | EscalationRole;

/** A notice to a person, recorded with the event that caused it. */
export interface CaseNotice {
  audience: NoticeAudience;
  message: LocalizedName;
}

const percent = (fraction: number) => `${Math.round(fraction * 100)} %`;

/** The civil date of an instant in the case's legal time, for messages. */
function day(instant: string | null, zone: TimeZone): string {
  if (!instant) return '—';
  return toLocalDate(instant, zone);
}

/** The texts of the notices every SLA milestone and citizen-facing change sends. */
export const notices = {
  needsAttention(trackingCode: string): CaseNotice[] {
    return [
      {
        audience: 'head_of_service',
        message: {
          fr: `Dossier ${trackingCode} : une étape n'a pas pu être enregistrée (données refusées). Le dossier demande votre attention.`,
          ar: `الملف ${trackingCode}: تعذر تسجيل إحدى المراحل (بيانات مرفوضة). الملف يتطلب انتباهكم.`,
          en: `Case ${trackingCode}: a step could not be recorded (data refused). The case needs your attention.`,
        },
      },
    ];
  },
  warning(trackingCode: string, fraction: number, dueAt: string | null, zone: TimeZone): CaseNotice[] {
    return [
      {
        audience: 'handler',
        message: {
          fr: `Dossier ${trackingCode} : ${percent(fraction)} du délai consommé, échéance le ${day(dueAt, zone)}.`,
          ar: `الملف ${trackingCode}: تم استهلاك ${percent(fraction)} من الأجل، آخر أجل ${day(dueAt, zone)}.`,
          en: `Case ${trackingCode}: ${percent(fraction)} of the time limit used, due ${day(dueAt, zone)}.`,
        },
      },
    ];
  },
  breach(trackingCode: string, dueAt: string | null, zone: TimeZone): CaseNotice[] {
    return [
      {
        audience: 'handler',
        message: {
          fr: `Dossier ${trackingCode} : délai dépassé (échéance ${day(dueAt, zone)}).`,
          ar: `الملف ${trackingCode}: تم تجاوز الأجل (${day(dueAt, zone)}).`,
          en: `Case ${trackingCode}: deadline missed (due ${day(dueAt, zone)}).`,
        },
      },
    ];
  },
  escalation(trackingCode: string, level: number, notify: EscalationRole, dueAt: string | null, zone: TimeZone): CaseNotice[] {
    return [
      {
        audience: notify,
        message: {
          fr: `Escalade niveau ${level} : le dossier ${trackingCode} a dépassé son échéance du ${day(dueAt, zone)}.`,
          ar: `تصعيد من المستوى ${level}: تجاوز الملف ${trackingCode} أجله المحدد في ${day(dueAt, zone)}.`,
          en: `Escalation level ${level}: case ${trackingCode} is past its ${day(dueAt, zone)} deadline.`,
        },
      },
    ];
  },
  implicitDecision(trackingCode: string, effect: Exclude<SilenceEffect, 'none'>, legalBasis: string): CaseNotice[] {
    const refusal = effect === 'implicit_refusal';
    const citizen: LocalizedName = refusal
      ? {
          fr: `Sans réponse dans le délai légal, votre demande ${trackingCode} est réputée refusée (${legalBasis}). Vous pouvez former un recours.`,
          ar: `في غياب رد داخل الأجل القانوني، يعتبر طلبكم ${trackingCode} مرفوضا (${legalBasis}). يمكنكم تقديم تظلم.`,
          en: `With no answer within the legal time limit, your request ${trackingCode} is deemed refused (${legalBasis}). You may appeal.`,
        }
      : {
          fr: `Sans réponse dans le délai légal, votre demande ${trackingCode} est réputée acceptée (${legalBasis}).`,
          ar: `في غياب رد داخل الأجل القانوني، يعتبر طلبكم ${trackingCode} مقبولا (${legalBasis}).`,
          en: `With no answer within the legal time limit, your request ${trackingCode} is deemed accepted (${legalBasis}).`,
        };
    return [
      { audience: 'citizen', message: citizen },
      { audience: 'handler', message: { fr: `Dossier ${trackingCode} : ${citizen.fr}`, ar: `الملف ${trackingCode}: ${citizen.ar}`, en: `Case ${trackingCode}: ${citizen.en}` } },
    ];
  },
  /** `next` says where the citizen may turn from here (a complaint, the CDAI, the Médiateur). */
  statusChanged(trackingCode: string, label: LocalizedName, next?: LocalizedName): CaseNotice[] {
    const then = (text: string | undefined) => (text ? ` ${text}` : '');
    return [
      {
        audience: 'citizen',
        message: {
          fr: `Votre demande ${trackingCode} : ${label.fr}.${then(next?.fr)}`,
          ar: `طلبكم ${trackingCode}: ${label.ar}.${then(next?.ar)}`,
          en: `Your request ${trackingCode}: ${label.en}.${then(next?.en)}`,
        },
      },
    ];
  },
  transferred(trackingCode: string, entityCode: string): CaseNotice[] {
    return [
      {
        audience: 'citizen',
        message: {
          fr: `Votre demande ${trackingCode} a été transférée à l’entité concernée (${entityCode}), qui la traitera dans les mêmes délais.`,
          ar: `تمت إحالة طلبكم ${trackingCode} إلى الجهة المعنية (${entityCode})، التي ستعالجه داخل نفس الآجال.`,
          en: `Your request ${trackingCode} was transferred to the entity concerned (${entityCode}), which will handle it within the same time limits.`,
        },
      },
    ];
  },
  deadlineExtended(trackingCode: string, reason: LocalizedName, dueAt: string | null, zone: TimeZone): CaseNotice[] {
    return [
      {
        audience: 'citizen',
        message: {
          fr: `Le délai de votre demande ${trackingCode} est prorogé jusqu’au ${day(dueAt, zone)}. Motif : ${reason.fr}`,
          ar: `تم تمديد أجل طلبكم ${trackingCode} إلى غاية ${day(dueAt, zone)}. السبب: ${reason.ar}`,
          en: `The time limit of your request ${trackingCode} is extended to ${day(dueAt, zone)}. Reason: ${reason.en}`,
        },
      },
    ];
  },
  dueRecomputed(trackingCode: string, reason: LocalizedName, dueAt: string | null, zone: TimeZone): CaseNotice[] {
    return [
      {
        audience: 'citizen',
        message: {
          fr: `Nouvelle date limite pour votre demande ${trackingCode} : ${day(dueAt, zone)}. ${reason.fr}`,
          ar: `أجل جديد لطلبكم ${trackingCode}: ${day(dueAt, zone)}. ${reason.ar}`,
          en: `New due date for your request ${trackingCode}: ${day(dueAt, zone)}. ${reason.en}`,
        },
      },
    ];
  },
};

/**
 * A definition's notice with the case's facts in its `{placeholders}` (an appointment's day, hour
 * and place); a fact given in three languages (a holiday's name) is read in the notice's.
 */
export function withFacts(text: LocalizedName, facts: Readonly<Record<string, unknown>>): LocalizedName {
  const fill = (t: string, language: keyof LocalizedName) =>
    t.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = facts[name];
      if (typeof value === 'string' || typeof value === 'number') return String(value);
      const localized = value && typeof value === 'object' ? (value as Partial<LocalizedName>)[language] : undefined;
      return typeof localized === 'string' ? localized : whole;
    });
  return { fr: fill(text.fr, 'fr'), ar: fill(text.ar, 'ar'), en: fill(text.en, 'en') };
}

interface MeetingFacts {
  localDate?: unknown;
  localStart?: unknown;
  place?: unknown;
}

const at = (f: MeetingFacts) => ({ date: String(f.localDate ?? '—'), time: String(f.localStart ?? '—'), place: String(f.place ?? '—') });

/** What appointments tell the citizen beyond their status. */
export const meetingNotices = {
  reminder(trackingCode: string, facts: MeetingFacts): CaseNotice[] {
    const { date, time, place } = at(facts);
    return [
      {
        audience: 'citizen',
        message: {
          fr: `Rappel — rendez-vous ${trackingCode} le ${date} à ${time} : ${place}.`,
          ar: `تذكير — الموعد ${trackingCode} يوم ${date} على الساعة ${time}: ${place}.`,
          en: `Reminder — appointment ${trackingCode} on ${date} at ${time}: ${place}.`,
        },
      },
    ];
  },
  rescheduled(trackingCode: string, facts: MeetingFacts): CaseNotice[] {
    const { date, time, place } = at(facts);
    return [
      {
        audience: 'citizen',
        message: {
          fr: `Votre rendez-vous ${trackingCode} est déplacé au ${date} à ${time} : ${place}.`,
          ar: `تم تغيير موعدكم ${trackingCode} إلى يوم ${date} على الساعة ${time}: ${place}.`,
          en: `Your appointment ${trackingCode} moved to ${date} at ${time}: ${place}.`,
        },
      },
    ];
  },
};

/** Why a case recomputes when it finds the calendar changed under it at submission. */
export const CALENDAR_UPDATED: LocalizedName = {
  fr: 'Le calendrier des jours fériés a été mis à jour.',
  ar: 'تم تحيين جدول أيام العطل.',
  en: 'The calendar of public holidays was updated.',
};

/** Which notices each staff role reads: the head of service is the supervisor role. */
export const AUDIENCES_OF_ROLE: Readonly<Record<StaffRole, readonly NoticeAudience[]>> = {
  handler: ['handler'],
  supervisor: ['handler', 'head_of_service'],
  manager: ['manager'],
  admin: [],
};
