import { stringify } from 'csv-stringify/sync';

/**
 * A statistics table as CSV: a header row of the JSON field names (also for a table with no row),
 * empty cells for null. Texts an administrator typed (a service's name) could start like a
 * spreadsheet formula: they are written as text.
 */
export function statsCsv(items: ReadonlyArray<Record<string, unknown>>, columns: string[]): string {
  return stringify(items as Array<Record<string, unknown>>, { header: true, columns, escape_formulas: true });
}
