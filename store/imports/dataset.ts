import type { DatasetName, RowReason } from '../../domain/open-data/import-report.js';
import type { Prisma } from '../../prisma/generated/client.js';

export type ImportTx = Prisma.TransactionClient;

export type Parsed<R> = { ok: true; record: R } | { ok: false; reasons: RowReason[] };

/**
 * One kind of open data administrators import (grants, tenders). The import runner
 * (run-import.ts) reads the file, asks the dataset to validate each row, matches rows to what is
 * stored by natural key, and has the dataset write what changes, all in one transaction.
 */
export interface Dataset<R> {
  name: DatasetName;
  /** A row of the file (CSV: column → text; JSON: whatever the element is) into a record, or why not. */
  parse(values: unknown): Parsed<R>;
  /** What identifies a record across imports: a file imported twice matches its own rows. */
  naturalKey(record: R): string;
  /** The stored records among these keys, by key. */
  loadExisting(tx: ImportTx, keys: string[]): Promise<Map<string, R>>;
  /** The fields whose stored value differs from the file's: none means unchanged. */
  compare(stored: R, incoming: R): string[];
  /** Stores new records and the new values of changed ones; runs inside the import's transaction. */
  write(tx: ImportTx, changes: { created: R[]; updated: R[] }): Promise<void>;
}
