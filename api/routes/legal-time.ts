import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { moroccoLegalTime } from '../../platform/legal-time.js';

const LegalTimeResponse = Type.Object({
  name: Type.String({ examples: ['Africa/Casablanca'] }),
  version: Type.String({ description: 'IANA tz data release', examples: ['2026f'] }),
  untils: Type.Array(Type.Union([Type.Number(), Type.Null()]), { description: 'end of each period (ms since the epoch); null: no end' }),
  offsets: Type.Array(Type.Number(), { description: 'offset from UTC of each period, in minutes east' }),
});

/**
 * Morocco's legal time as the platform counts it, for pages: a browser's own time-zone data can
 * lag a change of legal time (Morocco moved to UTC+0 all year on 2026-09-20).
 */
export const legalTimeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/calendar/legal-time',
    { schema: { tags: ['calendar'], summary: 'Offsets of Morocco’s legal time from UTC over time, from the IANA data the platform ships', response: { 200: LegalTimeResponse } } },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return moroccoLegalTime();
    },
  );
};
