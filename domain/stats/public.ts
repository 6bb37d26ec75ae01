import type { IsoDate } from '../calendar/types.js';
import { caseDefinition } from '../cases/machines.js';
import type { LocalizedName } from '../calendar/types.js';
import { COMPLAINT_CASE_TYPES } from './tables.js';
import { monthEnd, monthStartBefore } from './periods.js';

/*
 * The public statistics (issue 10): the managers' figures of an entity and its services, narrowed
 * to what anyone may read — no handler, no internal target, and no count from which a withheld
 * share could be worked out again.
 */

/**
 * Figures published for everyone rest on at least this many cases (or STATS_MIN_SAMPLE, when
 * higher): a reader compares services and entities side by side on a share or a median, which
 * one case moves by ten points out of ten, and rarely by five out of twenty.
 */
export const DEFAULT_PUBLIC_MIN_SAMPLE = 20;

/** The longest range one request may cover: ten years of months. */
export const MAX_PUBLIC_MONTHS = 120;
export const FIRST_PUBLIC_MONTH = '2000-01';

export const PUBLIC_STATS_TABLES = ['volume', 'deadlines', 'processing_times', 'appointments', 'complaints'] as const;
export type PublicStatsTable = (typeof PUBLIC_STATS_TABLES)[number];

export function isPublicStatsTable(name: string): name is PublicStatsTable {
  return (PUBLIC_STATS_TABLES as readonly string[]).includes(name);
}

export interface PublicVolumeRow {
  month: string;
  submitted: number;
  finished: number;
}

/** A clock that stopped in the period; the share is null below the minimum sample (and no count of the late ones is given). */
export interface PublicDeadlineRow {
  caseType: string;
  clock: string;
  finished: number;
  withinLegalShare: number | null;
}

export interface PublicProcessingRow {
  caseType: string;
  finished: number;
  medianWorkingDays: number | null;
}

/** `concluded` = attended + no-shows, the base of the rate. */
export interface PublicAppointmentFigures {
  booked: number;
  concluded: number;
  noShowRate: number | null;
}

export interface PublicComplaintRow {
  month: string;
  submitted: number;
}

/** `appointments` and `complaints` are null for a service whose cases are never appointments or complaints. */
export interface PublicFigures {
  volume: PublicVolumeRow[];
  deadlines: PublicDeadlineRow[];
  processingTimes: PublicProcessingRow[];
  appointments: PublicAppointmentFigures | null;
  complaints: PublicComplaintRow[] | null;
}

export interface PublicEntity {
  code: string;
  names: LocalizedName;
}

export interface PublicService {
  id: string;
  code: string;
  caseType: string;
  names: LocalizedName;
}

/** One row of the answer: an entity as a whole (service null), or one of its services. */
export interface PublicStatsItem {
  entity: PublicEntity;
  service: PublicService | null;
  figures: PublicFigures;
}

export interface PublicPeriod {
  /** first month, YYYY-MM, inclusive */
  from: string;
  /** last month, YYYY-MM, inclusive */
  to: string;
}

export interface PublicStatsAnswer {
  period: PublicPeriod;
  filters: { entity: string | null; serviceId: string | null };
  minSample: number;
  items: PublicStatsItem[];
}

/** The threshold public figures use: the public one, never below the managers'. */
export function publicMinSample(statsMinSample: number, configured: number = DEFAULT_PUBLIC_MIN_SAMPLE): number {
  return Math.max(statsMinSample, configured);
}

/** The last month whose every day is over: figures of a month still running would change under a cache. */
export function lastFullMonth(today: IsoDate): string {
  return monthStartBefore(today, 1).slice(0, 7);
}

/** Without `from`/`to`: the twelve last full months. */
export function defaultPublicPeriod(today: IsoDate): PublicPeriod {
  return { from: monthStartBefore(today, 12).slice(0, 7), to: lastFullMonth(today) };
}

export function monthCount(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
}

/** The period as the local dates the managers' statistics take. */
export function periodDates(period: PublicPeriod): { from: IsoDate; to: IsoDate } {
  return { from: `${period.from}-01`, to: monthEnd(`${period.to}-01`) };
}

/** The case types a service's cases may have: its own, and the one it opens (an information request's complaint). */
export function caseTypesOfService(caseType: string): string[] {
  const linked = caseDefinition(caseType)?.linked;
  return linked ? [caseType, linked] : [caseType];
}

export function countsComplaints(caseTypes: readonly string[]): boolean {
  return caseTypes.some((t) => (COMPLAINT_CASE_TYPES as readonly string[]).includes(t));
}

export function booksAppointments(caseTypes: readonly string[]): boolean {
  return caseTypes.some((t) => caseDefinition(t)?.booking !== undefined);
}
