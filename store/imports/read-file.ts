import { parse } from 'csv-parse/sync';
import type { ImportFormat, RowReason } from '../../domain/open-data/import-report.js';

/** One row of an import file, before its dataset reads it. */
export interface SourceRow {
  /** CSV: the file's line number where the row starts (the header is 1); JSON: the element's 1-based index */
  row: number;
  /** CSV: column → text; JSON: the element as parsed (an object when well formed) */
  values: unknown;
  /** what is wrong with the row before any dataset looks at it (a cell too many…) */
  reasons: RowReason[];
}

export interface ImportFile {
  format: ImportFormat;
  rows: SourceRow[];
}

/** The file as a whole cannot be read: nothing of it is imported. */
export class UnreadableImportFile extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableImportFile';
  }
}

/**
 * Lenient decoding: a byte sequence that is not UTF-8 becomes U+FFFD, which the datasets refuse in
 * the row that holds it, so one mangled cell costs one row rather than the file.
 */
const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** `;` or `,`, whichever the header line uses outside quotes (a French spreadsheet writes `;`). */
function delimiterOf(text: string): ';' | ',' {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ';') semicolons += 1;
    else if (!quoted && char === ',') commas += 1;
  }
  return semicolons > commas ? ';' : ',';
}

function newlinesIn(values: Record<string, string>): number {
  let count = 0;
  for (const value of Object.values(values)) for (const char of value) if (char === '\n') count += 1;
  return count;
}

function readCsv(text: string): SourceRow[] {
  const delimiter = delimiterOf(text);
  let records: { record: Record<string, string>; info: { lines: number; error?: { code?: string; record?: unknown[] } } }[];
  try {
    records = parse(text, {
      delimiter,
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim());
        const blank = names.findIndex((name) => name === '');
        if (blank >= 0) throw new UnreadableImportFile(`the header's column ${blank + 1} has no name`);
        const twice = names.find((name, index) => names.indexOf(name) !== index);
        if (twice) throw new UnreadableImportFile(`the header names the column "${twice}" twice`);
        return names;
      },
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: 1_000_000,
    });
  } catch (err) {
    if (err instanceof UnreadableImportFile) throw err;
    const lines = (err as { lines?: unknown }).lines;
    const where = typeof lines === 'number' ? ` (near line ${lines})` : '';
    throw new UnreadableImportFile(`the file is not valid CSV${where}: ${(err as Error).message.replace(/^Invalid Record Length: |^.*?: /, '')}`);
  }
  return records.map(({ record, info }) => {
    const reasons: RowReason[] = [];
    if (info.error?.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
      const cells = Array.isArray(info.error.record) ? info.error.record.length : 0;
      reasons.push({ field: '*', code: 'column_count', message: `the row has ${cells} cells where the header has ${Object.keys(record).length}` });
    }
    return { row: info.lines - newlinesIn(record), values: record, reasons };
  });
}

function readJson(text: string): SourceRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UnreadableImportFile(`the file is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new UnreadableImportFile('a JSON file holds an array of objects, one per row');
  return parsed.map((values: unknown, index) => ({ row: index + 1, values, reasons: [] }));
}

/** Reads an uploaded file as CSV (header row, `;` or `,`, BOM tolerated) or JSON (an array of objects). */
export function readImportFile(bytes: Buffer, format: ImportFormat): ImportFile {
  // TextDecoder drops a leading BOM; csv-parse would otherwise keep it in the first column's name.
  const text = utf8.decode(bytes);
  if (text.trim() === '') throw new UnreadableImportFile('the file is empty');
  return { format, rows: format === 'csv' ? readCsv(text) : readJson(text) };
}
