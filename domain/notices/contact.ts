import type { NoticeAudience } from '../cases/notices.js';
import type { StaffRole } from '../cases/actor.js';

export const NOTICE_LANGUAGES = ['fr', 'ar', 'en'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];

export const CONTACT_CHANNELS = ['email', 'sms'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** Staff read their notices in French: there is no per-person language setting yet. */
export const STAFF_LANGUAGE: NoticeLanguage = 'fr';

/** The applicant fields notices depend on, as stored with the case (older cases carry neither choice). */
export interface ApplicantContact {
  phone?: unknown;
  email?: unknown;
  language?: unknown;
  contactBy?: unknown;
}

export interface ContactPreferences {
  language: NoticeLanguage;
  channels: ContactChannel[];
}

const isLanguage = (value: unknown): value is NoticeLanguage => NOTICE_LANGUAGES.includes(value as NoticeLanguage);
const given = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/**
 * How a citizen is told: in the language they chose (French unless said), on the channels they
 * chose; without a choice, on every channel they gave an address for. An empty choice means
 * "no messages": the citizen follows the case on its page.
 */
export function contactPreferences(applicant: ApplicantContact): ContactPreferences {
  const language = isLanguage(applicant.language) ? applicant.language : 'fr';
  const chosen = Array.isArray(applicant.contactBy) ? applicant.contactBy : null;
  const channels = CONTACT_CHANNELS.filter((channel) =>
    chosen ? chosen.includes(channel) : channel === 'email' ? given(applicant.email) : given(applicant.phone),
  );
  return { language, channels };
}

/** Why a choice of channels cannot be honoured, naming the field to fix; null when it can. */
export function contactProblem(applicant: ApplicantContact): { field: string; message: string } | null {
  const chosen = Array.isArray(applicant.contactBy) ? applicant.contactBy : [];
  if (chosen.includes('email') && !given(applicant.email)) {
    return { field: 'applicant.contactBy', message: 'applicant.contactBy: "email" needs applicant.email' };
  }
  if (chosen.includes('sms') && !given(applicant.phone)) {
    return { field: 'applicant.contactBy', message: 'applicant.contactBy: "sms" needs applicant.phone' };
  }
  return null;
}

/** Which staff accounts a notice to an audience goes to: the case's assignee, or every holder of these roles at the entity. */
export function staffRecipientsOf(audience: Exclude<NoticeAudience, 'citizen'>, assigneeId: string | null): { userId: string } | { roles: StaffRole[] } {
  if (audience === 'handler') return assigneeId ? { userId: assigneeId } : { roles: ['handler', 'supervisor'] };
  return { roles: audience === 'head_of_service' ? ['supervisor'] : ['manager'] };
}
