import type { LocalizedName } from '../calendar/types.js';
import type { NoticeLanguage } from './contact.js';

export interface NoticeText {
  subject: string;
  body: string;
}

const SUBJECT: Record<NoticeLanguage, (trackingCode: string) => string> = {
  fr: (code) => `Khidma — dossier ${code}`,
  ar: (code) => `خدمة — الملف ${code}`,
  en: (code) => `Khidma — case ${code}`,
};

const FOOTER: Record<NoticeLanguage, string> = {
  fr: 'Message automatique de Khidma : merci de ne pas y répondre.',
  ar: 'رسالة آلية من منصة خدمة، المرجو عدم الرد عليها.',
  en: 'An automatic message from Khidma: please do not reply.',
};

/** A notice as one person reads it: in their language, the subject naming the case. */
export function noticeText(message: LocalizedName, language: NoticeLanguage, trackingCode: string): NoticeText {
  const text = message[language] || message.fr;
  return { subject: SUBJECT[language](trackingCode), body: `${text}\n\n${FOOTER[language]}\n` };
}

/** An SMS carries the notice alone, which already names the case. */
export function smsText(message: LocalizedName, language: NoticeLanguage): string {
  return `Khidma: ${message[language] || message.fr}`;
}
