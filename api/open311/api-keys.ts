import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../platform/prisma.js';
import { InvalidApiKey, NotFound } from '../errors.js';

/**
 * The api_keys of Open311 clients. A key is 256 random bits, so a plain sha256 is enough to keep
 * it: there is nothing to guess from the hash. Only the hash and the key's first characters
 * (to tell keys apart in the list) are stored.
 */
const KEY_PREFIX = 'o311_';
const KEY_PATTERN = /^o311_[A-Za-z0-9_-]{43}$/;
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 6;

function hashOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

type ClientRow = Awaited<ReturnType<PrismaClient['open311Client']['findFirstOrThrow']>>;

export function clientView(row: ClientRow) {
  return {
    id: row.id,
    name: row.name,
    keyPrefix: row.keyPrefix,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export async function issueClientKey(prisma: PrismaClient, name: string, adminId: string) {
  const apiKey = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await prisma.open311Client.create({ data: { name, keyHash: hashOf(apiKey), keyPrefix: apiKey.slice(0, SHOWN_PREFIX_LENGTH), createdBy: adminId } });
  return { client: clientView(row), apiKey };
}

export async function listClients(prisma: PrismaClient) {
  const rows = await prisma.open311Client.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
  return rows.map(clientView);
}

/** Revoking twice changes nothing: the first revocation's date stays. */
export async function revokeClient(prisma: PrismaClient, id: string, adminId: string) {
  const row = await prisma.open311Client.findUnique({ where: { id } });
  if (!row) throw new NotFound('no Open311 client has this id');
  if (row.revokedAt) return clientView(row);
  return clientView(await prisma.open311Client.update({ where: { id }, data: { revokedAt: new Date(), revokedBy: adminId } }));
}

/** The client a request's api_key belongs to; 403 when the key is missing, unknown or revoked. */
export async function clientOfKey(prisma: PrismaClient, apiKey: unknown): Promise<{ id: string }> {
  if (typeof apiKey !== 'string' || apiKey === '') {
    throw new InvalidApiKey('api_key was not provided: a request is created only with the api_key the administration issued to your application');
  }
  // A key of the wrong shape is refused like an unknown one, without a look-up.
  const row = KEY_PATTERN.test(apiKey) ? await prisma.open311Client.findUnique({ where: { keyHash: hashOf(apiKey) } }) : null;
  if (!row) throw new InvalidApiKey('api_key is not valid: no application has this key');
  if (row.revokedAt) throw new InvalidApiKey('api_key was revoked: ask the administration for a new one');
  await prisma.open311Client.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { id: row.id };
}
