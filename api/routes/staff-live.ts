import { staffActor } from '../plugins/auth.js';
import { actorLabel } from '../../domain/cases/actor.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { WebSocket } from 'ws';
import { eventView } from '../cases/case-read.js';
import { streamEvents } from '../live/event-stream.js';
import type { AppDeps } from '../app.js';
import { LiveQuery } from './live.js';

/** A reconnecting client that missed more than this reloads its queue instead of replaying. */
const MAX_REPLAY = 1000;

/**
 * The staff channel of an entity: every event of its cases, for handlers' queues and managers'
 * dashboards. With `after`, the missed events come first — or, past MAX_REPLAY of them, a
 * `resync` message telling the client to reload before going on live.
 */
export const staffLiveRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/api/v1/live',
    {
      websocket: true,
      preHandler: app.requireStaff(['handler', 'supervisor', 'manager']),
      schema: { tags: ['staff'], summary: 'WebSocket: every event of the cases of your entity, in order', querystring: LiveQuery },
    },
    async (socket: WebSocket, request) => {
      // requireStaff admits only roles bound to an entity.
      const entityId = request.user.entityId!;
      const newest = await deps.prisma.caseEvent.aggregate({ _max: { id: true }, where: { case: { entityId } } });
      const latest = newest._max.id ?? 0n;
      let after = request.query.after === undefined ? latest : BigInt(request.query.after);
      const missed = await deps.prisma.caseEvent.count({ where: { id: { gt: after }, case: { entityId } } });
      if (missed > MAX_REPLAY) {
        socket.send(JSON.stringify({ type: 'resync', lastEventId: latest.toString(), missed }));
        after = latest;
      } else {
        socket.send(JSON.stringify({ type: 'ready', lastEventId: latest.toString() }));
      }
      await streamEvents(socket, {
        feed: deps.feed,
        topic: { entityId },
        after,
        replay: async (from) =>
          (await deps.prisma.caseEvent.findMany({ where: { id: { gt: from }, case: { entityId } }, orderBy: { id: 'asc' }, take: MAX_REPLAY })).map(eventView),
      });
      request.log.info({ actor: actorLabel(staffActor(request.user)), after: request.query.after ?? null }, 'staff live channel opened');
    },
  );
};
