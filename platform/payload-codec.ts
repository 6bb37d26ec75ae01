import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';

const ENCODING = 'binary/encrypted';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The key every development platform used before keys were generated: opens their older workflows, never seals. */
const RETIRED_DEVELOPMENT_KEY = createHash('sha256').update('khidma-development-payload-key-not-for-production').digest();

/**
 * Encrypts every payload our clients and workers exchange with Temporal (AES-256-GCM), so the
 * applicant's national id and phone in a case's input never rest in Temporal's history or show
 * in its UI. Written by hand because Temporal ships the codec interface, not an implementation;
 * this follows its encryption sample.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keyId: string;
  /** every key a payload may have been sealed with, by id: the current one and the retired ones */
  private readonly keys = new Map<string, Buffer>();

  /** `retired`: keys replaced by `key`, kept so that workflows started before the rotation stay readable. */
  constructor(
    private readonly key: Buffer,
    retired: Buffer[] = [],
  ) {
    for (const k of [key, ...retired]) {
      if (k.length !== 32) throw new Error('a payload key must be 32 bytes (base64 in PAYLOAD_ENCRYPTION_KEY / PAYLOAD_RETIRED_KEYS)');
      this.keys.set(keyIdOf(k), k);
    }
    this.keyId = keyIdOf(key);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, this.key, iv);
      const plain = Buffer.from(JSON.stringify({ metadata: mapOf(payload.metadata), data: base64(payload.data) }));
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: Buffer.from(ENCODING), 'encryption-key-id': Buffer.from(this.keyId) }, data: sealed };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCODING) return payload;
      const keyId = Buffer.from(payload.metadata?.['encryption-key-id'] ?? []).toString();
      const key = this.keys.get(keyId);
      if (!key) throw new Error(`a payload was sealed with key ${keyId}, which is neither PAYLOAD_ENCRYPTION_KEY nor in PAYLOAD_RETIRED_KEYS`);
      const sealed = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv(ALGORITHM, key, sealed.subarray(0, IV_BYTES));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      const inner = JSON.parse(plain.toString()) as { metadata: Record<string, string>; data: string };
      return {
        metadata: Object.fromEntries(Object.entries(inner.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
        data: Buffer.from(inner.data, 'base64'),
      };
    });
  }
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function base64(bytes: Uint8Array | null | undefined): string {
  return Buffer.from(bytes ?? []).toString('base64');
}

function mapOf(metadata: Payload['metadata']): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, base64(v)]));
}

/**
 * The data converter of every Temporal client and worker of ours: PAYLOAD_ENCRYPTION_KEY seals, and
 * it or any of PAYLOAD_RETIRED_KEYS (comma-separated) opens. `npm start` generates the key into its
 * data directory; the key all development platforms once shared still opens what it sealed.
 */
export function caseDataConverter(env: NodeJS.ProcessEnv = process.env): DataConverter {
  const configured = env.PAYLOAD_ENCRYPTION_KEY;
  if (!configured) throw new Error('PAYLOAD_ENCRYPTION_KEY must be set (npm start generates one into the data directory)');
  const key = Buffer.from(configured, 'base64');
  if (key.equals(RETIRED_DEVELOPMENT_KEY)) throw new Error('PAYLOAD_ENCRYPTION_KEY is the published development key; set a random one');
  const retired = (env.PAYLOAD_RETIRED_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => Buffer.from(k, 'base64'));
  return { payloadCodecs: [new AesGcmPayloadCodec(key, [...retired, RETIRED_DEVELOPMENT_KEY])] };
}
