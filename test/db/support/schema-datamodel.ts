import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The parts of Prisma's DMMF datamodel the schema/database comparison reads. */
export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}

export interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string; sortOrder?: 'asc' | 'desc' }[];
}

export interface DmmfDatamodel {
  models: DmmfModel[];
  enums: unknown[];
  indexes: DmmfIndex[];
}

const root = fileURLToPath(new URL('../../..', import.meta.url));
export const SCHEMA_PATH = path.join(root, 'prisma', 'schema.prisma');
const generatorPath = fileURLToPath(new URL('./dmmf-generator.mjs', import.meta.url));
const prismaBin = path.join(root, 'node_modules', '.bin', 'prisma');

/**
 * Parses a Prisma schema with the Prisma CLI itself (its bundled WASM parser, offline)
 * and returns the DMMF datamodel, by running `prisma generate` with a generator of ours.
 */
export async function readSchemaDatamodel(schema: string): Promise<DmmfDatamodel> {
  const dir = await mkdtemp(path.join(tmpdir(), 'khidma-dmmf-'));
  try {
    const schemaFile = path.join(dir, 'schema.prisma');
    const output = path.join(dir, 'datamodel.json');
    await writeFile(
      schemaFile,
      `${schema}\n\ngenerator dmmf {\n  provider = ${JSON.stringify(`node ${generatorPath}`)}\n  output   = ${JSON.stringify(output)}\n}\n`,
    );
    await promisify(execFile)(prismaBin, ['generate', '--schema', schemaFile, '--generator', 'dmmf'], {
      // `generate` only checks that an engine file exists (see scripts/prisma-generate.mjs).
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: generatorPath },
    });
    return JSON.parse(await readFile(output, 'utf8')) as DmmfDatamodel;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
