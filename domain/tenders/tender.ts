import type { LocalizedName } from '../calendar/types.js';
import type { IsoDate } from '../calendar/types.js';

/**
 * A call for tenders (appel d'offres) as the public reads it. Its status is never stored: it is
 * derived from the dates and facts at the instant it is read, so it moves with time by itself.
 */

export const TENDER_CATEGORIES = ['travaux', 'fournitures', 'services', 'etudes'] as const;
export type TenderCategory = (typeof TENDER_CATEGORIES)[number];

/** Procedures of the public procurement decree (2-22-431). */
export const TENDER_PROCEDURES = [
  'appel_offres_ouvert',
  'appel_offres_restreint',
  'appel_offres_preselection',
  'concours',
  'negocie',
  'consultation_architecturale',
  'bon_de_commande',
] as const;
export type TenderProcedure = (typeof TENDER_PROCEDURES)[number];

export const TENDER_STATUSES = ['open', 'closing_soon', 'closed', 'awarded', 'cancelled'] as const;
export type TenderStatus = (typeof TENDER_STATUSES)[number];

export const CATEGORY_LABELS: Record<TenderCategory, LocalizedName> = {
  travaux: { fr: 'Travaux', ar: 'أشغال', en: 'Works' },
  fournitures: { fr: 'Fournitures', ar: 'توريدات', en: 'Supplies' },
  services: { fr: 'Services', ar: 'خدمات', en: 'Services' },
  etudes: { fr: 'Études', ar: 'دراسات', en: 'Studies' },
};

export const PROCEDURE_LABELS: Record<TenderProcedure, LocalizedName> = {
  appel_offres_ouvert: { fr: 'Appel d’offres ouvert', ar: 'طلب عروض مفتوح', en: 'Open call for tenders' },
  appel_offres_restreint: { fr: 'Appel d’offres restreint', ar: 'طلب عروض محدود', en: 'Restricted call for tenders' },
  appel_offres_preselection: { fr: 'Appel d’offres avec présélection', ar: 'طلب عروض بالانتقاء المسبق', en: 'Call for tenders with prequalification' },
  concours: { fr: 'Concours', ar: 'مباراة', en: 'Design contest' },
  negocie: { fr: 'Procédure négociée', ar: 'مسطرة تفاوضية', en: 'Negotiated procedure' },
  consultation_architecturale: { fr: 'Consultation architecturale', ar: 'استشارة معمارية', en: 'Architectural consultation' },
  bon_de_commande: { fr: 'Bon de commande', ar: 'سند طلب', en: 'Purchase order' },
};

export const STATUS_LABELS: Record<TenderStatus, LocalizedName> = {
  open: { fr: 'Ouvert', ar: 'مفتوح', en: 'Open' },
  closing_soon: { fr: 'Clôture proche', ar: 'قرب أجل الإيداع', en: 'Closing soon' },
  closed: { fr: 'Clos', ar: 'مغلق', en: 'Closed' },
  awarded: { fr: 'Attribué', ar: 'تم الإسناد', en: 'Awarded' },
  cancelled: { fr: 'Annulé', ar: 'ملغى', en: 'Cancelled' },
};

/** The window before the deadline in which a call reads "closing soon", unless configured otherwise. */
export const DEFAULT_CLOSING_SOON_DAYS = 7;
const DAY_MS = 86_400_000;

export interface TenderLot {
  number: number;
  objectFr: string;
  objectAr: string;
  estimateCentimes: number | null;
  guaranteeCentimes: number | null;
}

/**
 * A file of the tender's dossier (DCE). `url` is where the import said it lives, kept as given;
 * null when the platform holds the file itself and serves it (seeded dossiers), so such a link
 * cannot break.
 */
export interface TenderDocument {
  fileName: string;
  sizeBytes: number;
  url: string | null;
}

export interface TenderAward {
  awardee: string;
  amountCentimes: number;
  awardedOn: IsoDate;
}

/** What the status is derived from. */
export interface TenderFacts {
  deadlineAt: number;
  cancelledOn: IsoDate | null;
  award: TenderAward | null;
}

/**
 * The status at `nowMs`: a cancellation or a known award is final; otherwise the deadline
 * decides, "closing soon" from `closingSoonDays` before it.
 */
export function tenderStatus(facts: TenderFacts, nowMs: number, closingSoonDays: number = DEFAULT_CLOSING_SOON_DAYS): TenderStatus {
  if (facts.cancelledOn !== null) return 'cancelled';
  if (facts.award !== null) return 'awarded';
  if (nowMs >= facts.deadlineAt) return 'closed';
  return facts.deadlineAt - nowMs <= closingSoonDays * DAY_MS ? 'closing_soon' : 'open';
}

/** Where a status's calls sit on the deadline axis at `nowMs`: what a database query filters on. */
export function statusDeadlineWindow(status: 'open' | 'closing_soon' | 'closed', nowMs: number, closingSoonDays: number): { after?: number; atOrBefore?: number } {
  const soon = nowMs + closingSoonDays * DAY_MS;
  if (status === 'closed') return { atOrBefore: nowMs };
  if (status === 'closing_soon') return { after: nowMs, atOrBefore: soon };
  return { after: soon };
}

/**
 * The form of a reference in a URL: the reference percent-encoded as one path segment
 * (encodeURIComponent), so "AO N° 12/2026/MJ" is "AO%20N%C2%B0%2012%2F2026%2FMJ".
 */
export function referencePath(reference: string): string {
  return encodeURIComponent(reference);
}
