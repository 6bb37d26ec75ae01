import { Type } from 'typebox';
import { PUBLIC_STATS_TABLES } from '../../domain/stats/public.js';
import { LocalizedText, Uuid } from './common.js';

const Month = (description: string) => Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$', maxLength: 7, description });
const Count = Type.Integer({ minimum: 0 });
const Share = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'in [0, 1]; null when it would rest on fewer cases than `minSample`' });

const filterFields = {
  entity: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,60}$', description: 'entity code (GET /api/v1/services lists them); without it, every entity as a whole' })),
  serviceId: Type.Optional(Uuid),
  from: Type.Optional(Month('first month, inclusive (Moroccan legal time); default: twelve months before `to`')),
  to: Type.Optional(Month('last month, inclusive, a finished one; default: the last finished month')),
};

export const PublicStatsQuery = Type.Object(filterFields, { additionalProperties: false });

export const PublicStatsTableQuery = Type.Object(
  { ...filterFields, format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'json (default) or csv' })) },
  { additionalProperties: false },
);

export const PublicStatsTableParams = Type.Object(
  { table: Type.String({ pattern: '^[a-z_]{1,40}$', description: PUBLIC_STATS_TABLES.join(', ') }) },
  { additionalProperties: false },
);

export const PublicRows = {
  volume: Type.Object({ month: Type.String(), submitted: Count, finished: Count }, { description: 'cases submitted, and cases closed, in each month' }),
  deadlines: Type.Object(
    { caseType: Type.String(), clock: Type.String(), finished: Count, withinLegalShare: Share },
    { description: 'per case type and legal clock, the clocks that stopped in the period and the share never breached' },
  ),
  processing_times: Type.Object(
    { caseType: Type.String(), finished: Count, medianWorkingDays: Type.Union([Type.Number(), Type.Null()], { description: 'submission to close, working days; null below `minSample`' }) },
    { description: 'cases closed in the period' },
  ),
  appointments: Type.Object(
    { booked: Count, concluded: Count, noShowRate: Share },
    { description: 'booked in the period; concluded = attended or missed in it, the base of the no-show rate' },
  ),
  complaints: Type.Object({ month: Type.String(), submitted: Count }, { description: 'complaints (and complaints about an information request) submitted in each month' }),
};

const Figures = Type.Object({
  volume: Type.Array(PublicRows.volume),
  deadlines: Type.Array(PublicRows.deadlines),
  processingTimes: Type.Array(PublicRows.processing_times),
  appointments: Type.Union([PublicRows.appointments, Type.Null()], { description: 'null for a service that books no appointment' }),
  complaints: Type.Union([Type.Array(PublicRows.complaints), Type.Null()], { description: 'null for a service that takes no complaint' }),
});

const Entity = Type.Object({ code: Type.String(), names: LocalizedText });
const Service = Type.Object({ id: Type.String(), code: Type.String(), caseType: Type.String(), names: LocalizedText });

export const PublicStatsAnswer = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  filters: Type.Object({ entity: Type.Union([Type.String(), Type.Null()]), serviceId: Type.Union([Type.String(), Type.Null()]) }),
  minSample: Type.Integer(),
  items: Type.Array(Type.Object({ entity: Entity, service: Type.Union([Service, Type.Null()]), figures: Figures })),
});
