import type { GroupBy } from './periods.js';
import type { Stability } from './stability.js';
import type { AgeBand } from './age-bands.js';

/*
 * The statistics contract (issue 9) shared by the stats API, the volume generator and the
 * dashboard page: the tables and their rows, by name.
 */

export const STATS_TABLES = [
  'volume',
  'compliance',
  'processing_times',
  'backlog',
  'breaches',
  'escalations',
  'extensions',
  'outcomes',
  'appointments',
  'handlers',
  'complaints_monthly',
] as const;
export type StatsTable = (typeof STATS_TABLES)[number];

export function isStatsTable(name: string): name is StatsTable {
  return (STATS_TABLES as readonly string[]).includes(name);
}

/** The case types counted as complaints in the monthly complaint volume. */
export const COMPLAINT_CASE_TYPES = ['complaint', 'information_complaint'] as const;

export interface StatsFilters {
  from: string;
  to: string;
  groupBy: GroupBy;
  entity: string | null;
  serviceId: string | null;
  caseType: string | null;
  officeId: string | null;
}

export interface VolumeRow {
  period: string;
  submitted: number;
  finished: number;
}

export interface ComplianceRow {
  caseType: string;
  clock: string;
  finished: number;
  /** null below the minimum sample, with its share: beside `finished` it would tell the share */
  withinLegal: number | null;
  withinLegalShare: number | null;
  withinTarget: number | null;
  withinTargetShare: number | null;
}

export interface ProcessingTimeRow {
  caseType: string;
  finished: number;
  p50WorkingDays: number | null;
  p90WorkingDays: number | null;
  p95WorkingDays: number | null;
  p50CalendarDays: number | null;
  p90CalendarDays: number | null;
  p95CalendarDays: number | null;
}

export interface BacklogRow {
  ageBand: AgeBand;
  open: number;
  atRisk: number;
  breached: number;
}

export interface BreachRow {
  serviceId: string;
  serviceCode: string;
  serviceName: string;
  clock: string;
  count: number;
}

export interface EscalationRow {
  level: number;
  count: number;
}

export interface ExtensionRow {
  caseType: string;
  granted: number;
}

export interface OutcomeRow {
  outcome: string;
  count: number;
}

export interface AppointmentRow {
  booked: number;
  attended: number;
  noShow: number;
  cancelled: number;
  noShowRate: number | null;
  medianWaitDays: number | null;
}

export interface HandlerRow {
  handlerId: string;
  username: string;
  open: number;
  finished: number;
  medianWorkingDays: number | null;
  breaches: number;
}

export interface ComplaintMonthRow {
  month: string;
  submitted: number;
  changeFromPrevious: number | null;
}

export interface StatsTables {
  volume: VolumeRow[];
  compliance: ComplianceRow[];
  processing_times: ProcessingTimeRow[];
  backlog: BacklogRow[];
  breaches: BreachRow[];
  escalations: EscalationRow[];
  extensions: ExtensionRow[];
  outcomes: OutcomeRow[];
  appointments: AppointmentRow[];
  handlers: HandlerRow[];
  complaints_monthly: ComplaintMonthRow[];
}

export interface LiveCounters {
  backlog: number;
  atRisk: number;
  breached: number;
}

export interface StatsAnswer {
  filters: StatsFilters;
  minSample: number;
  generatedAt: string;
  tables: StatsTables;
  complaintStability: Stability;
  live: LiveCounters;
}
