import { staffActor, type StaffPrincipal } from '../plugins/auth.js';
import { limitsOf } from '../../platform/config.js';
import { actorLabel } from '../../domain/cases/actor.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { WebSocket } from 'ws';
import { eventView } from '../cases/case-read.js';
import { streamEvents } from '../live/event-stream.js';
import type { AppDeps } from '../app.js';
import { LiveQuery } from './live.js';

/** A reconnecting client that missed more than this reloads its queue instead of replaying. */
const MAX_REPLAY = 1000;
/** Close code for a channel whose access ended (an application code: 4000–4999). */
const ACCESS_ENDED = 4401;

/**
 * The staff channel of an entity: every event of its cases, for handlers' queues and managers'
 * dashboards. With `after`, the missed events come first — or, past MAX_REPLAY of them, a
 * `resync` message telling the client to reload before going on live.
 */
export const staffLiveRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const { liveRecheckMs } = limitsOf(deps.config);

  /** An open channel ends when its token expires, or when its account is deleted, disabled or moved. */
  function watchAccess(socket: WebSocket, user: StaffPrincipal & { exp?: number }) {
    const end = (reason: string) => socket.close(ACCESS_ENDED, reason.slice(0, 120));
    const expiry = setTimeout(() => end('token expired; sign in again'), Math.max(0, (user.exp ?? 0) * 1000 - Date.now()));
    const recheck = setInterval(() => {
      app.revokedAccess(user).then(
        (revoked) => revoked && end(revoked),
        () => undefined, // the database is away: the next check decides
      );
    }, liveRecheckMs);
    socket.once('close', () => {
      clearTimeout(expiry);
      clearInterval(recheck);
    });
  }

  app.get(
    '/api/v1/live',
    {
      websocket: true,
      config: { liveChannel: 'staff_entity' },
      preHandler: app.requireStaff(['handler', 'supervisor', 'manager']),
      schema: { tags: ['staff'], summary: 'WebSocket: every event of the cases of your entity, in order', querystring: LiveQuery },
    },
    async (socket: WebSocket, request) => {
      // requireStaff admits only roles bound to an entity.
      const entityId = request.user.entityId!;
      watchAccess(socket, request.user);
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
