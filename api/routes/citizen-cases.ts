import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../schemas/common.js';
import {
  ActionBody,
  ActionName,
  ActionResult,
  CitizenCase,
  SubmissionReceipt,
  SubmitCaseBody,
  TrackingCodeParams,
  emptyBodyAsObject,
} from '../schemas/case.js';
import { AuthenticationRequired, InvalidInput } from '../errors.js';
import { bearerToken } from '../plugins/auth.js';
import { accessTokenFor } from '../cases/citizen-access.js';
import { citizenCaseView, loadCaseForCitizen, refuseStepOnFinishedCase } from '../cases/case-read.js';
import { submitCase } from '../cases/submit-case.js';
import { deadlinesOf } from '../cases/deadlines.js';
import { attestationPdf, receiptPdf, summaryPdf } from '../cases/case-documents.js';
import { appointmentIcs } from '../cases/appointment-calendar.js';
import { checkInQrSvg } from './staff-agenda.js';
import { deliveryEstimate } from '../cases/estimate.js';
import { stepResult, takeCaseStep } from '../cases/case-workflows.js';
import type { AppDeps } from '../app.js';
import { limitsOf } from '../../platform/config.js';
import type { TrackingCodeLookupLimit } from '../plugins/lookup-limit.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,200}$/;

/** What a citizen does: submit a request, follow it, answer the administration, withdraw. */
export const citizenCaseRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; lookupLimit: TrackingCodeLookupLimit }> = async (app, { deps, lookupLimit }) => {
  const secret = deps.config.accessTokenSecret;
  const limits = limitsOf(deps.config);
  // Per client address: submissions, and look-ups by tracking code (which guessing would need by the million).
  const submissions = { rateLimit: { max: limits.submissionsPerMinute, timeWindow: '1 minute' } };
  const lookups = lookupLimit;

  function citizenToken(request: Parameters<typeof bearerToken>[0]): string {
    const token = bearerToken(request);
    if (!token) throw new AuthenticationRequired('send the access token received at submission as "Authorization: Bearer <token>"');
    return token;
  }

  app.post(
    '/api/v1/cases',
    {
      config: submissions,
      schema: {
        tags: ['citizen'],
        summary: 'Submit a request; the answer carries the tracking code, the access token and the due date',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: SubmitCaseBody,
        response: { 201: SubmissionReceipt, ...errorResponses },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new InvalidInput('Idempotency-Key must be 8 to 200 printable ASCII characters', { field: 'headers.idempotency-key' });
      }
      const { view, replayed, serviceId, entityId, submittedAt } = await submitCase({ ...deps, keySecret: secret, log: request.log }, request.body, key);
      const estimate = await deliveryEstimate(deps.prisma, { serviceId, entityId, submittedAt, legalDueAt: view.dueAt });
      request.log.info({ caseId: view.caseId, actor: 'citizen', replayed }, 'case submitted');
      if (!replayed) app.metrics.caseSubmissions.inc({ case_type: view.caseType });
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(201).send({
        caseId: view.caseId,
        trackingCode: view.trackingCode,
        accessToken: accessTokenFor(view.caseId, secret),
        status: view.status,
        step: view.statusLabel,
        dueAt: view.dueAt,
        explanation: view.explanation,
        deadlines:
          view.deadlines ??
          deadlinesOf({ caseType: view.caseType, dueAt: view.dueAt ? new Date(view.dueAt) : null, slaState: view.sla.state, explanation: view.explanation, clocks: [] }),
        estimate,
        facts: view.facts ?? {},
      });
    },
  );

  app.get(
    '/api/v1/cases/:trackingCode',
    {
      onRequest: lookups,
      schema: {
        tags: ['citizen'],
        summary: 'Follow a request: status, due date with its explanation, timeline',
        params: TrackingCodeParams,
        response: { 200: CitizenCase, ...errorResponses },
      },
    },
    async (request) => {
      const found = await loadCaseForCitizen(deps.prisma, request.params.trackingCode, citizenToken(request), secret);
      const estimate = await deliveryEstimate(deps.prisma, {
        serviceId: found.serviceId,
        entityId: found.entityId,
        submittedAt: found.submittedAt,
        legalDueAt: found.dueAt?.toISOString() ?? null,
      });
      return { ...citizenCaseView(found), estimate };
    },
  );

  const documents = [
    { path: 'receipt.pdf', file: 'recepisse', make: receiptPdf, summary: 'The récépissé (PDF): date, tracking code, service, legal deadline' },
    { path: 'attestation.pdf', file: 'attestation', make: attestationPdf, summary: 'The attestation (PDF) of a request deemed accepted by silence; 409 for any other case' },
    { path: 'summary.pdf', file: 'recapitulatif', make: summaryPdf, summary: 'The case summary (PDF) to attach when seizing the CDAI or the Médiateur' },
  ] as const;
  for (const document of documents) {
    app.get(
      `/api/v1/cases/:trackingCode/${document.path}`,
      { onRequest: lookups, schema: { tags: ['citizen'], summary: document.summary, params: TrackingCodeParams } },
      async (request, reply) => {
        const found = await loadCaseForCitizen(deps.prisma, request.params.trackingCode, citizenToken(request), secret);
        const pdf = await document.make(found);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${document.file}-${found.trackingCode}.pdf"`)
          .header('cache-control', 'no-store')
          .send(Buffer.from(pdf));
      },
    );
  }

  app.get(
    '/api/v1/cases/:trackingCode/appointment.ics',
    {
      onRequest: lookups,
      schema: {
        tags: ['citizen'],
        summary: 'The appointment for a calendar (iCalendar): stable UID, SEQUENCE grows with each change, METHOD:CANCEL once cancelled',
        params: TrackingCodeParams,
        querystring: Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('ar'), Type.Literal('en')])) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const found = await loadCaseForCitizen(deps.prisma, request.params.trackingCode, citizenToken(request), secret);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="rendez-vous-${found.trackingCode}.ics"`)
        .header('cache-control', 'no-store')
        .send(appointmentIcs(found, request.query.lang ?? 'fr'));
    },
  );

  app.get(
    '/api/v1/cases/:trackingCode/checkin-qr.svg',
    {
      onRequest: lookups,
      schema: { tags: ['citizen'], summary: 'The QR code of an appointment’s confirmation (its tracking code), which the office scans to check the citizen in', params: TrackingCodeParams },
    },
    async (request, reply) => {
      const found = await loadCaseForCitizen(deps.prisma, request.params.trackingCode, citizenToken(request), secret);
      return reply.type('image/svg+xml').header('cache-control', 'no-store').send(await checkInQrSvg(found.trackingCode));
    },
  );

  app.post(
    '/api/v1/cases/:trackingCode/citizen-actions/:action',
    {
      onRequest: lookups,
      preValidation: emptyBodyAsObject,
      schema: {
        tags: ['citizen'],
        summary: 'Take a citizen step: provide_info (with message) or withdraw',
        params: Type.Intersect([TrackingCodeParams, Type.Object({ action: ActionName })]),
        body: ActionBody,
        response: { 200: ActionResult, ...errorResponses },
      },
    },
    async (request) => {
      const found = await loadCaseForCitizen(deps.prisma, request.params.trackingCode, citizenToken(request), secret);
      refuseStepOnFinishedCase(found, request.params.action, { kind: 'citizen' });
      const view = await takeCaseStep(deps.temporal, found, request.params.action, { kind: 'citizen' }, request.body);
      request.log.info({ caseId: found.id, actor: 'citizen', action: request.params.action }, 'citizen step taken');
      app.metrics.caseSteps.inc({ case_type: found.caseType, action: request.params.action, actor: 'citizen' });
      return stepResult(view, 'citizen');
    },
  );
};
