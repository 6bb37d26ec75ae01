// Crockford's base32 without I, L, O, U: read aloud over a counter without confusion.
const TRACKING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `KH-XXXX-XXXX-XX`: 50 random bits, short enough to read over the phone. `randomBelow(n)` draws in [0, n). */
export function trackingCode(randomBelow: (n: number) => number): string {
  let code = '';
  for (let i = 0; i < 10; i += 1) code += TRACKING_ALPHABET[randomBelow(TRACKING_ALPHABET.length)];
  return `KH-${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

export const TRACKING_CODE_PATTERN = '^KH-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$';
