import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import bcrypt from 'bcryptjs';
import { Type } from 'typebox';
import { actorLabel, STAFF_ROLES, type StaffRole } from '../../domain/cases/actor.js';
import { AuthenticationRequired } from '../errors.js';
import { STAFF_TOKEN_TTL_SECONDS } from '../plugins/auth.js';
import { errorResponses, SingleLineText } from '../schemas/common.js';
import type { AppDeps } from '../app.js';

// Compared against when the username is unknown, so a wrong name costs the same time as a wrong password.
const UNKNOWN_USER_HASH = bcrypt.hashSync('no such user', 10);

export const authRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.post(
    '/api/v1/auth/token',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
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
      const user = await deps.prisma.staffUser.findUnique({ where: { username } });
      const matches = await bcrypt.compare(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
      if (!user || !matches || !(STAFF_ROLES as readonly string[]).includes(user.role)) {
        throw new AuthenticationRequired('invalid username or password');
      }
      const token = app.jwt.sign({ sub: user.id, username: user.username, role: user.role as StaffRole, entityId: user.entityId });
      request.log.info({ actor: actorLabel({ kind: 'staff', userId: user.id, username: user.username, role: user.role as StaffRole }) }, 'staff signed in');
      return { token, expiresIn: STAFF_TOKEN_TTL_SECONDS, user: { id: user.id, username: user.username, role: user.role, entityId: user.entityId } };
    },
  );
};
