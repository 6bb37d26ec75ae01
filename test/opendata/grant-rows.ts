import { randomUUID } from 'node:crypto';
import { GRANT_FIELDS } from '../../domain/open-data/grant-award.js';

/** A granting entity no other test file uses, so a file's imports and queries see only its own awards. */
export function testEntityCode(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`;
}

export type GrantRow = Record<(typeof GRANT_FIELDS)[number], string>;

export function grantRow(entity: string, n: number, overrides: Partial<GrantRow> = {}): GrantRow {
  return {
    agreementReference: `CONV-${2021 + (n % 5)}/${String(n).padStart(4, '0')}`,
    agreementDate: `${2021 + (n % 5)}-03-${String(1 + (n % 28)).padStart(2, '0')}`,
    grantingEntityCode: entity,
    grantingEntityName: 'Initiative nationale pour le développement humain',
    programme: n % 2 === 0 ? 'INDH — Programme 3' : 'Soutien aux associations',
    beneficiaryName: `Association Al Amal ${n}`,
    beneficiaryType: 'association',
    region: '06',
    province: 'CASABLANCA',
    year: String(2021 + (n % 5)),
    amount: `${100000 + n * 1000}.50`,
    kind: 'financial',
    ...overrides,
  };
}

/** A CSV file of these rows, header first, quoting a cell only where it must. */
export function csvOf(rows: Record<string, string>[], delimiter: ';' | ',' = ';', columns: readonly string[] = GRANT_FIELDS): string {
  const cell = (value: string) => (/["\n\r;,]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return [columns.join(delimiter), ...rows.map((row) => columns.map((c) => cell(row[c] ?? '')).join(delimiter))].join('\n') + '\n';
}
