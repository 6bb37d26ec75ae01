import type { LocalizedName } from '../calendar/types.js';
import type { DocumentRequestStatus } from './document-request.js';

/** What the citizen reads for each status, in the platform's three languages. */
export const STATUS_LABELS: Readonly<Record<DocumentRequestStatus, LocalizedName>> = {
  submitted: { fr: 'Demande reçue', ar: 'تم استلام الطلب', en: 'Request received' },
  in_review: { fr: 'En cours d’examen', ar: 'قيد الدراسة', en: 'Under review' },
  awaiting_citizen: {
    fr: 'En attente de vos compléments',
    ar: 'في انتظار معلومات إضافية منكم',
    en: 'Waiting for information from you',
  },
  in_production: { fr: 'Document en préparation', ar: 'الوثيقة قيد الإعداد', en: 'Document being prepared' },
  ready: { fr: 'Document prêt à être retiré', ar: 'الوثيقة جاهزة للسحب', en: 'Document ready for collection' },
  delivered: { fr: 'Document remis', ar: 'تم تسليم الوثيقة', en: 'Document delivered' },
  closed: { fr: 'Dossier clôturé', ar: 'تم إغلاق الملف', en: 'Case closed' },
  rejected: { fr: 'Demande refusée', ar: 'تم رفض الطلب', en: 'Request rejected' },
  withdrawn: { fr: 'Demande retirée', ar: 'تم سحب الطلب', en: 'Request withdrawn' },
};

export function statusLabel(status: string): LocalizedName {
  return (STATUS_LABELS as Record<string, LocalizedName>)[status] ?? { fr: status, ar: status, en: status };
}
