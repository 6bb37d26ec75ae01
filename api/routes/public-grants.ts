import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify';
import { PassThrough, pipeline, Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { GRANT_FIELDS, type PublishedGrant } from '../../domain/open-data/grant-award.js';
import { REGIONS } from '../../domain/open-data/morocco-territories.js';
import { exportGrants, searchGrants, type GrantFilters } from '../../store/open-data/grants-query.js';
import type { AppDeps } from '../app.js';
import { InvalidInput } from '../errors.js';
import { isClientCopyCurrent, type PublicReadLimit } from '../plugins/public-cache.js';
import type { KeptVersion } from '../public/kept-version.js';
import { errorResponses } from '../schemas/common.js';
import { GrantQuery, GrantSearchView } from '../schemas/grants.js';

type Query = Static<typeof GrantQuery>;

function centimes(text: string): bigint {
  const [units = '0', decimals = ''] = text.split('.');
  return BigInt(units) * 100n + BigInt(decimals.padEnd(2, '0'));
}

function filtersOf(query: Query): GrantFilters {
  const filters: GrantFilters = {
    ...(query.programme !== undefined ? { programme: query.programme } : {}),
    ...(query.entity !== undefined ? { entity: query.entity } : {}),
    ...(query.beneficiaryType !== undefined ? { beneficiaryType: query.beneficiaryType } : {}),
    ...(query.region !== undefined ? { region: query.region } : {}),
    ...(query.year !== undefined ? { year: query.year } : {}),
    ...(query.amountMin !== undefined ? { amountMinCentimes: centimes(query.amountMin) } : {}),
    ...(query.amountMax !== undefined ? { amountMaxCentimes: centimes(query.amountMax) } : {}),
    ...(query.q !== undefined ? { q: query.q } : {}),
  };
  if (filters.amountMinCentimes !== undefined && filters.amountMaxCentimes !== undefined && filters.amountMinCentimes > filters.amountMaxCentimes) {
    throw new InvalidInput('querystring.amountMin must not be above querystring.amountMax', { field: 'querystring.amountMin' });
  }
  return filters;
}

/** grants_region-06_year-2024.csv: the filters in the name, reduced to what every file system takes. */
function fileName(query: Query, extension: string): string {
  const parts = (['programme', 'entity', 'beneficiaryType', 'region', 'year', 'amountMin', 'amountMax', 'q'] as const)
    .filter((name) => query[name] !== undefined)
    .map((name) => `${name}-${String(query[name]).normalize('NFKD').replace(/[^A-Za-z0-9.]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'x'}`);
  return `${['grants', ...parts].join('_')}.${extension}`;
}

async function* jsonArray(items: AsyncIterable<PublishedGrant>): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const item of items) {
    yield `${first ? '' : ','}\n${JSON.stringify(item)}`;
    first = false;
  }
  yield '\n]\n';
}

/** Headers are gone once an export streams: a failure midway cuts the download short (the client sees it incomplete) and is logged. */
function exportFailed(request: FastifyRequest) {
  return (err: Error | null) => {
    if (err) request.log.warn({ err }, 'grants export cut short');
  };
}

/**
 * Answers kept by data version and URL: the version is part of the key, so a kept answer is never
 * stale, and the aggregates over the whole table run once per version and distinct query.
 */
const ANSWERS_KEPT = 300;

/** Grants and subsidies awarded, as open data: no account, cached by anyone (ETag, Cache-Control). */
export const publicGrantRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; publicReads: PublicReadLimit; version: KeptVersion }> = async (app, { deps, publicReads, version: dataVersion }) => {
  // The pages name regions and provinces as the domain does: this module is written from it, never copied.
  const territoriesModule = `export const REGIONS = ${JSON.stringify(REGIONS)};\n`;
  app.get('/assets/morocco-territories.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').send(territoriesModule),
  );

  // Kept as the JSON text sent: a kept answer is not serialized again for each reader.
  const answers = new Map<string, Promise<string>>();
  function keptAnswer(key: string, compute: () => Promise<string>) {
    const kept = answers.get(key);
    if (kept) {
      // Most recently used last: the first key is the one to forget.
      answers.delete(key);
      answers.set(key, kept);
      return kept;
    }
    const answer = compute().catch((err: unknown) => {
      answers.delete(key);
      throw err;
    });
    answers.set(key, answer);
    if (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value!);
    return answer;
  }

  app.get(
    '/api/v1/public/grants',
    {
      onRequest: publicReads,
      schema: {
        tags: ['open data'],
        summary: 'Grants and subsidies awarded: filtered list, totals, facets; or the whole filtered list as CSV or JSON (format=)',
        querystring: GrantQuery,
        response: { 200: GrantSearchView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const filters = filtersOf(query);
      const version = await dataVersion.current();
      if (isClientCopyCurrent(request, reply, version)) return reply.code(304).send();
      const sort = query.sort ?? '-agreementDate';
      if (query.format === 'csv') {
        // A cell starting a spreadsheet formula (=, +, -, @) is written as text: imported names reach spreadsheets of people who trust the administration.
        const csv = stringify({ header: true, columns: [...GRANT_FIELDS], bom: true, escape_formulas: true });
        reply.header('content-disposition', `attachment; filename="${fileName(query, 'csv')}"`).type('text/csv; charset=utf-8');
        return reply.send(pipeline(Readable.from(exportGrants(deps.prisma, filters, sort)), csv, exportFailed(request)));
      }
      if (query.format === 'json') {
        reply.header('content-disposition', `attachment; filename="${fileName(query, 'json')}"`).type('application/json; charset=utf-8');
        return reply.send(pipeline(Readable.from(jsonArray(exportGrants(deps.prisma, filters, sort))), new PassThrough(), exportFailed(request)));
      }
      const body = await keptAnswer(`${version}\n${request.url}`, async () => JSON.stringify(await searchGrants(deps.prisma, filters, { limit: query.limit, offset: query.offset, sort })));
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );
};
