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

/** What staff read for each status: the same state seen from the administration's side. */
export const STAFF_STATUS_LABELS: Readonly<Record<DocumentRequestStatus, LocalizedName>> = {
  submitted: { fr: 'Nouvelle demande', ar: 'طلب جديد', en: 'New request' },
  in_review: { fr: 'En instruction', ar: 'قيد الدراسة', en: 'Under review' },
  awaiting_citizen: { fr: 'En attente du demandeur', ar: 'في انتظار صاحب الطلب', en: 'Waiting for the applicant' },
  in_production: { fr: 'Document en préparation', ar: 'الوثيقة قيد الإعداد', en: 'Document being prepared' },
  ready: { fr: 'Prêt à remettre', ar: 'جاهزة للتسليم', en: 'Ready to hand over' },
  delivered: { fr: 'Remis au demandeur', ar: 'سُلّمت لصاحب الطلب', en: 'Handed over' },
  closed: { fr: 'Clôturé', ar: 'مغلق', en: 'Closed' },
  rejected: { fr: 'Rejeté', ar: 'مرفوض', en: 'Rejected' },
  withdrawn: { fr: 'Retiré par le demandeur', ar: 'سحبه صاحب الطلب', en: 'Withdrawn by the applicant' },
};

export type LabelAudience = 'citizen' | 'staff';

export function statusLabel(status: string, audience: LabelAudience = 'citizen'): LocalizedName {
  const labels: Record<string, LocalizedName> = audience === 'staff' ? STAFF_STATUS_LABELS : STATUS_LABELS;
  return labels[status] ?? { fr: status, ar: status, en: status };
}
