import { Type } from 'typebox';
import { IMPORT_DATASETS, REASON_CODES } from '../../domain/open-data/import-report.js';

export const ImportParams = Type.Object({ dataset: Type.Union(IMPORT_DATASETS.map((name) => Type.Literal(name))) });

export const ImportQuery = Type.Object(
  { dryRun: Type.Boolean({ default: false, description: 'true: validate and report what would change, write nothing' }) },
  { additionalProperties: false },
);

const RowReason = Type.Object({
  field: Type.String({ description: 'the column or key; * for the row as a whole' }),
  code: Type.Union(REASON_CODES.map((code) => Type.Literal(code))),
  message: Type.String(),
});

export const ImportReportView = Type.Object({
  dataset: Type.Union(IMPORT_DATASETS.map((name) => Type.Literal(name))),
  dryRun: Type.Boolean(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('json')]),
  rows: Type.Integer({ description: 'rows read, header excluded' }),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Array(Type.Object({ row: Type.Integer({ description: 'CSV: line number (header = 1); JSON: 1-based index' }), reasons: Type.Array(RowReason) })),
  rejectedTruncated: Type.Boolean(),
  changes: Type.Array(
    Type.Object({
      row: Type.Integer(),
      key: Type.String(),
      action: Type.Union([Type.Literal('create'), Type.Literal('update')]),
      fields: Type.Optional(Type.Array(Type.String())),
    }),
  ),
  changesTruncated: Type.Boolean(),
});
