/**
 * Amounts in dirhams, kept exactly as whole centimes. Written as a person types them: digits with
 * optional spaces between thousands, and up to two decimals after a point or a comma
 * ("1 234 567,89", "1234567.89").
 */

/** Above any public contract's amount (a hundred billion dirhams), and far below 2^53 centimes. */
export const MAX_CENTIMES = 10_000_000_000_000;

const AMOUNT = /^(\d{1,14})(?:[.,](\d{1,2}))?$/;

/** Centimes of an amount in dirhams, or null when it is not one. */
export function parseMad(text: string): number | null {
  const compact = text.replace(/[\s\u00A0\u202F]/g, '');
  const match = AMOUNT.exec(compact);
  if (!match) return null;
  const centimes = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return centimes <= MAX_CENTIMES ? centimes : null;
}

/** "1234567.89" */
export function formatMad(centimes: number): string {
  return `${Math.trunc(centimes / 100)}.${String(centimes % 100).padStart(2, '0')}`;
}
