import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { WebSocket } from 'ws';
import type { CaseEventView } from '../../domain/cases/case-event.js';
import { AuthenticationRequired } from '../errors.js';
import { bearerToken } from '../plugins/auth.js';
import { citizenCaseView, eventView, loadCaseForCitizen, type LoadedCase } from '../cases/case-read.js';
import { TrackingCodeParams } from '../schemas/case.js';
import type { AppDeps } from '../app.js';

const LiveQuery = Type.Object(
  {
    after: Type.Optional(Type.String({ pattern: '^[0-9]{1,19}$', description: 'last event id received; the missed events come first' })),
    token: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/**
 * A citizen's live channel. Subscribes to the feed first and buffers, then replays what the
 * database holds after `after`, then flushes the buffer: every event arrives once, in id order.
 */
export const liveRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/api/v1/cases/:trackingCode/live',
    {
      websocket: true,
      schema: { tags: ['citizen'], summary: 'WebSocket: a snapshot, then every event of the case in order', params: TrackingCodeParams, querystring: LiveQuery },
      preHandler: async (request) => {
        const token = bearerToken(request);
        if (!token) throw new AuthenticationRequired('send the access token as ?token= or an Authorization header');
        const { trackingCode } = request.params as { trackingCode: string };
        (request as unknown as { liveCase: LoadedCase }).liveCase = await loadCaseForCitizen(
          deps.prisma,
          trackingCode,
          token,
          deps.config.accessTokenSecret,
        );
      },
    },
    async (socket: WebSocket, request) => {
      const found = (request as unknown as { liveCase: LoadedCase }).liveCase;
      const after = request.query.after === undefined ? null : BigInt(request.query.after);
      let last = after ?? (found.events.at(-1)?.id ?? 0n);
      let replaying = true;
      const buffered: CaseEventView[] = [];

      const send = (event: CaseEventView) => {
        const id = BigInt(event.id);
        if (id <= last) return;
        last = id;
        socket.send(JSON.stringify({ type: 'event', event }));
      };
      const unsubscribe = deps.feed.subscribe(found.id, (event) => (replaying ? buffered.push(event) : send(event)));
      socket.on('close', unsubscribe);

      if (after === null) {
        socket.send(JSON.stringify({ type: 'snapshot', case: citizenCaseView(found) }));
      }
      const missed = await deps.prisma.caseEvent.findMany({ where: { caseId: found.id, id: { gt: after ?? last } }, orderBy: { id: 'asc' } });
      for (const row of missed) send(eventView(row));
      for (const event of buffered) send(event);
      replaying = false;
      request.log.info({ caseId: found.id, actor: 'citizen', after: after?.toString() ?? null }, 'live channel opened');
    },
  );
};
