/*
 * Addresses shown to staff and texts kept about failures must not give away a person's contact
 * details: staff see enough to tell two addresses apart, logs and stored errors see none.
 */

/** "handler@justice.khidma.test" → "h***@justice.khidma.test" */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** "+212 612345678" → "+2126****5678" */
export function maskPhone(phone: string): string {
  const compact = internationalPhone(phone);
  if (compact.length < 9) return '****';
  return `${compact.slice(0, 5)}****${compact.slice(-4)}`;
}

/**
 * The number as an SMS gateway expects it: digits with a leading "+". Separators go; "00" is the
 * international prefix; a leading single "0" is the Moroccan national format (06…, 07…, 05…).
 */
export function internationalPhone(phone: string): string {
  const digits = phone.replace(/[\s.-]/g, '');
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (digits.startsWith('0')) return `+212${digits.slice(1)}`;
  return `+${digits}`;
}

const EMAIL_LIKE = /[^\s<>"'@]+@[^\s<>"'@]+/g;
const NUMBER_LIKE = /\+?\d[\d .-]{5,}\d/g;
const MAX_ERROR_LENGTH = 300;

/** A provider's error text with anything like an address or a phone number taken out, and kept short. */
export function withoutContactDetails(text: string): string {
  return text.replace(EMAIL_LIKE, '<address>').replace(NUMBER_LIKE, '<number>').slice(0, MAX_ERROR_LENGTH);
}
