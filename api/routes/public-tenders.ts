import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isIsoDate } from '../../domain/calendar/iso-date.js';
import type { IsoDate } from '../../domain/calendar/types.js';
import { foldForSearch } from '../../domain/search-fold.js';
import {
  CATEGORY_LABELS,
  DEFAULT_CLOSING_SOON_DAYS,
  PROCEDURE_LABELS,
  STATUS_LABELS,
  TENDER_CATEGORIES,
  TENDER_PROCEDURES,
  TENDER_STATUSES,
  referencePath,
  type TenderStatus,
} from '../../domain/tenders/tender.js';
import { findTender, listTenders, newestTenders, nextTenderChange, publicBuyers, tenderRecordOf } from '../../store/tenders/tender-store.js';
import type { AppDeps } from '../app.js';
import { InvalidInput, NotFound } from '../errors.js';
import { PUBLIC_MAX_AGE_SECONDS, type PublicReadLimit } from '../plugins/public-cache.js';
import { publicCaching } from '../public/http-cache.js';
import type { KeptAnswer, KeptAnswers } from '../public/kept-answers.js';
import { errorResponses } from '../schemas/common.js';
import { noneMatch } from '../stats/http-cache.js';
import { CalendarQuery, TenderDocumentParams, TenderFiltersAnswer, TenderParams, TendersAnswer, TendersQuery, TenderView } from '../schemas/tenders.js';
import { deadlineIcs } from '../tenders/deadline-calendar.js';
import { tendersAtom, tendersRss, type FeedEntry } from '../tenders/tender-feed.js';
import { PUBLIC_TENDERS_PATH, tenderView } from '../tenders/tender-view.js';

const FEED_ENTRIES = 50;
const TENDER_PAGE = '/tenders/';
/** A Host header that can go into an absolute link as it is; anything else gets the links without a host. */
const PLAIN_HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/;

function day(value: string | undefined, field: string): IsoDate | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) throw new InvalidInput(`${field} must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`, { field });
  return value;
}

/**
 * The site's address for absolute links (feeds, calendar files): PUBLIC_BASE_URL when set; else the request's
 * Host, and the answer then varies by Host so a shared cache never hands one host's links to another.
 */
function origin(request: FastifyRequest, reply: FastifyReply, publicBaseUrl: string | undefined): string {
  if (publicBaseUrl !== undefined) return publicBaseUrl;
  reply.header('vary', 'Host');
  return PLAIN_HOST.test(request.host) ? `${request.protocol}://${request.host}` : '';
}

const pageUrl = (base: string, reference: string) => `${base}${TENDER_PAGE}tender.html?ref=${referencePath(reference)}`;

/** A kept JSON answer with its caching headers, or 304 when the client holds it already. */
function sendKept(request: FastifyRequest, reply: FastifyReply, kept: KeptAnswer) {
  reply.header('etag', kept.etag).header('cache-control', `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`);
  if (noneMatch(request.headers['if-none-match'], kept.etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(kept.body);
}

/**
 * Calls for tenders as open data: no account, nothing personal, cacheable (ETag, Cache-Control),
 * rate limited per address like the other public reads. Statuses are derived from the clock: the
 * JSON answers are kept per normalized query until the next instant a status or the set of
 * published calls moves (or an import), the others computed at each request.
 */
export const publicTenderRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; publicReads: PublicReadLimit; kept: KeptAnswers }> = async (app, { deps, publicReads, kept }) => {
  const closingSoonDays = deps.config.tenderClosingSoonDays ?? DEFAULT_CLOSING_SOON_DAYS;
  const limited = { onRequest: publicReads };
  // The tag of an answer not kept is a hash of its bytes, which change as statuses move.
  const hashed = { ...limited, onSend: publicCaching(PUBLIC_MAX_AGE_SECONDS) };
  const changesAfter = (nowMs: number) => nextTenderChange(deps.prisma, nowMs, closingSoonDays);

  app.get(
    PUBLIC_TENDERS_PATH,
    {
      ...limited,
      schema: {
        tags: ['open data'],
        summary: 'Calls for tenders: full-text search (fr/ar, accents and diacritics folded), filters, newest publication first',
        querystring: TendersQuery,
        response: { 200: TendersAnswer, ...errorResponses },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const deadlineFrom = day(query.deadlineFrom, 'querystring.deadlineFrom');
      const deadlineTo = day(query.deadlineTo, 'querystring.deadlineTo');
      if (deadlineFrom && deadlineTo && deadlineTo < deadlineFrom) {
        throw new InvalidInput(`querystring.deadlineTo (${deadlineTo}) must not be before querystring.deadlineFrom (${deadlineFrom})`, { field: 'querystring.deadlineTo' });
      }
      // Normalized: the same question in other words (order, case, accents, repeated statuses) is one key.
      const asked = {
        q: query.q === undefined ? undefined : foldForSearch(query.q),
        buyer: query.buyer,
        category: query.category,
        procedure: query.procedure,
        statuses: query.status ? ([...new Set(query.status.split(','))].sort() as TenderStatus[]) : undefined,
        deadlineFrom,
        deadlineTo,
        limit: query.limit ?? 20,
        offset: query.offset ?? 0,
        sort: query.sort ?? '-publishedOn',
      };
      const answer = await kept.answer(`list ${JSON.stringify(asked)}`, async (now) => {
        const [{ rows, total }, changesAt] = await Promise.all([listTenders(deps.prisma, asked, now, closingSoonDays), changesAfter(now)]);
        return { value: { items: rows.map((row) => tenderView(tenderRecordOf(row), now, closingSoonDays)), total }, changesAt };
      });
      return sendKept(request, reply, answer);
    },
  );

  app.get(
    '/api/v1/public/tender-filters',
    {
      ...limited,
      schema: {
        tags: ['open data'],
        summary: 'What the calls for tenders can be filtered on: categories, procedures, statuses (fr/ar/en labels) and the buyers of published calls',
        response: { 200: TenderFiltersAnswer, ...errorResponses },
      },
    },
    async (request, reply) => {
      const answer = await kept.answer('filters', async (now) => {
        // A buyer whose calls are all still to be published is not named before its first one is.
        const [buyers, changesAt] = await Promise.all([publicBuyers(deps.prisma, now), changesAfter(now)]);
        const value = {
          categories: TENDER_CATEGORIES.map((code) => ({ code, labels: CATEGORY_LABELS[code] })),
          procedures: TENDER_PROCEDURES.map((code) => ({ code, labels: PROCEDURE_LABELS[code] })),
          statuses: TENDER_STATUSES.map((code) => ({ code, labels: STATUS_LABELS[code] })),
          buyers: buyers.map((b) => ({ code: b.buyerCode, name: { fr: b.buyerName, ar: b.buyerNameAr } })),
          closingSoonDays,
        };
        return { value, changesAt };
      });
      return sendKept(request, reply, answer);
    },
  );

  for (const format of ['atom', 'rss'] as const) {
    app.get(
      `${PUBLIC_TENDERS_PATH}/feed.${format}`,
      {
        ...hashed,
        schema: {
          tags: ['open data'],
          summary: `The ${FEED_ENTRIES} newest calls for tenders as ${format === 'atom' ? 'an Atom' : 'an RSS 2.0'} feed, newest first`,
          querystring: CalendarQuery,
          response: { 200: Type.String({ description: `${format === 'atom' ? 'application/atom+xml' : 'application/rss+xml'}` }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const language = request.query.lang ?? 'fr';
        const base = origin(request, reply, deps.config.publicBaseUrl);
        const rows = await newestTenders(deps.prisma, Date.now(), FEED_ENTRIES);
        const entries: FeedEntry[] = rows.map((row) => ({ record: tenderRecordOf(row), updatedAt: row.updatedAt, pageUrl: pageUrl(base, row.reference) }));
        const feedUrl = `${base}${PUBLIC_TENDERS_PATH}/feed.${format}${language === 'fr' ? '' : `?lang=${language}`}`;
        const xml = format === 'atom' ? tendersAtom(entries, language, feedUrl, `${base}${TENDER_PAGE}`) : tendersRss(entries, language, feedUrl, `${base}${TENDER_PAGE}`);
        return reply.type(format === 'atom' ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8').send(xml);
      },
    );
  }

  async function publicTender(reference: string, now: number) {
    const row = await findTender(deps.prisma, reference, now);
    if (!row) throw new NotFound('no published call for tenders has this reference');
    return row;
  }

  app.get(
    `${PUBLIC_TENDERS_PATH}/:reference`,
    {
      ...limited,
      schema: {
        tags: ['open data'],
        summary: 'One call for tenders by its reference (percent-encoded as one path segment)',
        params: TenderParams,
        response: { 200: TenderView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { reference } = request.params;
      const answer = await kept.answer(`one ${reference}`, async (now) => {
        const [row, changesAt] = await Promise.all([publicTender(reference, now), changesAfter(now)]);
        return { value: tenderView(tenderRecordOf(row), now, closingSoonDays), changesAt };
      });
      return sendKept(request, reply, answer);
    },
  );

  app.get(
    `${PUBLIC_TENDERS_PATH}/:reference/deadline.ics`,
    {
      ...hashed,
      schema: {
        tags: ['open data'],
        summary: 'The deadline for bids for a calendar (iCalendar): stable UID, a reminder the day before, Moroccan legal time; METHOD:CANCEL once cancelled',
        params: TenderParams,
        querystring: CalendarQuery,
        response: { 200: Type.String({ description: 'text/calendar' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await publicTender(request.params.reference, Date.now());
      const ics = deadlineIcs(tenderRecordOf(row), row.updatedAt, request.query.lang ?? 'fr', pageUrl(origin(request, reply, deps.config.publicBaseUrl) || 'https://khidma.invalid', row.reference));
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="appel-offres-${referencePath(row.reference).replace(/%/g, '_').slice(0, 80)}.ics"`)
        .send(ics);
    },
  );

  app.get(
    `${PUBLIC_TENDERS_PATH}/:reference/documents/:fileName`,
    {
      ...hashed,
      schema: {
        tags: ['open data'],
        summary: 'A file of the dossier (DCE) that this platform holds; files held by the buyer are linked at their own address',
        params: TenderDocumentParams,
        response: { 200: Type.String({ description: 'the file' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await publicTender(request.params.reference, Date.now());
      const file = await deps.prisma.tenderFile.findUnique({ where: { tenderId_fileName: { tenderId: row.id, fileName: request.params.fileName } } });
      if (!file) throw new NotFound('this call for tenders has no file of this name here');
      return reply
        .type(file.mediaType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
        .send(Buffer.from(file.content));
    },
  );
};
