import { BENEFICIARY_TYPES, GRANT_FIELDS, GRANT_KINDS, GRANT_LIMITS, type GrantAward } from '../../domain/open-data/grant-award.js';
import { REGIONS, type Region, type Territory } from '../../domain/open-data/morocco-territories.js';
import { foldForSearch } from '../../domain/search-fold.js';
import type { Dataset, ImportTx } from './dataset.js';
import { RowFields } from './row-fields.js';

/** Upper-case letters, digits and dashes: a code, as administrations write them (MJ, INDH, ODCO…). */
const ENTITY_CODE = /^[A-Z0-9][A-Z0-9_-]*$/;
/** A reference as agreements carry it: letters, digits and the usual separators, on one line. */
const REFERENCE = /^[\p{L}\p{N}][\p{L}\p{N} ./_:#()-]*$/u;

/** Key = granting entity + agreement reference; the entity code never holds a `|`. */
const KEY_SEPARATOR = '|';

/** Each territory under its code and its folded names, looked up once per row rather than folded again. */
function byName(territories: readonly Territory[]): Map<string, Territory> {
  const names = new Map<string, Territory>();
  for (const territory of territories) {
    for (const name of [territory.code, territory.fr, territory.ar, territory.en]) names.set(foldForSearch(name), territory);
  }
  return names;
}
const REGION_NAMES = byName(REGIONS);
const PROVINCE_NAMES = new Map(REGIONS.map((region) => [region.code, byName(region.provinces)]));
const ANY_PROVINCE = byName(REGIONS.flatMap((region) => region.provinces));

export function grantSearchText(award: Pick<GrantAward, 'beneficiaryName' | 'agreementReference'>): string {
  return foldForSearch(`${award.beneficiaryName} ${award.agreementReference}`);
}

function parseGrant(values: unknown) {
  const fields = new RowFields(values, GRANT_FIELDS);
  if (!fields.isObject) return { ok: false as const, reasons: fields.reasons };
  const agreementReference = fields.code('agreementReference', REFERENCE, 'must start with a letter or digit and hold only letters, digits, spaces and . / _ : # ( ) -', {
    maxLength: GRANT_LIMITS.referenceLength,
  });
  const agreementDate = fields.date('agreementDate', { minYear: GRANT_LIMITS.minYear, maxYear: GRANT_LIMITS.maxYear });
  const grantingEntityCode = fields.code('grantingEntityCode', ENTITY_CODE, 'must be upper-case letters, digits, _ and - (e.g. INDH)', {
    maxLength: GRANT_LIMITS.entityCodeLength,
  });
  const grantingEntityName = fields.text('grantingEntityName', { maxLength: GRANT_LIMITS.nameLength });
  const programme = fields.text('programme', { maxLength: GRANT_LIMITS.programmeLength });
  const beneficiaryName = fields.text('beneficiaryName', { maxLength: GRANT_LIMITS.nameLength });
  const beneficiaryType = fields.oneOf('beneficiaryType', BENEFICIARY_TYPES, { fold: foldForSearch });
  const regionText = fields.text('region', { maxLength: 100 });
  const provinceText = fields.text('province', { maxLength: 100 });
  const year = fields.integer('year', { min: GRANT_LIMITS.minYear, max: GRANT_LIMITS.maxYear });
  const amountCentimes = fields.centimes('amount', { maxUnits: GRANT_LIMITS.maxAmountUnits });
  const kind = fields.oneOf('kind', GRANT_KINDS, { fold: foldForSearch });

  const region = regionText === null ? null : (REGION_NAMES.get(foldForSearch(regionText)) as Region | undefined);
  if (regionText !== null && !region) fields.fail('region', 'unknown_value', `region must be one of Morocco's 12 regions, by code (01–12) or name`);
  let province: Territory | undefined;
  if (region && provinceText !== null) {
    province = PROVINCE_NAMES.get(region.code)!.get(foldForSearch(provinceText));
    if (!province) {
      const elsewhere = ANY_PROVINCE.has(foldForSearch(provinceText));
      fields.fail(
        'province',
        elsewhere ? 'inconsistent' : 'unknown_value',
        elsewhere ? `province ${provinceText} is not in the region ${region.fr}` : `province must be a province or prefecture of ${region.fr}, by code or name`,
      );
    }
  }
  if (fields.reasons.length > 0) return { ok: false as const, reasons: fields.reasons };
  const record: GrantAward = {
    agreementReference: agreementReference!,
    agreementDate: agreementDate!,
    grantingEntityCode: grantingEntityCode!,
    grantingEntityName: grantingEntityName!,
    programme: programme!,
    beneficiaryName: beneficiaryName!,
    beneficiaryType: beneficiaryType!,
    region: region!.code,
    province: province!.code,
    year: year!,
    amountCentimes: amountCentimes!,
    kind: kind!,
  };
  return { ok: true as const, record };
}

type GrantRow = Awaited<ReturnType<ImportTx['grantAward']['findFirstOrThrow']>>;

export function grantOfRow(row: GrantRow): GrantAward {
  return {
    agreementReference: row.agreementReference,
    agreementDate: row.agreementDate.toISOString().slice(0, 10),
    grantingEntityCode: row.grantingEntityCode,
    grantingEntityName: row.grantingEntityName,
    programme: row.programme,
    beneficiaryName: row.beneficiaryName,
    beneficiaryType: row.beneficiaryType as GrantAward['beneficiaryType'],
    region: row.region,
    province: row.province,
    year: row.year,
    amountCentimes: row.amountCentimes,
    kind: row.kind as GrantAward['kind'],
  };
}

/** Rows written per statement: one statement per chunk, its columns sent as arrays. */
const WRITE_CHUNK = 5000;

/** The awards as one array per column, in the order of COLUMN_SQL. */
function columnArrays(awards: GrantAward[]) {
  return [
    awards.map((a) => a.agreementReference),
    awards.map((a) => a.agreementDate),
    awards.map((a) => a.grantingEntityCode),
    awards.map((a) => a.grantingEntityName),
    awards.map((a) => a.programme),
    awards.map((a) => a.beneficiaryName),
    awards.map((a) => a.beneficiaryType),
    awards.map((a) => a.region),
    awards.map((a) => a.province),
    awards.map((a) => a.year),
    awards.map((a) => a.amountCentimes.toString()),
    awards.map((a) => a.kind),
    awards.map((a) => grantSearchText(a)),
  ] as const;
}

/*
 * One INSERT … SELECT FROM unnest(arrays) per chunk: Prisma's createMany sends one parameter per
 * cell and took over a second per thousand rows here; arrays take a fraction of that.
 */
async function insertGrants(tx: ImportTx, awards: GrantAward[], now: Date): Promise<void> {
  const [ref, date, code, name, programme, beneficiary, type, region, province, year, amount, kind, search] = columnArrays(awards);
  await tx.$executeRaw`
    INSERT INTO grant_award (agreement_reference, agreement_date, granting_entity_code, granting_entity_name, programme, beneficiary_name,
                             beneficiary_type, region, province, year, amount_centimes, kind, search_text, created_at, updated_at)
    SELECT r, d::date, c, n, p, b, t, rg, pv, y, a::bigint, k, s, ${now}, ${now}
    FROM unnest(${ref}::text[], ${date}::text[], ${code}::text[], ${name}::text[], ${programme}::text[], ${beneficiary}::text[], ${type}::text[],
                ${region}::text[], ${province}::text[], ${year}::int[], ${amount}::text[], ${kind}::text[], ${search}::text[])
         AS f(r, d, c, n, p, b, t, rg, pv, y, a, k, s)`;
}

async function updateGrants(tx: ImportTx, awards: GrantAward[], now: Date): Promise<void> {
  const [ref, date, code, name, programme, beneficiary, type, region, province, year, amount, kind, search] = columnArrays(awards);
  await tx.$executeRaw`
    UPDATE grant_award g SET agreement_date = f.d::date, granting_entity_name = f.n, programme = f.p, beneficiary_name = f.b, beneficiary_type = f.t,
                             region = f.rg, province = f.pv, year = f.y, amount_centimes = f.a::bigint, kind = f.k, search_text = f.s, updated_at = ${now}
    FROM unnest(${ref}::text[], ${date}::text[], ${code}::text[], ${name}::text[], ${programme}::text[], ${beneficiary}::text[], ${type}::text[],
                ${region}::text[], ${province}::text[], ${year}::int[], ${amount}::text[], ${kind}::text[], ${search}::text[])
         AS f(r, d, c, n, p, b, t, rg, pv, y, a, k, s)
    WHERE g.granting_entity_code = f.c AND g.agreement_reference = f.r`;
}

const COMPARED = ['agreementDate', 'grantingEntityName', 'programme', 'beneficiaryName', 'beneficiaryType', 'region', 'province', 'year', 'amountCentimes', 'kind'] as const;

/** Looked up this many references at a time: one query per chunk, whatever the file's size. */
const LOOKUP_CHUNK = 1000;

export const grantsDataset: Dataset<GrantAward> = {
  name: 'grants',
  parse: parseGrant,
  naturalKey: (award) => `${award.grantingEntityCode}${KEY_SEPARATOR}${award.agreementReference}`,
  async loadExisting(tx, keys) {
    const found = new Map<string, GrantAward>();
    const wanted = new Set(keys);
    const references = [...new Set(keys.map((key) => key.slice(key.indexOf(KEY_SEPARATOR) + 1)))];
    for (let i = 0; i < references.length; i += LOOKUP_CHUNK) {
      const rows = await tx.grantAward.findMany({ where: { agreementReference: { in: references.slice(i, i + LOOKUP_CHUNK) } } });
      for (const row of rows) {
        const award = grantOfRow(row);
        const key = grantsDataset.naturalKey(award);
        if (wanted.has(key)) found.set(key, award);
      }
    }
    return found;
  },
  compare: (stored, incoming) => COMPARED.filter((field) => stored[field] !== incoming[field]).map((field) => (field === 'amountCentimes' ? 'amount' : field)),
  async write(tx, { created, updated }) {
    const now = new Date();
    for (let i = 0; i < created.length; i += WRITE_CHUNK) await insertGrants(tx, created.slice(i, i + WRITE_CHUNK), now);
    for (let i = 0; i < updated.length; i += WRITE_CHUNK) await updateGrants(tx, updated.slice(i, i + WRITE_CHUNK), now);
  },
};
