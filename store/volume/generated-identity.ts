/*
 * Names of generated rows: what lets an operator tell them from real ones, and keeps them from
 * colliding with real ones or with each other.
 */

/** Every generated case's workflow id starts so: no workflow runs behind it. */
export const GENERATED_WORKFLOW_PREFIX = 'generated-';

/** Generated staff accounts' user names start so (their password is a random secret nobody holds). */
export const GENERATED_STAFF_PREFIX = 'gen-';

export function generatedWorkflowId(seed: number, index: number): string {
  return `${GENERATED_WORKFLOW_PREFIX}${seed}-${index}`;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BITS = 50n;
const MASK = (1n << BITS) - 1n;
/** odd, so multiplying by it modulo 2^50 is a bijection */
const MULTIPLIER = 0x2545f4914f6cdn | 1n;

/**
 * A tracking code of the real format (`KH-XXXX-XXXX-XX`, 50 bits) that no other generated case
 * has: the seed's low 10 bits, whether the case was opened by another, and its index, mixed by a
 * bijection so that codes look as random as real ones. A real code (drawn at random) meets one of
 * these with the odds of any two random codes, which the unique index would refuse.
 */
export function generatedTrackingCode(seed: number, linked: boolean, index: number): string {
  if (index >= 2 ** 39) throw new RangeError('too many generated cases for one seed');
  let n = (BigInt(seed & 0x3ff) << 40n) | (BigInt(linked ? 1 : 0) << 39n) | BigInt(index);
  for (let round = 0; round < 2; round++) {
    n = (n * MULTIPLIER) & MASK;
    n ^= n >> 23n;
  }
  let code = '';
  for (let i = 0; i < 10; i++) {
    code = ALPHABET[Number(n & 31n)]! + code;
    n >>= 5n;
  }
  return `KH-${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}
