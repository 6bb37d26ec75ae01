import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { WebSocket } from 'ws';
import { AuthenticationRequired } from '../errors.js';
import { bearerToken } from '../plugins/auth.js';
import { citizenCaseView, citizenEventView, eventView, loadCaseForCitizen, type LoadedCase } from '../cases/case-read.js';
import { TrackingCodeParams } from '../schemas/case.js';
import { streamEvents } from '../live/event-stream.js';
import type { AppDeps } from '../app.js';
import type { TrackingCodeLookupLimit } from '../plugins/lookup-limit.js';

export const LiveQuery = Type.Object(
  {
    after: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'last event id received; the missed events come first' })),
    token: Type.Optional(Type.String({ maxLength: 2000, description: 'access token (citizen) or bearer token (staff), when no Authorization header can be sent' })),
  },
  { additionalProperties: false },
);

/**
 * A citizen's live channel. Subscribes to the feed first and buffers, then replays what the
 * database holds after `after`, then flushes the buffer: every event arrives once, in id order.
 */
export const liveRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; lookupLimit: TrackingCodeLookupLimit }> = async (app, { deps, lookupLimit }) => {
  app.get(
    '/api/v1/cases/:trackingCode/live',
    {
      websocket: true,
      config: { liveChannel: 'citizen_case' },
      onRequest: lookupLimit,
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
      if (after === null) socket.send(JSON.stringify({ type: 'snapshot', case: citizenCaseView(found) }));
      await streamEvents(socket, {
        feed: deps.feed,
        topic: { caseId: found.id },
        after: after ?? found.events.at(-1)?.id ?? 0n,
        replay: async (from) =>
          (await deps.prisma.caseEvent.findMany({ where: { caseId: found.id, id: { gt: from } }, orderBy: { id: 'asc' } })).map(eventView),
        present: citizenEventView,
      });
      request.log.info({ caseId: found.id, actor: 'citizen', after: after?.toString() ?? null }, 'live channel opened');
    },
  );
};
