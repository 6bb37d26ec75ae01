import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec, caseDataConverter } from '../../platform/payload-codec.js';

const payload = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"nationalId":"AB123456"}') };

describe('the payload codec', () => {
  it('round-trips a payload and hides its content', async () => {
    const codec = new AesGcmPayloadCodec(randomBytes(32));
    const [sealed] = await codec.encode([payload]);
    expect(Buffer.from(sealed!.data!).includes(Buffer.from('AB123456'))).toBe(false);
    const [opened] = await codec.decode([sealed!]);
    expect(Buffer.from(opened!.data!).toString()).toBe('{"nationalId":"AB123456"}');
    expect(Buffer.from(opened!.metadata!.encoding!).toString()).toBe('json/plain');
  });

  it('refuses a tampered payload and a wrong key', async () => {
    const codec = new AesGcmPayloadCodec(randomBytes(32));
    const [sealed] = await codec.encode([payload]);
    const tampered = Buffer.from(sealed!.data!);
    tampered[20] = tampered[20]! ^ 1;
    await expect(codec.decode([{ ...sealed!, data: tampered }])).rejects.toThrow();
    await expect(new AesGcmPayloadCodec(randomBytes(32)).decode([sealed!])).rejects.toThrow(/PAYLOAD_RETIRED_KEYS/);
  });

  it('opens what a retired key sealed after a rotation, and names an unknown key', async () => {
    const before = randomBytes(32);
    const after = randomBytes(32);
    const [sealed] = await new AesGcmPayloadCodec(before).encode([payload]);
    const [opened] = await new AesGcmPayloadCodec(after, [before]).decode([sealed!]);
    expect(Buffer.from(opened!.data!).toString()).toBe('{"nationalId":"AB123456"}');
    await expect(new AesGcmPayloadCodec(after).decode([sealed!])).rejects.toThrow(/PAYLOAD_RETIRED_KEYS/);
  });

  it('needs a key in production and a 32-byte one always', () => {
    expect(() => caseDataConverter({ NODE_ENV: 'production' })).toThrow(/PAYLOAD_ENCRYPTION_KEY/);
    expect(() => caseDataConverter({ PAYLOAD_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/32 bytes/);
    expect(caseDataConverter({ NODE_ENV: 'production', PAYLOAD_ENCRYPTION_KEY: randomBytes(32).toString('base64') }).payloadCodecs).toHaveLength(1);
  });
});
