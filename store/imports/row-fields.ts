import type { ReasonCode, RowReason } from '../../domain/open-data/import-report.js';
import { isPlainText } from '../../domain/text.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FRENCH_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
/** Digits with spaces (or no-break spaces) between thousands, and at most one decimal mark. */
const AMOUNT = /^(\d{1,3}(?:[ \u00A0\u202F]\d{3})*|\d+)(?:[.,](\d+))?$/;

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Reads one row's fields, collecting every reason it cannot be imported rather than stopping at
 * the first, so the report tells the whole fix at once. A missing key, `null` and an empty CSV
 * cell are all "no value".
 */
export class RowFields {
  readonly reasons: RowReason[] = [];
  /** false when the row is not an object at all: its fields are then not worth reporting one by one */
  readonly isObject: boolean;
  private readonly values: Record<string, unknown>;

  constructor(values: unknown, known: readonly string[]) {
    if (!values || typeof values !== 'object' || Array.isArray(values)) {
      this.values = {};
      this.isObject = false;
      this.fail('*', 'not_an_object', 'each element of a JSON file must be an object of field → value');
      return;
    }
    this.values = values as Record<string, unknown>;
    this.isObject = true;
    for (const name of Object.keys(this.values)) {
      if (!known.includes(name)) this.fail(name, 'unknown_field', `unknown field "${name.slice(0, 60)}"; the fields are: ${known.join(', ')}`);
    }
  }

  fail(field: string, code: ReasonCode, message: string): null {
    this.reasons.push({ field, code, message });
    return null;
  }

  private raw(field: string, required: boolean): string | number | null {
    const value = this.values[field];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      return required ? this.fail(field, 'required', `${field} is required`) : null;
    }
    if (typeof value === 'number') return value;
    if (typeof value !== 'string') return this.fail(field, 'wrong_type', `${field} must be a text or a number`);
    if (!isPlainText(value, 'single')) {
      return this.fail(field, 'control_characters', `${field} must be plain text on one line: no NUL or other control characters, no unpaired surrogates, no bidirectional overrides`);
    }
    if (value.includes('\uFFFD')) return this.fail(field, 'not_utf8', `${field} holds bytes that are not UTF-8; save the file as UTF-8`);
    return value.trim();
  }

  text(field: string, options: { required?: boolean; maxLength: number }): string | null {
    const value = this.raw(field, options.required ?? true);
    if (value === null) return null;
    const text = String(value);
    if (text.length > options.maxLength) return this.fail(field, 'too_long', `${field} is longer than ${options.maxLength} characters`);
    return text;
  }

  /** A text that must match a pattern (a code, a reference); `rule` says what it must look like. */
  code(field: string, pattern: RegExp, rule: string, options: { required?: boolean; maxLength: number }): string | null {
    const text = this.text(field, options);
    if (text === null) return null;
    return pattern.test(text) ? text : this.fail(field, 'unknown_value', `${field} ${rule}`);
  }

  oneOf<T extends string>(field: string, values: readonly T[], options: { required?: boolean; fold?: (text: string) => string } = {}): T | null {
    const text = this.text(field, { required: options.required ?? true, maxLength: 200 });
    if (text === null) return null;
    const found = values.find((v) => v === text || (options.fold && options.fold(v) === options.fold(text)));
    return found ?? this.fail(field, 'unknown_value', `${field} must be one of: ${values.join(', ')}`);
  }

  integer(field: string, options: { required?: boolean; min: number; max: number }): number | null {
    const value = this.raw(field, options.required ?? true);
    if (value === null) return null;
    const number = typeof value === 'number' ? value : /^-?\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
    if (typeof value === 'string' && Number.isNaN(number)) return this.fail(field, 'not_an_integer', `${field} must be a whole number`);
    if (!Number.isFinite(number)) return this.fail(field, 'out_of_range', `${field} must be a finite number`);
    if (!Number.isInteger(number)) return this.fail(field, 'not_an_integer', `${field} must be a whole number`);
    if (number < options.min || number > options.max) return this.fail(field, 'out_of_range', `${field} must be between ${options.min} and ${options.max}`);
    return number;
  }

  /** A calendar date, YYYY-MM-DD (or DD/MM/YYYY as French spreadsheets write it), returned as YYYY-MM-DD. */
  date(field: string, options: { required?: boolean; minYear: number; maxYear: number }): string | null {
    const value = this.raw(field, options.required ?? true);
    if (value === null) return null;
    const text = String(value);
    const iso = DATE.exec(text);
    const french = FRENCH_DATE.exec(text);
    const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : french ? [french[3], french[2], french[1]] : [];
    if (!year || !month || !day || !isRealDate(Number(year), Number(month), Number(day))) {
      return this.fail(field, 'not_a_date', `${field} must be a date, YYYY-MM-DD or DD/MM/YYYY`);
    }
    if (Number(year) < options.minYear || Number(year) > options.maxYear) {
      return this.fail(field, 'out_of_range', `${field} must be between ${options.minYear} and ${options.maxYear}`);
    }
    return `${year}-${month}-${day}`;
  }

  /**
   * An amount of money in centimes, exactly: from a text ("125 000,50", "125000.5") or a JSON
   * number, never through floating-point arithmetic.
   */
  centimes(field: string, options: { required?: boolean; maxUnits: bigint }): bigint | null {
    const value = this.raw(field, options.required ?? true);
    if (value === null) return null;
    if (typeof value === 'number' && !Number.isFinite(value)) return this.fail(field, 'out_of_range', `${field} must be a finite number`);
    // A JSON number's shortest text (0.1 + 0.2 reads 0.30000000000000004, refused below as too precise).
    const text = typeof value === 'number' ? (Math.abs(value) < 1e21 ? String(value) : 'too large') : value;
    if (/^-/.test(text)) return this.fail(field, 'out_of_range', `${field} must not be negative`);
    const match = AMOUNT.exec(text);
    if (!match) return this.fail(field, 'not_a_number', `${field} must be an amount such as 125000.50 or 125 000,50`);
    const units = (match[1] ?? '').replace(/[ \u00A0\u202F]/g, '');
    const decimals = match[2] ?? '';
    if (decimals.length > 2) return this.fail(field, 'too_many_decimals', `${field} has more than 2 decimals (centimes)`);
    if (units.length > 16 || BigInt(units) > options.maxUnits) return this.fail(field, 'out_of_range', `${field} must be at most ${options.maxUnits}`);
    return BigInt(units) * 100n + BigInt(decimals.padEnd(2, '0'));
  }
}
