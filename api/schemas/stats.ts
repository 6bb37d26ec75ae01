import { Type } from 'typebox';
import { CASE_DEFINITIONS } from '../../domain/cases/machines.js';
import { GROUP_BYS } from '../../domain/stats/periods.js';
import { AGE_BANDS } from '../../domain/stats/age-bands.js';
import { Uuid } from './common.js';

const LocalDate = (description: string) => Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10, description });
const Count = Type.Integer({ minimum: 0 });
const Share = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'in [0, 1]; null below the minimum sample' });
const Figure = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

/** Who and what the live counters count: the statistics' filters but the period. */
const scopeFields = {
  entity: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,60}$', description: 'entity code; managers and supervisors: their own (the default)' })),
  serviceId: Type.Optional(Uuid),
  caseType: Type.Optional(Type.Enum(Object.keys(CASE_DEFINITIONS), { description: 'a registered case type' })),
  officeId: Type.Optional(Uuid),
};

const periodFields = {
  from: Type.Optional(LocalDate('first local date (Africa/Casablanca), inclusive; default: the first day of the month eleven months before the month of `to`')),
  to: Type.Optional(LocalDate('last local date, inclusive; default: today')),
  groupBy: Type.Optional(Type.Union(GROUP_BYS.map((g) => Type.Literal(g)), { description: 'day, week (ISO) or month (default)' })),
};

export const StatsQuery = Type.Object({ ...periodFields, ...scopeFields }, { additionalProperties: false });

export const StatsTableQuery = Type.Object(
  { ...periodFields, ...scopeFields, format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'json (default) or csv' })) },
  { additionalProperties: false },
);

export const LiveQuery = Type.Object(scopeFields, { additionalProperties: false });

export const StatsTableParams = Type.Object(
  { table: Type.String({ pattern: '^[a-z_]{1,40}$', description: 'volume, compliance, processing_times, backlog, breaches, escalations, extensions, outcomes, appointments, handlers or complaints_monthly' }) },
  { additionalProperties: false },
);

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const StatsFilters = Type.Object({
  from: Type.String(),
  to: Type.String(),
  groupBy: Type.String(),
  entity: Nullable(Type.String()),
  serviceId: Nullable(Type.String()),
  caseType: Nullable(Type.String()),
  officeId: Nullable(Type.String()),
});

export const StatsRows = {
  volume: Type.Object({ period: Type.String({ description: "'2026-11-30' (day), '2026-W48' (ISO week) or '2026-11' (month)" }), submitted: Count, finished: Count }),
  compliance: Type.Object({
    caseType: Type.String(),
    clock: Type.String(),
    finished: Count,
    withinLegal: Type.Union([Count, Type.Null()], { description: 'null below the minimum sample (beside finished it would tell the share)' }),
    withinLegalShare: Share,
    withinTarget: Type.Union([Count, Type.Null()], { description: 'null when no service of the row set an internal target, or below the minimum sample' }),
    withinTargetShare: Share,
  }),
  processing_times: Type.Object({
    caseType: Type.String(),
    finished: Count,
    p50WorkingDays: Figure('null below the minimum sample'),
    p90WorkingDays: Figure('null below the minimum sample'),
    p95WorkingDays: Figure('null below the minimum sample'),
    p50CalendarDays: Figure('elapsed days; null below the minimum sample'),
    p90CalendarDays: Figure('elapsed days; null below the minimum sample'),
    p95CalendarDays: Figure('elapsed days; null below the minimum sample'),
  }),
  backlog: Type.Object({ ageBand: Type.Union(AGE_BANDS.map((b) => Type.Literal(b.label))), open: Count, atRisk: Count, breached: Count }),
  breaches: Type.Object({ serviceId: Type.String(), serviceCode: Type.String(), serviceName: Type.String(), clock: Type.String(), count: Count }),
  escalations: Type.Object({ level: Type.Integer(), count: Count }),
  extensions: Type.Object({ caseType: Type.String(), granted: Count }),
  outcomes: Type.Object({ outcome: Type.String(), count: Count }),
  appointments: Type.Object({
    booked: Count,
    attended: Count,
    noShow: Count,
    cancelled: Count,
    noShowRate: Share,
    medianWaitDays: Figure('days from booking to the first free slot; null below the minimum sample'),
  }),
  handlers: Type.Object({ handlerId: Type.String(), username: Type.String(), open: Count, finished: Count, medianWorkingDays: Figure('working days'), breaches: Count }),
  complaints_monthly: Type.Object({ month: Type.String(), submitted: Count, changeFromPrevious: Figure('(this month − the previous) / the previous; null when the previous is below the minimum sample') }),
};

export const LiveCounters = Type.Object({ backlog: Count, atRisk: Count, breached: Count });

export const StatsAnswer = Type.Object({
  filters: StatsFilters,
  minSample: Type.Integer(),
  generatedAt: Type.String({ format: 'date-time' }),
  tables: Type.Object({
    volume: Type.Array(StatsRows.volume),
    compliance: Type.Array(StatsRows.compliance),
    processing_times: Type.Array(StatsRows.processing_times),
    backlog: Type.Array(StatsRows.backlog),
    breaches: Type.Array(StatsRows.breaches),
    escalations: Type.Array(StatsRows.escalations),
    extensions: Type.Array(StatsRows.extensions),
    outcomes: Type.Array(StatsRows.outcomes),
    appointments: Type.Array(StatsRows.appointments),
    handlers: Type.Array(StatsRows.handlers),
    complaints_monthly: Type.Array(StatsRows.complaints_monthly),
  }),
  complaintStability: Type.Object({
    months: Type.Integer(),
    mean: Figure('complaints per month'),
    coefficientOfVariation: Figure('standard deviation / mean; null when the twelve months hold fewer complaints than the minimum sample'),
    trendPerMonth: Figure('least-squares slope, complaints per month'),
  }),
  live: LiveCounters,
});

export const LiveAnswer = Type.Object({ backlog: Count, atRisk: Count, breached: Count, at: Type.String({ format: 'date-time' }) });
