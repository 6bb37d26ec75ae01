import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isPublicStatsTable, publicMinSample, PUBLIC_STATS_TABLES, type PublicStatsAnswer, type PublicStatsItem, type PublicStatsTable } from '../../domain/stats/public.js';
import { DEFAULT_MIN_SAMPLE } from '../../domain/stats/sample.js';
import { moroccanToday } from '../../store/slot-publication.js';
import { readPublicStatistics } from '../../store/stats/public-statistics.js';
import type { AppDeps } from '../app.js';
import { UnknownTable } from '../errors.js';
import type { PublicReadLimit } from '../plugins/public-cache.js';
import { errorResponses } from '../schemas/common.js';
import { PublicRows, PublicStatsAnswer as AnswerSchema, PublicStatsQuery, PublicStatsTableParams, PublicStatsTableQuery } from '../schemas/public-stats.js';
import { statsCsv } from '../stats/csv.js';
import { etagOf, noneMatch, sharedResults } from '../stats/http-cache.js';
import { resolvePublicStatsRequest, type PublicStatsParams } from '../stats/public-stats-request.js';

/** Figures of finished months change only when a closed case reopens: a CDN may keep them an hour. */
const CACHE_CONTROL = 'public, max-age=3600';
const DEFAULT_CACHE_MS = 60_000;

/** The rows of one table, each named by its entity and service (null: the entity as a whole). */
function tableRows(items: PublicStatsItem[], table: PublicStatsTable): Array<Record<string, unknown>> {
  return items.flatMap((item) => {
    const who = { entity: item.entity.code, serviceId: item.service?.id ?? null, serviceCode: item.service?.code ?? null };
    const f = item.figures;
    const rows: ReadonlyArray<object> =
      table === 'volume' ? f.volume : table === 'deadlines' ? f.deadlines : table === 'processing_times' ? f.processingTimes : table === 'appointments' ? (f.appointments ? [f.appointments] : []) : (f.complaints ?? []);
    return rows.map((row) => ({ ...who, ...row }));
  });
}

const TABLE_COLUMNS = (table: PublicStatsTable) => ['entity', 'serviceId', 'serviceCode', ...Object.keys(PublicRows[table].properties)];

/**
 * Public processing statistics (issue 10): no account, the managers' figures narrowed to what
 * anyone may read, cacheable by any CDN (ETag, Cache-Control, 304).
 */
export const publicStatsRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; publicReads: PublicReadLimit }> = async (app, { deps, publicReads }) => {
  const minSample = publicMinSample(deps.config.statsMinSample ?? DEFAULT_MIN_SAMPLE, deps.config.publicStatsMinSample);
  const shared = sharedResults<{ body: string; etag: string; fileName?: string }>(deps.config.publicStatsCacheMs ?? DEFAULT_CACHE_MS, 500);

  async function answer(request: FastifyRequest, params: PublicStatsParams): Promise<PublicStatsAnswer> {
    const today = moroccanToday();
    const asked = await resolvePublicStatsRequest(deps.prisma, params, today);
    const items = await readPublicStatistics(deps.prisma, { entityCode: asked.entityCode, serviceId: asked.serviceId }, asked.period, minSample, today);
    request.log.info({ entity: asked.entityCode, serviceId: asked.serviceId, from: asked.period.from, to: asked.period.to, items: items.length }, 'public statistics computed');
    return { period: asked.period, filters: { entity: asked.entityCode, serviceId: asked.serviceId }, minSample, items };
  }

  function send(request: FastifyRequest, reply: FastifyReply, result: { body: string; etag: string; fileName?: string }, type: string) {
    reply.header('etag', result.etag).header('cache-control', CACHE_CONTROL);
    if (noneMatch(request.headers['if-none-match'], result.etag)) return reply.code(304).send();
    if (result.fileName) reply.header('content-disposition', `attachment; filename="${result.fileName}"`);
    return reply.type(type).send(result.body);
  }

  const keyOf = (parts: Array<string | undefined>) => parts.map((p) => p ?? '').join('|');

  app.get(
    '/api/v1/public/stats',
    {
      onRequest: publicReads,
      schema: {
        tags: ['open data'],
        summary: 'Public processing statistics per entity and service: monthly volume, share within the legal deadline, median working days, no-show rate, monthly complaints',
        description:
          'No account. Without `entity`: every entity as a whole. With `entity`: the entity as a whole, then each of its services. With `serviceId`: that service. ' +
          'Finished months only (default: the twelve last). Shares, rates and medians resting on fewer than `minSample` cases are null. ETag and Cache-Control for caches; If-None-Match answers 304.',
        querystring: PublicStatsQuery,
        response: { 200: AnswerSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const result = await shared(keyOf(['all', moroccanToday(), q.entity, q.serviceId, q.from, q.to]), async () => {
        const body = JSON.stringify(await answer(request, q));
        return { body, etag: etagOf(body) };
      });
      return send(request, reply, result, 'application/json; charset=utf-8');
    },
  );

  app.get(
    '/api/v1/public/stats/:table',
    {
      onRequest: publicReads,
      schema: {
        tags: ['open data'],
        summary: 'One table of the public statistics, one row per entity or service (and month), as JSON ({ period, filters, minSample, items }) or CSV',
        params: PublicStatsTableParams,
        querystring: PublicStatsTableQuery,
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const { table } = request.params;
      if (!isPublicStatsTable(table)) throw new UnknownTable(`no public statistics table "${table}"; the tables are ${PUBLIC_STATS_TABLES.join(', ')}`, { tables: [...PUBLIC_STATS_TABLES] });
      const { format, ...params } = request.query;
      const csv = format === 'csv';
      const result = await shared(keyOf([table, format, moroccanToday(), params.entity, params.serviceId, params.from, params.to]), async () => {
        const whole = await answer(request, params);
        const items = tableRows(whole.items, table);
        if (!csv) {
          const body = JSON.stringify({ period: whole.period, filters: whole.filters, minSample: whole.minSample, items });
          return { body, etag: etagOf(body) };
        }
        const body = statsCsv(items, TABLE_COLUMNS(table));
        const name = ['khidma-public', table, whole.filters.entity ?? 'all', whole.filters.serviceId, whole.period.from, whole.period.to].filter((p) => p !== null).join('-');
        return { body, etag: etagOf(body), fileName: `${name}.csv` };
      });
      return send(request, reply, result, csv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    },
  );
};
