import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OPEN311_CASE_TYPES, open311Language, open311ServiceCode, pick } from '../../domain/open311/georeport.js';
import { open311Attributes, open311ServiceDefinition } from '../../domain/open311/service-definition.js';
import { limitsOf } from '../../platform/config.js';
import { moroccoLegalTime } from '../../platform/legal-time.js';
import type { AppDeps } from '../app.js';
import { accessTokenFor } from '../cases/citizen-access.js';
import { InvalidInput, NotFound } from '../errors.js';
import { clientOfKey } from '../open311/api-keys.js';
import { checkJurisdiction, complaintService, submitOpen311Complaint } from '../open311/complaint-submission.js';
import { findOpen311Request, listOpen311Requests, open311RequestOf } from '../open311/service-requests.js';
import { answerInSpecFormat, parseOpen311Form } from '../open311/spec-format.js';
import {
  Open311Query,
  Open311Receipt,
  Open311Request,
  Open311RequestIdParams,
  Open311RequestsQuery,
  Open311Service,
  Open311ServiceCodeParams,
  Open311ServiceDefinition,
  Open311SubmitBody,
  Open311SubmitQuery,
  open311ErrorResponses,
} from '../schemas/open311.js';
import { Type } from 'typebox';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,200}$/;
/** Public reads a CDN may keep a moment; the answer depends on the language asked for. */
const PUBLIC_CACHE = 'public, max-age=60';

function languageOf(request: FastifyRequest, reply: FastifyReply) {
  const language = open311Language(request.headers['accept-language']);
  reply.header('content-language', language).header('vary', 'Accept-Language').header('cache-control', PUBLIC_CACHE);
  return language;
}

/**
 * Open311 GeoReport v2 (JSON) for complaints, registered under /open311: its own error format and
 * its form encoding apply here only. XML, which the spec also describes, is not offered: a `.xml`
 * resource is answered 400 saying so.
 */
export const open311Routes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const limits = limitsOf(deps.config);
  // One counter for every read here: a route's own `config.rateLimit` would keep one per route.
  const reads = app.rateLimit({ max: limits.lookupsPerMinute, timeWindow: '1 minute' });
  const submissions = { rateLimit: { max: limits.submissionsPerMinute, timeWindow: '1 minute' } };
  const zone = moroccoLegalTime();
  const tags = ['open311'];

  answerInSpecFormat(app);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, parseOpen311Form(text as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.setNotFoundHandler(async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.endsWith('.xml')) throw new InvalidInput('XML is not offered here: ask for the same resource with .json', { field: 'format' });
    throw new NotFound(`no Open311 resource ${request.method} ${path}: this endpoint offers GET services.json, GET services/{service_code}.json, GET and POST requests.json, GET requests/{service_request_id}.json`);
  });

  app.get(
    '/v2/services.json',
    {
      onRequest: reads,
      schema: {
        tags,
        summary: 'GeoReport v2 service list: the complaint services (Accept-Language fr, ar or en)',
        querystring: Open311Query,
        response: { 200: Type.Array(Open311Service), ...open311ErrorResponses },
      },
    },
    async (request, reply) => {
      checkJurisdiction(request.query.jurisdiction_id);
      const language = languageOf(request, reply);
      const rows = await deps.prisma.service.findMany({
        where: { active: true, caseType: { in: [...OPEN311_CASE_TYPES] } },
        include: { entity: true },
        orderBy: [{ entity: { code: 'asc' } }, { code: 'asc' }],
      });
      return rows.map((service) => {
        const group = pick({ fr: service.entity.name, ar: service.entity.nameAr ?? '', en: '' }, language);
        const kinds = open311Attributes(service.caseType).find((a) => a.code === 'kind')?.values ?? {};
        return {
          service_code: open311ServiceCode(service.entity.code, service.code),
          service_name: pick({ fr: service.name, ar: service.nameAr ?? '', en: service.nameEn }, language),
          description: pick({ fr: service.description, ar: service.descriptionAr, en: service.descriptionEn }, language),
          metadata: open311Attributes(service.caseType).length > 0,
          type: 'realtime' as const,
          keywords: [...Object.values(kinds).map((name) => pick(name, language)), service.entity.code].join(','),
          group,
        };
      });
    },
  );

  app.get(
    '/v2/services/:service_code.json',
    {
      onRequest: reads,
      schema: {
        tags,
        summary: 'GeoReport v2 service definition: the attributes a complaint takes (attribute[code] in POST requests.json)',
        params: Open311ServiceCodeParams,
        querystring: Open311Query,
        response: { 200: Open311ServiceDefinition, ...open311ErrorResponses },
      },
    },
    async (request, reply) => {
      checkJurisdiction(request.query.jurisdiction_id);
      const service = await complaintService(deps.prisma, request.params.service_code);
      return open311ServiceDefinition(request.params.service_code, service.caseType, languageOf(request, reply));
    },
  );

  app.get(
    '/v2/requests.json',
    {
      onRequest: reads,
      schema: {
        tags,
        summary: 'GeoReport v2 service requests: complaints, newest first, at most 1000: the last 90 days by default, start_date to end_date (at most 90 days apart), or everything since start_date alone',
        querystring: Open311RequestsQuery,
        response: { 200: Type.Array(Open311Request), ...open311ErrorResponses },
      },
    },
    async (request, reply) => {
      checkJurisdiction(request.query.jurisdiction_id);
      const rows = await listOpen311Requests(deps.prisma, request.query, zone);
      const language = languageOf(request, reply);
      return rows.map((row) => open311RequestOf(row, language, zone));
    },
  );

  app.get(
    '/v2/requests/:service_request_id.json',
    {
      onRequest: reads,
      schema: {
        tags,
        summary: 'GeoReport v2 service request: one complaint by its tracking code; any other tracking code is not found',
        params: Open311RequestIdParams,
        querystring: Open311Query,
        response: { 200: Type.Array(Open311Request), ...open311ErrorResponses },
      },
    },
    async (request, reply) => {
      checkJurisdiction(request.query.jurisdiction_id);
      const row = await findOpen311Request(deps.prisma, request.params.service_request_id);
      if (!row) throw new NotFound(`service_request_id ${request.params.service_request_id} was not found`, { field: 'service_request_id' });
      return [open311RequestOf(row, languageOf(request, reply), zone)];
    },
  );

  app.post(
    '/v2/requests.json',
    {
      config: submissions,
      // The key is checked before anything else is read: without a valid one, nothing about the request is answered.
      // Then, as the spec says, an unknown jurisdiction or service is 404 whatever else the form holds or lacks.
      preValidation: async (request) => {
        const body = (request.body && typeof request.body === 'object' ? request.body : {}) as { api_key?: unknown; jurisdiction_id?: unknown; service_code?: unknown };
        const query = request.query as { api_key?: unknown } | null;
        const client = await clientOfKey(deps.prisma, body.api_key ?? query?.api_key);
        request.open311ClientId = client.id;
        if (typeof body.jurisdiction_id === 'string') checkJurisdiction(body.jurisdiction_id);
        if (typeof body.service_code === 'string') await complaintService(deps.prisma, body.service_code);
      },
      schema: {
        tags,
        summary: 'GeoReport v2: create a complaint (api_key required; form-encoded as the spec says, or JSON)',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        description:
          'Required: api_key, service_code, first_name, last_name, description and the service definition’s required attributes (attribute[national_id], attribute[subject]). phone and email are optional, as the spec says: the citizen is told of each step on those given. lat, long, address_string, address_id, device_id and account_id are accepted and not kept. An unknown service_code or jurisdiction_id is 404 before the rest of the form is checked. The answer’s access_token (a Khidma extension) opens the complaint for the citizen: give it to them alone.',
        querystring: Open311SubmitQuery,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: Open311SubmitBody,
        response: { 201: Open311Receipt, ...open311ErrorResponses },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new InvalidInput('Idempotency-Key must be 8 to 200 printable ASCII characters', { field: 'headers.idempotency-key' });
      }
      const language = open311Language(request.headers['accept-language']);
      const { outcome, notice } = await submitOpen311Complaint(
        { ...deps, keySecret: deps.config.accessTokenSecret, log: request.log },
        request.body,
        // A key is the client's own: another client sending the same key (and form) gets a complaint of its own, never this one's token.
        { idempotencyKey: key === undefined ? undefined : `open311:${request.open311ClientId}:${key}`, language, zone },
      );
      if (!outcome.replayed) app.metrics.caseSubmissions.inc({ case_type: outcome.view.caseType });
      request.log.info({ caseId: outcome.view.caseId, actor: 'citizen', open311ClientId: request.open311ClientId, replayed: outcome.replayed }, 'complaint submitted through Open311');
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      // The access token is the citizen's secret: this answer goes to the submitting client alone, and no cache may keep it.
      reply.header('cache-control', 'no-store').header('content-language', language);
      return reply.status(201).send([
        {
          service_request_id: outcome.view.trackingCode,
          service_notice: notice,
          account_id: null,
          access_token: accessTokenFor(outcome.view.caseId, deps.config.accessTokenSecret),
        },
      ]);
    },
  );
};

declare module 'fastify' {
  interface FastifyRequest {
    open311ClientId?: string;
  }
}
