import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The citizen's access token is an HMAC of the case id: nothing to store, and a retried
 * submission (same case) hands back the same token.
 */
export function accessTokenFor(caseId: string, secret: string): string {
  return createHmac('sha256', secret).update(`case-access:${caseId}`).digest('base64url');
}

export function isAccessTokenValid(caseId: string, token: string, secret: string): boolean {
  const expected = Buffer.from(accessTokenFor(caseId, secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// Crockford's base32 without I, L, O, U: read aloud over a counter without confusion.
const TRACKING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `KH-XXXX-XXXX-XX`: 50 random bits, short enough to read over the phone. */
export function newTrackingCode(): string {
  let code = '';
  for (let i = 0; i < 10; i += 1) code += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return `KH-${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

export const TRACKING_CODE_PATTERN = '^KH-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$';
