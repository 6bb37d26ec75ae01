import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor, StaffRole } from '../../domain/cases/actor.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { AuthenticationRequired, NotPermitted } from '../errors.js';

export interface StaffPrincipal {
  sub: string;
  username: string;
  role: StaffRole;
  entityId: string | null;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: StaffPrincipal;
    user: StaffPrincipal;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** a preHandler admitting only signed-in staff with one of `roles` */
    requireStaff(roles: readonly StaffRole[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** Whether the account behind a token still has the access the token claims (null when it has). */
    revokedAccess(principal: StaffPrincipal): Promise<string | null>;
  }
}

export const STAFF_TOKEN_TTL_SECONDS = 8 * 60 * 60;

export function staffActor(user: StaffPrincipal): Actor {
  return { kind: 'staff', userId: user.sub, username: user.username, role: user.role };
}

/**
 * The bearer token a citizen or staff member sent: from the Authorization header, or — only for a
 * WebSocket upgrade, which browsers cannot give headers — from `?token=`, so tokens stay out of
 * the URLs of ordinary requests.
 */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    return match?.[1] ?? null;
  }
  if (request.headers.upgrade?.toLowerCase() !== 'websocket') return null;
  const query = request.query as { token?: unknown } | undefined;
  return typeof query?.token === 'string' && query.token.length > 0 ? query.token : null;
}

export const authPlugin = fp(async (app: FastifyInstance, opts: { secret: string; prisma: PrismaClient }) => {
  await app.register(fastifyJwt, {
    secret: opts.secret,
    sign: { expiresIn: STAFF_TOKEN_TTL_SECONDS, algorithm: 'HS256' },
    // A token that never expires, or names no one, is refused however well signed.
    verify: { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] },
  });
  // One indexed read per request: an account deleted, disabled or moved loses access at once, on every API instance.
  app.decorate('revokedAccess', async (principal: StaffPrincipal) => {
    const account = await opts.prisma.staffUser.findUnique({ where: { id: principal.sub }, select: { active: true, role: true, entityId: true } });
    if (!account) return 'this account no longer exists';
    if (!account.active) return 'this account is disabled';
    if (account.role !== principal.role || account.entityId !== principal.entityId) return 'this account’s role or entity changed; sign in again';
    return null;
  });
  app.decorate('requireStaff', (roles: readonly StaffRole[]) => async (request: FastifyRequest) => {
    const token = bearerToken(request);
    if (!token) throw new AuthenticationRequired('a staff bearer token is required');
    try {
      request.user = app.jwt.verify<StaffPrincipal>(token);
    } catch {
      throw new AuthenticationRequired('the bearer token is invalid or expired; sign in again');
    }
    const revoked = await app.revokedAccess(request.user);
    if (revoked) throw new AuthenticationRequired(revoked);
    if (!roles.includes(request.user.role)) {
      throw new NotPermitted(`this needs one of the roles: ${roles.join(', ')}`);
    }
  });
});
