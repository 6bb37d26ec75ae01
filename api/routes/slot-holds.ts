import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appointmentSettings } from '../../domain/appointments/appointment-settings.js';
import { caseDefinition } from '../../domain/cases/machines.js';
import { parseIsoDuration } from '../../domain/sla/iso-duration.js';
import { limitsOf } from '../../platform/config.js';
import { holdSeat, releaseFormHold, SlotUnavailable, TooManyHolds } from '../../store/slot-seats.js';
import { holdTokenHash, seatRefusal } from '../cases/seat-booking.js';
import { NotFound, RateLimited } from '../errors.js';
import { errorResponses, Uuid } from '../schemas/common.js';
import type { AppDeps } from '../app.js';

const HoldToken = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' });

const SeatHold = Type.Object({
  holdToken: Type.String({ description: 'send it as holdToken with the booking; keep it to yourself' }),
  expiresAt: Type.String({ format: 'date-time', description: 'the seat is released then unless booked' }),
  slot: Type.Object({
    slotId: Uuid,
    officeId: Uuid,
    serviceId: Uuid,
    localDate: Type.String(),
    localStart: Type.String(),
    localEnd: Type.String(),
    startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }),
    officeName: Type.String(),
    address: Type.String(),
  }),
});

/**
 * A citizen who opens the booking form for a slot holds a seat for the service's hold duration, so
 * the seat is still there when the form is sent; unused, it is released when the hold expires.
 */
export const slotHoldRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const limits = limitsOf(deps.config);
  // One counter for holding and giving back: a route's own `config.rateLimit` would keep one per route.
  const perClient = app.rateLimit({ max: limits.submissionsPerMinute, timeWindow: '1 minute' });

  app.post(
    '/api/v1/slots/:slotId/holds',
    {
      onRequest: perClient,
      schema: {
        tags: ['appointments'],
        summary: 'Hold a seat of a slot while the booking form is filled in',
        params: Type.Object({ slotId: Uuid }),
        response: { 201: SeatHold, ...errorResponses },
      },
    },
    async (request, reply) => {
      const slot = await deps.prisma.slot.findUnique({ where: { id: request.params.slotId }, include: { service: { select: { settings: true, caseType: true } } } });
      // Citizens book the slots of services they may book directly; an advisor's agenda is theirs to offer.
      if (!slot || !caseDefinition(slot.service.caseType)?.booking || slot.advisorId !== null) throw new NotFound('no such slot');
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + parseIsoDuration(appointmentSettings(slot.service.settings).holdDuration));
      try {
        const facts = await holdSeat(deps.prisma, { slotId: slot.id, serviceId: slot.serviceId, expiresAt, tokenHash: holdTokenHash(token), clientKey: holdTokenHash(`client:${request.ip}`) });
        return reply.status(201).send({ holdToken: token, expiresAt: expiresAt.toISOString(), slot: facts });
      } catch (err) {
        if (err instanceof SlotUnavailable) throw await seatRefusal(deps.prisma, err, { serviceId: slot.serviceId, officeId: slot.officeId });
        if (err instanceof TooManyHolds) throw new RateLimited(err.message);
        throw err;
      }
    },
  );

  app.delete(
    '/api/v1/slot-holds/:holdToken',
    {
      onRequest: perClient,
      schema: { tags: ['appointments'], summary: 'Give a held seat back (the form was left)', params: Type.Object({ holdToken: HoldToken }), response: { 204: Type.Null(), ...errorResponses } },
    },
    async (request, reply) => {
      if (!(await releaseFormHold(deps.prisma, holdTokenHash(request.params.holdToken)))) throw new NotFound('no such hold (it may have expired or been booked)');
      return reply.status(204).send(null);
    },
  );
};
