import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import bcrypt from 'bcryptjs';
import { Type } from 'typebox';
import { actorLabel, STAFF_ROLES, type StaffRole } from '../../domain/cases/actor.js';
import { limitsOf } from '../../platform/config.js';
import { AuthenticationRequired, RateLimited } from '../errors.js';
import { STAFF_TOKEN_TTL_SECONDS } from '../plugins/auth.js';
import { errorResponses, SingleLineText } from '../schemas/common.js';
import type { AppDeps } from '../app.js';

/**
 * Failed sign-ins of an account from one address allowed before each further attempt must wait:
 * 2 s, 4 s, 8 s… up to 15 minutes; after an hour without failure the count starts again.
 */
const FREE_FAILURES = 3;
const LONGEST_WAIT_SECONDS = 15 * 60;
const FORGET_AFTER_SECONDS = 60 * 60;

// Compared against when the username is unknown, so a wrong name costs the same time as a wrong password.
const UNKNOWN_USER_HASH = bcrypt.hashSync('no such user', 10);

export const authRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/api/v1/auth/token',
    {
      config: { rateLimit: { max: limitsOf(deps.config).signInsPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['staff'],
        summary: 'Sign in as staff; returns a bearer token valid 8 hours',
        body: Type.Object(
          {
            username: SingleLineText({ maxLength: 100 }),
            password: SingleLineText({ maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            token: Type.String(),
            expiresIn: Type.Integer(),
            user: Type.Object({ id: Type.String(), username: Type.String(), role: Type.String(), entityId: Type.Union([Type.String(), Type.Null()]) }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { username, password } = request.body;
      const client = request.ip ?? '';
      const blocked = await deps.prisma.signInFailure.findUnique({ where: { username_client: { username, client } } });
      const waitMs = (blocked?.blockedUntil?.getTime() ?? 0) - Date.now();
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        throw new RateLimited(`too many failed sign-ins for this account from this address; try again in ${seconds} s`, { retryAfterSeconds: seconds });
      }
      const user = await deps.prisma.staffUser.findUnique({ where: { username } });
      const matches = await bcrypt.compare(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
      if (!user || !matches || !user.active || !(STAFF_ROLES as readonly string[]).includes(user.role)) {
        // Counted for unknown names too, so that the answers tell no one which accounts exist.
        await deps.prisma.$executeRaw`
          INSERT INTO sign_in_failure (username, client, failures, blocked_until, last_failure_at) VALUES (${username}, ${client}, 1, NULL, now())
          ON CONFLICT (username, client) DO UPDATE SET
            failures = CASE WHEN sign_in_failure.last_failure_at < now() - ${FORGET_AFTER_SECONDS} * interval '1 second' THEN 1 ELSE sign_in_failure.failures + 1 END,
            last_failure_at = now(),
            blocked_until = CASE WHEN sign_in_failure.last_failure_at >= now() - ${FORGET_AFTER_SECONDS} * interval '1 second' AND sign_in_failure.failures + 1 > ${FREE_FAILURES}
              THEN now() + least(power(2, sign_in_failure.failures + 1 - ${FREE_FAILURES}), ${LONGEST_WAIT_SECONDS}) * interval '1 second'
              ELSE NULL END`;
        throw new AuthenticationRequired('invalid username or password');
      }
      if (blocked) await deps.prisma.signInFailure.deleteMany({ where: { username, client } });
      const token = app.jwt.sign({ sub: user.id, username: user.username, role: user.role as StaffRole, entityId: user.entityId });
      request.log.info({ actor: actorLabel({ kind: 'staff', userId: user.id, username: user.username, role: user.role as StaffRole }) }, 'staff signed in');
      return { token, expiresIn: STAFF_TOKEN_TTL_SECONDS, user: { id: user.id, username: user.username, role: user.role, entityId: user.entityId } };
    },
  );
};
