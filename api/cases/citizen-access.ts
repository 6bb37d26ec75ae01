import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { trackingCode, TRACKING_CODE_PATTERN } from '../../domain/cases/tracking-code.js';

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

/** A new tracking code, drawn from the crypto generator. */
export function newTrackingCode(): string {
  return trackingCode(randomInt);
}

export { TRACKING_CODE_PATTERN };
