import type { ImportChange, ImportReport, RejectedRow } from '../../domain/open-data/import-report.js';
import type { PrismaClient } from '../../platform/prisma.js';
import type { Dataset } from './dataset.js';
import type { ImportFile } from './read-file.js';

/** A report lists this many changes and rejected rows at most; the counts are always whole. */
export const REPORT_CHANGES_LIMIT = 200;
export const REPORT_REJECTED_LIMIT = 1000;

/**
 * Validates every row, matches the good ones to what is stored by natural key and writes the
 * created and updated records in one transaction (none in a dry run). Imports of one dataset take
 * turns (a transaction-scoped advisory lock), so two administrators importing at once cannot both
 * create the same record.
 */
export async function runImport<R>(prisma: PrismaClient, dataset: Dataset<R>, file: ImportFile, options: { dryRun: boolean }): Promise<ImportReport> {
  const rejected: RejectedRow[] = [];
  const good: { row: number; key: string; record: R }[] = [];
  const firstRowOf = new Map<string, number>();
  for (const source of file.rows) {
    const parsed = dataset.parse(source.values);
    const reasons = [...source.reasons, ...(parsed.ok ? [] : parsed.reasons)];
    if (!parsed.ok || reasons.length > 0) {
      rejected.push({ row: source.row, reasons });
      continue;
    }
    const key = dataset.naturalKey(parsed.record);
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      rejected.push({ row: source.row, reasons: [{ field: '*', code: 'duplicate_key', message: `row ${first} of this file has the same key (${key})` }] });
      continue;
    }
    firstRowOf.set(key, source.row);
    good.push({ row: source.row, key, record: parsed.record });
  }

  const changes: ImportChange[] = [];
  let unchanged = 0;
  await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`khidma-import:${dataset.name}`}))`;
      const stored = await dataset.loadExisting(tx, good.map((g) => g.key));
      const created: R[] = [];
      const updated: R[] = [];
      for (const { row, key, record } of good) {
        const existing = stored.get(key);
        if (!existing) {
          created.push(record);
          changes.push({ row, key, action: 'create' });
          continue;
        }
        const fields = dataset.compare(existing, record);
        if (fields.length === 0) {
          unchanged += 1;
          continue;
        }
        updated.push(record);
        changes.push({ row, key, action: 'update', fields });
      }
      if (!options.dryRun && created.length + updated.length > 0) await dataset.write(tx, { created, updated });
    },
    { maxWait: 30_000, timeout: 300_000 },
  );

  return {
    dataset: dataset.name,
    dryRun: options.dryRun,
    format: file.format,
    rows: file.rows.length,
    created: changes.filter((c) => c.action === 'create').length,
    updated: changes.filter((c) => c.action === 'update').length,
    unchanged,
    rejected: rejected.slice(0, REPORT_REJECTED_LIMIT),
    rejectedTruncated: rejected.length > REPORT_REJECTED_LIMIT,
    changes: changes.slice(0, REPORT_CHANGES_LIMIT),
    changesTruncated: changes.length > REPORT_CHANGES_LIMIT,
  };
}
