/**
 * What an import of open data answers, shared by the API, the datasets and the admin page (which
 * translates each reason by its `code`, so codes are stable and messages only a convenience).
 */
export const IMPORT_DATASETS = ['grants', 'tenders'] as const;
export type DatasetName = (typeof IMPORT_DATASETS)[number];

export type ImportFormat = 'csv' | 'json';

export const REASON_CODES = [
  /** a value the row must have is missing or empty */
  'required',
  /** a column or key the dataset does not know */
  'unknown_field',
  /** a CSV row with more or fewer cells than the header */
  'column_count',
  /** a JSON element that is not an object */
  'not_an_object',
  /** a JSON value of the wrong type (an object where a text is expected…) */
  'wrong_type',
  /** NUL, another control character, a lone surrogate or a bidirectional override */
  'control_characters',
  /** bytes that are not UTF-8 (decoded as U+FFFD) */
  'not_utf8',
  'too_long',
  'not_a_number',
  'not_an_integer',
  'too_many_decimals',
  'out_of_range',
  'not_a_date',
  /** not one of the values the field takes (a type, a region…) */
  'unknown_value',
  /** two fields that contradict each other (a province of another region) */
  'inconsistent',
  /** an earlier row of the same file has the same natural key */
  'duplicate_key',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface RowReason {
  field: string;
  code: ReasonCode;
  message: string;
}

export interface RejectedRow {
  /** CSV: the file's line number (the header is 1); JSON: the element's 1-based index */
  row: number;
  reasons: RowReason[];
}

export interface ImportChange {
  row: number;
  key: string;
  action: 'create' | 'update';
  /** for an update, the fields that change */
  fields?: string[];
}

export interface ImportReport {
  dataset: DatasetName;
  dryRun: boolean;
  format: ImportFormat;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
  /** more rows were rejected than `rejected` lists */
  rejectedTruncated: boolean;
  changes: ImportChange[];
  /** more rows change than `changes` lists */
  changesTruncated: boolean;
}
