import { isIsoDate } from '../calendar/iso-date.js';
import type { RowReason } from '../open-data/import-report.js';
import type { IsoDate } from '../calendar/types.js';
import { localTimeToMs } from '../calendar/zoned-time.js';
import type { ZoneRules } from '../calendar/zone-rules.js';
import { foldForSearch } from '../search-fold.js';
import { isPlainText } from '../text.js';
import { MAX_CENTIMES, parseMad } from './money.js';
import {
  TENDER_CATEGORIES,
  TENDER_PROCEDURES,
  type TenderAward,
  type TenderCategory,
  type TenderDocument,
  type TenderLot,
  type TenderProcedure,
} from './tender.js';

/** A call for tenders as it is stored: every value checked, dates as instants, amounts in centimes. */
export interface TenderRecord {
  reference: string;
  objectFr: string;
  objectAr: string;
  buyerCode: string;
  buyerName: string;
  buyerNameAr: string;
  category: TenderCategory;
  procedure: TenderProcedure;
  publishedOn: IsoDate;
  deadlineAt: number;
  openingAt: number;
  openingPlace: string;
  estimateCentimes: number | null;
  guaranteeCentimes: number | null;
  lots: TenderLot[];
  documents: TenderDocument[];
  cancelledOn: IsoDate | null;
  cancellationReason: string | null;
  award: TenderAward | null;
}

/** Why a field of a row was refused: `code` is what pages translate, `message` says it in English. */
export type FieldReason = RowReason;

/** The columns of a tenders file (CSV header or JSON keys). `lots` and `documents` are JSON arrays, in a CSV cell as JSON text. */
export const TENDER_COLUMNS = [
  'reference', 'objectFr', 'objectAr', 'buyerCode', 'buyerName', 'buyerNameAr', 'category', 'procedure', 'publishedOn', 'deadline',
  'openingAt', 'openingPlace', 'estimate', 'guarantee', 'lots', 'documents', 'cancelledOn', 'cancellationReason', 'awardee', 'awardAmount', 'awardedOn',
] as const;

/** References never taken by a call: the paths beside the calls' own. */
export const RESERVED_REFERENCES = ['feed.atom', 'feed.rss'];

const REFERENCE_MAX = 100;
const TEXT_MAX = 1000;
const NAME_MAX = 300;
const MAX_LOTS = 200;
const MAX_DOCUMENTS = 50;
const MAX_FILE_BYTES = 2 ** 40;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$/;
const BUYER_CODE = /^[A-Z0-9][A-Z0-9_-]{0,39}$/;
const FILE_NAME = /^[^/\\]{1,200}$/;

class Reader {
  readonly reasons: FieldReason[] = [];
  private readonly row: Record<string, unknown>;

  constructor(row: unknown) {
    if (!row || typeof row !== 'object' || Array.isArray(row)) {
      this.row = {};
      this.refuse('*', 'not_an_object', 'each element of a JSON file must be an object of field → value');
      return;
    }
    this.row = row as Record<string, unknown>;
    for (const name of Object.keys(this.row)) {
      if (!(TENDER_COLUMNS as readonly string[]).includes(name)) this.refuse(name, 'unknown_field', `unknown field "${name.slice(0, 60)}"; the fields are: ${TENDER_COLUMNS.join(', ')}`);
    }
  }

  refuse(field: string, code: FieldReason['code'], message: string): null {
    this.reasons.push({ field, code, message });
    return null;
  }

  /** A cell's text, trimmed; empty cells and absent keys are null. Numbers (JSON) read as their text. */
  raw(field: string): string | null {
    const value = this.row[field];
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value !== 'string') return this.refuse(field, 'wrong_type', `${field} must be a text or a number`);
    const trimmed = value.trim();
    if (trimmed.includes('\uFFFD')) return this.refuse(field, 'not_utf8', `${field} holds bytes that are not UTF-8; save the file as UTF-8`);
    return trimmed === '' ? null : trimmed;
  }

  text(field: string, max: number, options: { required?: boolean; value?: unknown } = {}): string | null {
    const value = 'value' in options ? (typeof options.value === 'string' ? options.value.trim() || null : null) : this.raw(field);
    if (value === null) return options.required === false ? null : this.refuse(field, 'required', `${field} is required`);
    if (!isPlainText(value, 'single')) return this.refuse(field, 'control_characters', `${field} must be plain text on one line: no NUL or other control characters, no unpaired surrogates, no bidirectional overrides`);
    if ([...value].length > max) return this.refuse(field, 'too_long', `${field} must be at most ${max} characters`);
    return value;
  }

  oneOf<T extends string>(field: string, values: readonly T[]): T | null {
    const value = this.raw(field);
    if (value === null) return this.refuse(field, 'required', `${field} is required`);
    return (values as readonly string[]).includes(value) ? (value as T) : this.refuse(field, 'unknown_value', `${field} must be one of ${values.join(', ')}`);
  }

  date(field: string, required: boolean): IsoDate | null {
    const value = this.raw(field);
    if (value === null) return required ? this.refuse(field, 'required', `${field} is required`) : null;
    return isIsoDate(value) ? value : this.refuse(field, 'not_a_date', `${field} must be a date written YYYY-MM-DD`);
  }

  /** A Moroccan wall-clock date and time ("2026-12-14 10:00"), as the instant it names in legal time. */
  localDateTime(field: string, zone: ZoneRules): number | null {
    const value = this.raw(field);
    if (value === null) return this.refuse(field, 'required', `${field} is required`);
    const match = LOCAL_DATE_TIME.exec(value);
    const [hour, minute] = [Number(match?.[2]), Number(match?.[3])];
    if (!match || !isIsoDate(match[1]) || hour > 23 || minute > 59) {
      return this.refuse(field, 'not_a_date', `${field} must be a local date and time in Morocco written YYYY-MM-DD HH:mm`);
    }
    return localTimeToMs(match[1] as IsoDate, hour * 60 + minute, zone);
  }

  amount(field: string, value: unknown = this.raw(field)): number | null {
    if (value === null || value === undefined || value === '') return null;
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) return this.refuse(field, 'wrong_type', `${field} must be an amount in dirhams`);
    const text = String(value);
    const centimes = parseMad(text);
    if (centimes !== null) return centimes;
    const digits = /^\d+(?:[.,](\d+))?$/.exec(text.replace(/[\s\u00A0\u202F]/g, ''));
    if (digits && (digits[1]?.length ?? 0) > 2) return this.refuse(field, 'too_many_decimals', `${field} has more than two decimals: amounts are in dirhams and centimes`);
    if (digits) return this.refuse(field, 'out_of_range', `${field} is larger than any contract (at most ${MAX_CENTIMES / 100} dirhams)`);
    return this.refuse(field, 'not_a_number', `${field} must be an amount in dirhams with at most two decimals (e.g. 1250000.00)`);
  }

  /** A JSON array: as it is in a JSON file, or as JSON text in a CSV cell. */
  list(field: string, max: number): unknown[] {
    const value = this.row[field];
    if (value === undefined || value === null || value === '') return [];
    let parsed: unknown = value;
    if (typeof value === 'string') {
      try {
        parsed = JSON.parse(value);
      } catch {
        this.refuse(field, 'wrong_type', `${field} must be a JSON array`);
        return [];
      }
    }
    if (!Array.isArray(parsed) || parsed.length > max || parsed.some((item) => typeof item !== 'object' || item === null || Array.isArray(item))) {
      this.refuse(field, Array.isArray(parsed) && parsed.length > max ? 'out_of_range' : 'wrong_type', `${field} must be a JSON array of at most ${max} objects`);
      return [];
    }
    return parsed;
  }
}

function readLots(reader: Reader): TenderLot[] {
  const lots: TenderLot[] = [];
  reader.list('lots', MAX_LOTS).forEach((item, index) => {
    const lot = item as Record<string, unknown>;
    const at = `lots.${index}`;
    const number = lot.number;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 999) {
      reader.refuse(`${at}.number`, typeof number === 'number' && Number.isInteger(number) ? 'out_of_range' : 'not_an_integer', `${at}.number must be a whole number from 1 to 999`);
      return;
    }
    if (lots.some((l) => l.number === number)) {
      reader.refuse(`${at}.number`, 'inconsistent', `lot ${number} appears twice`);
      return;
    }
    const objectFr = reader.text(`${at}.objectFr`, TEXT_MAX, { value: lot.objectFr });
    const objectAr = reader.text(`${at}.objectAr`, TEXT_MAX, { value: lot.objectAr });
    const estimateCentimes = reader.amount(`${at}.estimate`, lot.estimate);
    const guaranteeCentimes = reader.amount(`${at}.guarantee`, lot.guarantee);
    if (objectFr !== null && objectAr !== null) lots.push({ number, objectFr, objectAr, estimateCentimes, guaranteeCentimes });
  });
  return lots.sort((a, b) => a.number - b.number);
}

function readDocuments(reader: Reader): TenderDocument[] {
  const documents: TenderDocument[] = [];
  reader.list('documents', MAX_DOCUMENTS).forEach((item, index) => {
    const doc = item as Record<string, unknown>;
    const at = `documents.${index}`;
    const fileName = reader.text(`${at}.fileName`, 200, { value: doc.fileName });
    if (fileName !== null && !FILE_NAME.test(fileName)) reader.refuse(`${at}.fileName`, 'unknown_value', `${at}.fileName must be a file name without / or \\`);
    const size = doc.sizeBytes;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > MAX_FILE_BYTES) {
      reader.refuse(`${at}.sizeBytes`, typeof size === 'number' && Number.isInteger(size) ? 'out_of_range' : 'not_an_integer', `${at}.sizeBytes must be a whole number of bytes`);
      return;
    }
    let url: string | null = null;
    try {
      const parsed = typeof doc.url === 'string' && doc.url.length <= 2000 ? new URL(doc.url) : null;
      if (parsed && (parsed.protocol === 'https:' || parsed.protocol === 'http:')) url = parsed.href;
    } catch {
      url = null;
    }
    if (url === null) {
      reader.refuse(`${at}.url`, 'unknown_value', `${at}.url must be an http or https address of the file`);
      return;
    }
    if (fileName !== null && FILE_NAME.test(fileName)) {
      if (documents.some((d) => d.fileName === fileName)) reader.refuse(`${at}.fileName`, 'inconsistent', `the file ${fileName} appears twice`);
      else documents.push({ fileName, sizeBytes: size, url });
    }
  });
  return documents;
}

/** One row of an import (CSV cells as text, or a JSON object) as a call for tenders, or every reason it is refused. */
export function readTenderRow(row: unknown, zone: ZoneRules): { record: TenderRecord } | { reasons: FieldReason[] } {
  const reader = new Reader(row);
  if (reader.reasons.some((r) => r.code === 'not_an_object')) return { reasons: reader.reasons };
  const reference = reader.text('reference', REFERENCE_MAX);
  if (reference !== null && RESERVED_REFERENCES.includes(reference.toLowerCase())) reader.refuse('reference', 'unknown_value', `reference may not be ${reference}`);
  // "." and ".." would be path segments browsers and clients collapse: the call could never be opened.
  if (reference !== null && /^\.+$/.test(reference)) reader.refuse('reference', 'unknown_value', `reference may not be ${reference}`);
  const objectFr = reader.text('objectFr', TEXT_MAX);
  const objectAr = reader.text('objectAr', TEXT_MAX);
  const buyerCode = reader.text('buyerCode', 40);
  if (buyerCode !== null && !BUYER_CODE.test(buyerCode)) reader.refuse('buyerCode', 'unknown_value', 'buyerCode must be capital letters, digits, - or _ (e.g. MJ)');
  const buyerName = reader.text('buyerName', NAME_MAX);
  const buyerNameAr = reader.text('buyerNameAr', NAME_MAX);
  const category = reader.oneOf('category', TENDER_CATEGORIES);
  const procedure = reader.oneOf('procedure', TENDER_PROCEDURES);
  const publishedOn = reader.date('publishedOn', true);
  const deadlineAt = reader.localDateTime('deadline', zone);
  const openingAt = reader.localDateTime('openingAt', zone);
  const openingPlace = reader.text('openingPlace', NAME_MAX);
  const estimateCentimes = reader.amount('estimate');
  const guaranteeCentimes = reader.amount('guarantee');
  const lots = readLots(reader);
  const documents = readDocuments(reader);
  const cancelledOn = reader.date('cancelledOn', false);
  const cancellationReason = reader.text('cancellationReason', TEXT_MAX, { required: false });
  const awardee = reader.text('awardee', NAME_MAX, { required: false });
  const awardCentimes = reader.amount('awardAmount');
  const awardedOn = reader.date('awardedOn', false);

  const awardParts = [awardee, awardCentimes, awardedOn].filter((part) => part !== null).length;
  if (awardParts !== 0 && awardParts !== 3) reader.refuse('awardee', 'inconsistent', 'an award needs awardee, awardAmount and awardedOn together');
  if (deadlineAt !== null && openingAt !== null && openingAt < deadlineAt) reader.refuse('openingAt', 'inconsistent', 'bids are opened at or after the deadline');
  if (publishedOn !== null && deadlineAt !== null && Date.parse(`${publishedOn}T00:00:00Z`) > deadlineAt) {
    reader.refuse('deadline', 'inconsistent', 'the deadline must come after the publication date');
  }
  if (guaranteeCentimes !== null && estimateCentimes !== null && guaranteeCentimes > estimateCentimes) {
    reader.refuse('guarantee', 'inconsistent', 'the provisional guarantee cannot exceed the estimate');
  }
  if (reader.reasons.length > 0) return { reasons: reader.reasons };
  return {
    record: {
      reference: reference!,
      objectFr: objectFr!,
      objectAr: objectAr!,
      buyerCode: buyerCode!,
      buyerName: buyerName!,
      buyerNameAr: buyerNameAr!,
      category: category!,
      procedure: procedure!,
      publishedOn: publishedOn!,
      deadlineAt: deadlineAt!,
      openingAt: openingAt!,
      openingPlace: openingPlace!,
      estimateCentimes,
      guaranteeCentimes,
      lots,
      documents,
      cancelledOn,
      cancellationReason,
      award: awardee !== null && awardCentimes !== null && awardedOn !== null ? { awardee, amountCentimes: awardCentimes, awardedOn } : null,
    },
  };
}

/** The folded text the public search looks into: reference, objects, buyer and lots, in both languages. */
export function tenderSearchText(record: Pick<TenderRecord, 'reference' | 'objectFr' | 'objectAr' | 'buyerCode' | 'buyerName' | 'buyerNameAr' | 'lots'>): string {
  return foldForSearch(
    [record.reference, record.objectFr, record.objectAr, record.buyerCode, record.buyerName, record.buyerNameAr, ...record.lots.flatMap((lot) => [lot.objectFr, lot.objectAr])].join(' \u0001 '),
  );
}
