import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Open311Error } from '../../domain/open311/georeport.js';
import { InvalidInput } from '../errors.js';

/** A field as the API's errors name it (`body.attribute.subject`), as an Open311 client sent it (`attribute[subject]`). */
export function open311FieldName(field: string): string {
  const bare = field.replace(/^(body|querystring|params)\./, '');
  const attribute = /^attribute\.(\w+)/.exec(bare);
  return attribute ? `attribute[${attribute[1]}]` : bare;
}

function isErrorBody(payload: unknown): payload is { statusCode: number; message: string; details?: { field?: unknown } } {
  const body = payload as { statusCode?: unknown; message?: unknown } | null;
  return typeof body?.statusCode === 'number' && typeof body.message === 'string';
}

/**
 * Every refusal inside the Open311 scope, whatever raised it (validation, the api_key, a rate
 * limit, an outage), leaves as the spec's `[{code, description}]`, its code the HTTP status. The
 * message is the platform's, with fields named as the client sent them.
 */
export function answerInSpecFormat(app: FastifyInstance): void {
  app.addHook('preSerialization', async (_request, reply, payload) => {
    if (reply.statusCode < 400 || !isErrorBody(payload)) return payload;
    const field = typeof payload.details?.field === 'string' ? payload.details.field : null;
    const description = field ? payload.message.replace(field, open311FieldName(field)) : payload.message;
    const errors: Open311Error[] = [{ code: reply.statusCode, description: description.replace(/\b(body|querystring|params)\./g, '') }];
    return errors;
  });
}

/**
 * The spec's form encoding: `name=value` pairs, `attribute[code]=value` for a service definition's
 * attributes. An empty value counts as not sent (forms send every field they have); a name sent
 * twice, or a list value (`attribute[code][]`, for multi-value lists no service here has), is refused.
 */
export function parseOpen311Form(text: string): Record<string, unknown> {
  const fields = new Map<string, string>();
  const attributes = new Map<string, string>();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const [rawName, rawValue] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replaceAll('+', ' '));
      value = decodeURIComponent(rawValue.replaceAll('+', ' '));
    } catch {
      throw new InvalidInput('the form is not valid URL encoding of UTF-8 text', { field: 'body' });
    }
    const attribute = /^attribute\[([^\]]*)\](.*)$/.exec(name);
    const target = attribute ? attributes : fields;
    const key = attribute ? attribute[1]! : name;
    if (attribute && attribute[2] !== '') throw new InvalidInput(`${name}: no attribute here takes a list of values`, { field: 'body' });
    if (target.has(key)) throw new InvalidInput(`${name} is sent twice`, { field: 'body' });
    if (value !== '') target.set(key, value);
  }
  if (attributes.size && fields.has('attribute')) throw new InvalidInput('attribute is sent both as attribute and as attribute[code]', { field: 'body' });
  // fromEntries makes own properties even of "__proto__", which the schema then refuses.
  const body: Record<string, unknown> = Object.fromEntries(fields);
  if (attributes.size) body.attribute = Object.fromEntries(attributes);
  return body;
}

/**
 * The router refuses a path it cannot read (a parameter past its length limit, a broken escape)
 * before any route, hence before the Open311 scope's hooks: under /open311/ the refusal is put in
 * the spec's format here; elsewhere it keeps the body Fastify gives it.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  if (request.url.startsWith('/open311/')) {
    const errors: Open311Error[] = [{ code: status, description: 'the path is not a resource of this endpoint: a service_code or service_request_id is at most 100 characters of valid URL encoding' }];
    void reply.status(status).send(errors);
    return;
  }
  void reply.status(status).send({ error: status === 414 ? 'URI Too Long' : 'Bad Request', code: error.code, message: error.message, statusCode: status });
}
