import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEFAULT_MIN_SAMPLE } from '../../domain/stats/sample.js';
import { isStatsTable, STATS_TABLES } from '../../domain/stats/tables.js';
import { readLiveCounters, readStatsTable, statisticsReader } from '../../store/stats/statistics.js';
import type { AppDeps } from '../app.js';
import { UnknownTable } from '../errors.js';
import { errorResponses } from '../schemas/common.js';
import { LiveAnswer, LiveQuery, StatsAnswer, StatsQuery, StatsRows, StatsTableParams, StatsTableQuery } from '../schemas/stats.js';
import { statsCsv } from '../stats/csv.js';
import { csvFileName, resolveScope, resolveStatsQuery } from '../stats/stats-request.js';

const ROLES = ['manager', 'supervisor', 'admin'] as const;

/** Processing-time targets for managers (issue 9): every figure, one table (JSON or CSV), and the live counters. */
export const statsRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const readers = app.requireStaff(ROLES);
  const minSample = deps.config.statsMinSample ?? DEFAULT_MIN_SAMPLE;
  const security = [{ bearer: [] }];
  const readStatistics = statisticsReader(deps.prisma, deps.config.statsCacheSeconds ?? 0);

  // An entity's management figures: no shared cache (a proxy, a CDN) may keep them for someone else.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/v1/stats')) reply.header('cache-control', 'private, no-store');
  });

  app.get(
    '/api/v1/stats',
    {
      preHandler: readers,
      schema: {
        tags: ['statistics'],
        summary: 'Every statistic of the period: volume, compliance per clock, processing times, backlog, breaches, escalations, extensions, outcomes, appointments, handlers, monthly complaints',
        description:
          'Managers and supervisors read their own entity (another entity → 403 other_entity); administrators any or all. Shares, rates, percentiles and per-handler rows rest on at least `minSample` cases, else null (or left out).',
        querystring: StatsQuery,
        response: { 200: StatsAnswer, ...errorResponses },
        security,
      },
    },
    async (request) => {
      const query = await resolveStatsQuery(deps.prisma, request.user, request.query, minSample);
      const { generatedAt, ...figures } = await readStatistics(query);
      request.log.info({ entity: query.filters.entity, from: query.filters.from, to: query.filters.to, groupBy: query.filters.groupBy }, 'statistics read');
      return { filters: query.filters, minSample, generatedAt, ...figures };
    },
  );

  app.get(
    '/api/v1/stats/live',
    {
      preHandler: readers,
      schema: {
        tags: ['statistics'],
        summary: 'Open cases, at risk (last warning passed, not breached) and breached, now',
        querystring: LiveQuery,
        response: { 200: LiveAnswer, ...errorResponses },
        security,
      },
    },
    async (request) => {
      const { scope } = await resolveScope(deps.prisma, request.user, request.query);
      return { ...(await readLiveCounters(deps.prisma, scope)), at: new Date().toISOString() };
    },
  );

  app.get(
    '/api/v1/stats/:table',
    {
      preHandler: readers,
      schema: {
        tags: ['statistics'],
        summary: 'One table of the statistics, as JSON ({ filters, minSample, items }) or as CSV with a header row and the filters in the file name',
        params: StatsTableParams,
        querystring: StatsTableQuery,
        response: errorResponses,
        security,
      },
    },
    async (request, reply) => {
      const { table } = request.params;
      if (!isStatsTable(table)) throw new UnknownTable(`no statistics table "${table}"; the tables are ${STATS_TABLES.join(', ')}`, { tables: [...STATS_TABLES] });
      const { format, ...params } = request.query;
      const query = await resolveStatsQuery(deps.prisma, request.user, params, minSample);
      const items = (await readStatsTable(deps.prisma, query, table)) as unknown as Array<Record<string, unknown>>;
      if (format !== 'csv') return { filters: query.filters, minSample, items };
      const csv = statsCsv(items, Object.keys(StatsRows[table].properties));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${csvFileName(table, query.filters)}"`)
        .send(csv);
    },
  );
};
