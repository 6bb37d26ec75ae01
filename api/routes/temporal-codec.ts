import fastifyCors from '@fastify/cors';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from '../app.js';
import { AuthenticationRequired, InvalidInput, NotPermitted } from '../errors.js';
import { bearerToken, type StaffPrincipal } from '../plugins/auth.js';

/*
 * Temporal's remote codec protocol, so that administrators read decrypted case payloads in the
 * Temporal UI (and `temporal workflow show --codec-endpoint`): POST /codec/decode and
 * /codec/encode take and answer {payloads: [{metadata: {name: base64}, data: base64}]}.
 *
 * The UI calls them from the administrator's browser, on the UI's origin: CORS admits only the
 * configured UI origins (TEMPORAL_UI_ORIGIN), with credentials. The credential is an admin's staff
 * token, sent either as a bearer token (scripts, the CLI through a proxy) or — what a browser on
 * the UI's origin can carry — an HttpOnly, SameSite=Strict cookie scoped to /codec, which
 * POST /codec/session sets for a signed-in administrator (the staff page does it on sign-in) and
 * the UI sends once "Include cross-origin credentials" is on in its Data Encoder settings. The
 * UI and the API must then be on the same site (same host, or subdomains of one domain). Each
 * call is checked like any staff request: expired, revoked or non-admin tokens decode nothing.
 */

export const CODEC_COOKIE = 'khidma_codec';

/** Payloads arrive in a workflow's history pages; a long history's page is far larger than the API's usual 64 KiB bodies. */
const CODEC_BODY_LIMIT_BYTES = 4 * 1024 * 1024;
const MAX_PAYLOADS = 1000;
const BASE64 = '^[A-Za-z0-9+/]*={0,2}$';

const Base64 = Type.String({ pattern: BASE64, maxLength: CODEC_BODY_LIMIT_BYTES });
const CodecPayload = Type.Object(
  {
    metadata: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9._-]{1,100}$' }), Base64, { additionalProperties: false })),
    data: Type.Optional(Base64),
  },
  { additionalProperties: false },
);
const CodecBody = Type.Object({ payloads: Type.Array(CodecPayload, { maxItems: MAX_PAYLOADS }) }, { additionalProperties: false });
type CodecBody = Type.Static<typeof CodecBody>;

function toPayload(json: CodecBody['payloads'][number]): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(json.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
    data: Buffer.from(json.data ?? '', 'base64'),
  };
}

function toJson(payload: Payload): CodecBody['payloads'][number] {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? []).toString('base64')])),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
}

/** The one cookie we read, from a Cookie header that may hold others. */
function codecCookie(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CODEC_COOKIE) return value.join('=') || null;
  }
  return null;
}

function cookieHeader(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${CODEC_COOKIE}=${value}; Path=/codec; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

export const codecRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps; uiOrigins: string[] }> = async (app, { deps, uiOrigins }) => {
  const codecs: PayloadCodec[] = deps.temporal.options.loadedDataConverter.payloadCodecs;

  // Here only (this plugin is encapsulated, under /codec): no other route answers another origin.
  await app.register(fastifyCors, {
    origin: uiOrigins,
    credentials: true,
    methods: ['POST'],
    allowedHeaders: ['content-type', 'x-namespace', 'authorization'],
    maxAge: 600,
  });

  async function requireAdmin(request: FastifyRequest, fromCookie: boolean): Promise<StaffPrincipal> {
    const token = bearerToken(request) ?? (fromCookie ? codecCookie(request) : null);
    if (!token) {
      throw new AuthenticationRequired(
        fromCookie
          ? 'sign in as an administrator on the staff page (it sets the codec cookie), or send an admin bearer token'
          : 'an administrator’s bearer token is required',
      );
    }
    let user: StaffPrincipal & { exp?: number };
    try {
      user = app.jwt.verify<StaffPrincipal & { exp?: number }>(token);
    } catch {
      throw new AuthenticationRequired('the token is invalid or expired; sign in again');
    }
    const revoked = await app.revokedAccess(user);
    if (revoked) throw new AuthenticationRequired(revoked);
    if (user.role !== 'admin') throw new NotPermitted('only administrators may read or write case payloads through the codec');
    return user;
  }

  const codecSchema = (summary: string) => ({
    tags: ['operations'],
    summary,
    body: CodecBody,
    response: { 200: CodecBody, 400: { $ref: 'ErrorBody#' }, 401: { $ref: 'ErrorBody#' }, 403: { $ref: 'ErrorBody#' } },
  });

  // Checked when the request arrives, before its body (up to 4 MiB) is read: only administrators make the server parse one.
  const admins = new WeakMap<FastifyRequest, StaffPrincipal>();
  const admitAdmin = async (request: FastifyRequest) => {
    admins.set(request, await requireAdmin(request, true));
  };

  async function run(request: FastifyRequest, body: CodecBody, direction: 'decode' | 'encode') {
    const user = admins.get(request)!;
    let payloads = body.payloads.map(toPayload);
    // Encoding applies the codecs in reverse, as the SDK does.
    const chain = direction === 'decode' ? [...codecs].reverse() : codecs;
    try {
      for (const codec of chain) payloads = await codec[direction](payloads);
    } catch {
      throw new InvalidInput(`payloads: they could not be ${direction}d with this platform's payload keys (sealed with another key, or altered)`, { field: 'body.payloads' });
    }
    // Who read what, never the payloads themselves.
    request.log.info({ actor: `staff:${user.username}`, namespace: request.headers['x-namespace'] ?? null, payloads: payloads.length }, `codec ${direction}`);
    return { payloads: payloads.map(toJson) };
  }

  app.post(
    '/decode',
    { bodyLimit: CODEC_BODY_LIMIT_BYTES, onRequest: admitAdmin, schema: codecSchema('Temporal remote codec: decrypt payloads (administrators)') },
    async (request) => run(request, request.body, 'decode'),
  );
  app.post(
    '/encode',
    { bodyLimit: CODEC_BODY_LIMIT_BYTES, onRequest: admitAdmin, schema: codecSchema('Temporal remote codec: encrypt payloads (administrators)') },
    async (request) => run(request, request.body, 'encode'),
  );

  app.post(
    '/session',
    {
      schema: {
        tags: ['operations'],
        summary: 'Sets the HttpOnly codec cookie the Temporal UI sends to /codec (administrator bearer token)',
        response: { 204: Type.Null(), 401: { $ref: 'ErrorBody#' }, 403: { $ref: 'ErrorBody#' } },
      },
    },
    async (request, reply: FastifyReply) => {
      const user = await requireAdmin(request, false);
      const token = bearerToken(request)!;
      const maxAge = Math.max(0, Math.floor((user as { exp?: number }).exp ?? 0) - Math.floor(Date.now() / 1000));
      request.log.info({ actor: `staff:${user.username}` }, 'codec cookie set');
      return reply.header('set-cookie', cookieHeader(request, token, maxAge)).status(204).send();
    },
  );
  app.delete(
    '/session',
    { schema: { tags: ['operations'], summary: 'Clears the codec cookie', response: { 204: Type.Null() } } },
    async (request, reply: FastifyReply) => reply.header('set-cookie', cookieHeader(request, '', 0)).status(204).send(),
  );
};
