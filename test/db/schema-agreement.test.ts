import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { actualCatalog, actualExpressionIndexes, expectedCatalog, EXPRESSION_INDEXES, type Catalog } from './support/catalog.js';
import { SCHEMA_PATH, readSchemaDatamodel } from './support/schema-datamodel.js';

// The migrations are written without Prisma's native engine, so this is what tells us
// they still create exactly the tables schema.prisma describes.
describe('migrations and schema.prisma', () => {
  let database: TestDatabase;
  let migrated: Catalog;
  let expressionIndexes: Record<string, string>;
  let schema: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      migrated = await actualCatalog(client);
      expressionIndexes = await actualExpressionIndexes(client);
    } finally {
      await client.end();
    }
    schema = await readFile(SCHEMA_PATH, 'utf8');
  }, 60_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('create every model, column, type, nullability, default, key, index and foreign key of the schema, and nothing else', async () => {
    const expected = expectedCatalog(await readSchemaDatamodel(schema));
    expect(Object.keys(expected)).toEqual(expect.arrayContaining(['case', 'case_event', 'entity', 'holiday_override', 'office', 'service', 'staff_user']));
    expect(migrated).toEqual(expected);
  }, 30_000);

  it('create the indexes on expressions that schema.prisma cannot declare, and no other', () => {
    expect(expressionIndexes).toEqual(EXPRESSION_INDEXES);
  });

  it('would notice a field added to the schema without a migration', async () => {
    const withNewField = schema.replace(/model Entity \{\n/, '$&  website String?\n');
    expect(withNewField).not.toBe(schema);
    const expected = expectedCatalog(await readSchemaDatamodel(withNewField));
    expect(expected.entity?.columns.website).toEqual({ type: 'text', nullable: true, default: null });
    expect(migrated).not.toEqual(expected);
  }, 30_000);

  it('would notice a changed delete rule', async () => {
    const settingNull = schema.replace(/(fields: \[officeId\], references: \[id\], onDelete: )Restrict/, '$1SetNull');
    expect(settingNull).not.toBe(schema);
    const expected = expectedCatalog(await readSchemaDatamodel(settingNull));
    expect(expected.case?.foreignKeys.case_office_id_fkey?.onDelete).toBe('SetNull');
    expect(migrated).not.toEqual(expected);
  }, 30_000);
});
