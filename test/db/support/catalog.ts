import type pg from 'pg';
import type { DmmfDatamodel, DmmfField, DmmfModel } from './schema-datamodel.js';

// One shape for "what the tables look like", built twice: from schema.prisma (what
// `prisma migrate dev` would create, following Prisma's PostgreSQL naming and type
// mapping) and from pg_catalog after our migrations. Equal shapes mean the migrations
// and the schema agree. Only what our schema uses is mapped; anything else fails loudly
// so the comparison is extended rather than silently skipped.

export interface Column {
  type: string;
  nullable: boolean;
  default: string | null;
}

export interface Index {
  columns: string[];
  unique: boolean;
  method: string;
}

export interface ForeignKey {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface Table {
  columns: Record<string, Column>;
  primaryKey: { name: string; columns: string[] } | null;
  /** by index name, primary key excluded */
  indexes: Record<string, Index>;
  /** by constraint name */
  foreignKeys: Record<string, ForeignKey>;
}

export type Catalog = Record<string, Table>;

export function expectedCatalog(datamodel: DmmfDatamodel): Catalog {
  if (datamodel.enums.length > 0) throw new Error('schema enums are not compared yet: extend test/db/support/catalog.ts');
  const models = new Map(datamodel.models.map((model) => [model.name, model]));
  const catalog: Catalog = {};
  for (const model of datamodel.models) {
    catalog[tableName(model)] = { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {} };
  }
  for (const model of datamodel.models) {
    const table = catalog[tableName(model)]!;
    for (const field of model.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum' || f.kind === 'unsupported')) {
      table.columns[columnName(field)] = {
        type: columnType(model, field),
        nullable: !field.isRequired,
        default: columnDefault(model, field),
      };
    }
    for (const field of model.fields.filter((f) => f.kind === 'object' && f.relationFromFields?.length)) {
      const target = models.get(field.type)!;
      const columns = field.relationFromFields!.map((name) => columnName(fieldOf(model, name)));
      const optional = field.relationFromFields!.some((name) => !fieldOf(model, name).isRequired);
      table.foreignKeys[`${tableName(model)}_${columns.join('_')}_fkey`] = {
        columns,
        referencedTable: tableName(target),
        referencedColumns: field.relationToFields!.map((name) => columnName(fieldOf(target, name))),
        onDelete: field.relationOnDelete ?? (optional ? 'SetNull' : 'Restrict'),
        onUpdate: field.relationOnUpdate ?? 'Cascade',
      };
    }
  }
  for (const index of datamodel.indexes) {
    const model = models.get(index.model)!;
    const table = catalog[tableName(model)]!;
    const columns = index.fields.map(
      (f) => columnName(fieldOf(model, f.name)) + (f.sortOrder === 'desc' ? ' DESC' : ''),
    );
    const bare = index.fields.map((f) => columnName(fieldOf(model, f.name)));
    if (index.type === 'id') {
      table.primaryKey = { name: index.dbName ?? `${tableName(model)}_pkey`, columns };
    } else if (index.type === 'unique' || index.type === 'normal') {
      const suffix = index.type === 'unique' ? 'key' : 'idx';
      table.indexes[index.dbName ?? `${tableName(model)}_${bare.join('_')}_${suffix}`] = {
        columns,
        unique: index.type === 'unique',
        method: (index.algorithm ?? 'BTree').toLowerCase(),
      };
    } else {
      throw new Error(`${index.type} indexes are not compared yet: extend test/db/support/catalog.ts`);
    }
  }
  return catalog;
}

export async function actualCatalog(client: pg.Client): Promise<Catalog> {
  const catalog: Catalog = {};
  const tables = await client.query<{ table: string }>(
    `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'`,
  );
  for (const { table } of tables.rows) {
    catalog[table] = { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {} };
  }
  const columns = await client.query<{ table: string; column: string; type: string; nullable: boolean; default: string | null }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
     FROM pg_attribute a
     JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  for (const row of columns.rows) {
    const table = catalog[row.table];
    if (table) table.columns[row.column] = { type: row.type, nullable: row.nullable, default: row.default };
  }
  const indexes = await client.query<{ table: string; name: string; unique: boolean; primary: boolean; method: string; columns: string[] }>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary, am.amname AS method,
            array(SELECT a.attname || CASE WHEN ix.indoption[k.ord - 1] & 1 = 1 THEN ' DESC' ELSE '' END
                  FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                  ORDER BY k.ord) AS columns
     FROM pg_index ix
     JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam
     WHERE n.nspname = 'public' AND ix.indexprs IS NULL`,
  );
  for (const row of indexes.rows) {
    const table = catalog[row.table];
    if (!table) continue;
    if (row.primary) table.primaryKey = { name: row.name, columns: row.columns };
    else table.indexes[row.name] = { columns: row.columns, unique: row.unique, method: row.method };
  }
  const foreignKeys = await client.query<{
    table: string;
    name: string;
    columns: string[];
    referenced_table: string;
    referenced_columns: string[];
    on_delete: string;
    on_update: string;
  }>(
    `SELECT t.relname AS table, con.conname AS name, r.relname AS referenced_table,
            array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS referenced_columns,
            con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
     FROM pg_constraint con
     JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND con.contype = 'f'`,
  );
  for (const row of foreignKeys.rows) {
    const table = catalog[row.table];
    if (!table) continue;
    table.foreignKeys[row.name] = {
      columns: row.columns,
      referencedTable: row.referenced_table,
      referencedColumns: row.referenced_columns,
      onDelete: REFERENTIAL_ACTIONS[row.on_delete]!,
      onUpdate: REFERENTIAL_ACTIONS[row.on_update]!,
    };
  }
  return catalog;
}

/** pg_constraint action codes, named as in Prisma's `onDelete`/`onUpdate`. */
const REFERENTIAL_ACTIONS: Record<string, string> = {
  a: 'NoAction',
  r: 'Restrict',
  c: 'Cascade',
  n: 'SetNull',
  d: 'SetDefault',
};

function tableName(model: DmmfModel): string {
  return model.dbName ?? model.name;
}

function columnName(field: DmmfField): string {
  return field.dbName ?? field.name;
}

function fieldOf(model: DmmfModel, name: string): DmmfField {
  const field = model.fields.find((f) => f.name === name);
  if (!field) throw new Error(`${model.name}.${name} is not in the datamodel`);
  return field;
}

/** Prisma's default PostgreSQL type per scalar, as format_type() prints it. */
const DEFAULT_TYPES: Record<string, string> = {
  String: 'text',
  Boolean: 'boolean',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

function columnType(model: DmmfModel, field: DmmfField): string {
  const where = `${model.name}.${field.name}`;
  if (field.kind !== 'scalar' || field.isList) throw new Error(`${where}: only scalar, non-list fields are compared yet`);
  if (!field.nativeType) {
    const type = DEFAULT_TYPES[field.type];
    if (!type) throw new Error(`${where}: no PostgreSQL mapping for ${field.type}`);
    return type;
  }
  const [native, args] = field.nativeType;
  switch (native) {
    case 'Uuid':
      return 'uuid';
    case 'Text':
      return 'text';
    case 'Timestamptz':
      return `timestamp(${args[0] ?? '3'}) with time zone`;
    case 'Timestamp':
      return `timestamp(${args[0] ?? '3'}) without time zone`;
    case 'Date':
      return 'date';
    case 'VarChar':
      return args.length ? `character varying(${args[0]})` : 'character varying';
    default:
      throw new Error(`${where}: native type @db.${native} is not compared yet`);
  }
}

function columnDefault(model: DmmfModel, field: DmmfField): string | null {
  if (!field.hasDefaultValue || field.default === undefined) return null;
  const value = field.default;
  if (typeof value === 'object' && value !== null && 'name' in value) {
    const fn = value as { name: string; args: unknown[] };
    switch (fn.name) {
      case 'now':
        return 'CURRENT_TIMESTAMP';
      case 'autoincrement':
        return `nextval('${tableName(model)}_${columnName(field)}_seq'::regclass)`;
      // generated by the client, never by the database
      case 'uuid':
      case 'cuid':
      case 'ulid':
      case 'nanoid':
        return null;
      case 'dbgenerated':
        return String(fn.args[0]);
      default:
        throw new Error(`${model.name}.${field.name}: default ${fn.name}() is not compared yet`);
    }
  }
  const quoted = (text: string) => `'${text.replace(/'/g, "''")}'`;
  switch (field.type) {
    case 'String':
      return `${quoted(String(value))}::text`;
    case 'Json':
      return `${quoted(String(value))}::jsonb`;
    case 'Boolean':
    case 'Int':
    case 'BigInt':
      return String(value);
    default:
      throw new Error(`${model.name}.${field.name}: a literal ${field.type} default is not compared yet`);
  }
}

/**
 * Indexes on expressions, which schema.prisma cannot declare (actualCatalog leaves them out), as
 * PostgreSQL defines them: the migrations must create exactly these.
 */
export const EXPRESSION_INDEXES: Readonly<Record<string, string>> = {
  case_calendar_day_idx:
    'CREATE INDEX case_calendar_day_idx ON public."case" USING btree (case_type, statistics_calendar_day(submitted_at, closed_at), closed_at) ' +
    'INCLUDE (entity_id, service_id, office_id, submitted_at) WHERE (closed_at IS NOT NULL)',
};

/** The expression indexes the database holds, by name, with their definitions. */
export async function actualExpressionIndexes(client: pg.Client): Promise<Record<string, string>> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(ix.indexrelid) AS definition
     FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
     WHERE n.nspname = 'public' AND ix.indexprs IS NOT NULL`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.definition]));
}
