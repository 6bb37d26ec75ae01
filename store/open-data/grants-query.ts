import { madText, type BeneficiaryType, type PublishedGrant } from '../../domain/open-data/grant-award.js';
import { regionOf, type Territory } from '../../domain/open-data/morocco-territories.js';
import { foldForSearch } from '../../domain/search-fold.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { containing } from '../like-pattern.js';
import { Prisma } from '../../prisma/generated/client.js';

export interface GrantFilters {
  programme?: string;
  entity?: string;
  beneficiaryType?: BeneficiaryType;
  region?: string;
  year?: number;
  amountMinCentimes?: bigint;
  amountMaxCentimes?: bigint;
  q?: string;
}

export const GRANT_SORTS = ['-agreementDate', 'agreementDate', '-amount', 'amount', '-year', 'year', 'beneficiaryName', '-beneficiaryName'] as const;
export type GrantSort = (typeof GRANT_SORTS)[number];

const SORT_SQL: Record<GrantSort, Prisma.Sql> = {
  '-agreementDate': Prisma.sql`agreement_date DESC, id DESC`,
  agreementDate: Prisma.sql`agreement_date ASC, id ASC`,
  '-amount': Prisma.sql`amount_centimes DESC, id DESC`,
  amount: Prisma.sql`amount_centimes ASC, id ASC`,
  '-year': Prisma.sql`year DESC, agreement_date DESC, id DESC`,
  year: Prisma.sql`year ASC, agreement_date ASC, id ASC`,
  beneficiaryName: Prisma.sql`search_text ASC, id ASC`,
  '-beneficiaryName': Prisma.sql`search_text DESC, id DESC`,
};

type Dimension = 'year' | 'region' | 'beneficiaryType' | 'programme' | 'entity';

/** The filters as SQL, all but the one of `except` (a facet counts over every filter but its own). */
function whereOf(filters: GrantFilters, except?: Dimension): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filters.programme !== undefined && except !== 'programme') conditions.push(Prisma.sql`programme = ${filters.programme}`);
  if (filters.entity !== undefined && except !== 'entity') conditions.push(Prisma.sql`granting_entity_code = ${filters.entity}`);
  if (filters.beneficiaryType !== undefined && except !== 'beneficiaryType') conditions.push(Prisma.sql`beneficiary_type = ${filters.beneficiaryType}`);
  if (filters.region !== undefined && except !== 'region') conditions.push(Prisma.sql`region = ${filters.region}`);
  if (filters.year !== undefined && except !== 'year') conditions.push(Prisma.sql`year = ${filters.year}`);
  if (filters.amountMinCentimes !== undefined) conditions.push(Prisma.sql`amount_centimes >= ${filters.amountMinCentimes}`);
  if (filters.amountMaxCentimes !== undefined) conditions.push(Prisma.sql`amount_centimes <= ${filters.amountMaxCentimes}`);
  // The folded query as one phrase, its % and _ matched as themselves; the trigram index serves it.
  const folded = filters.q === undefined ? '' : foldForSearch(filters.q);
  if (folded !== '') conditions.push(Prisma.sql`search_text LIKE ${containing(folded)}`);
  return conditions.length === 0 ? Prisma.sql`TRUE` : Prisma.join(conditions, ' AND ');
}

interface AwardRow {
  agreement_reference: string;
  agreement_date: Date;
  granting_entity_code: string;
  granting_entity_name: string;
  programme: string;
  beneficiary_name: string;
  beneficiary_type: string;
  region: string;
  province: string;
  year: number;
  amount: string;
  kind: string;
}

const PUBLISHED_COLUMNS = Prisma.sql`agreement_reference, agreement_date, granting_entity_code, granting_entity_name, programme, beneficiary_name,
  beneficiary_type, region, province, year, amount_centimes::text AS amount, kind`;

function publishedOf(row: AwardRow): PublishedGrant {
  return {
    agreementReference: row.agreement_reference,
    agreementDate: row.agreement_date.toISOString().slice(0, 10),
    grantingEntityCode: row.granting_entity_code,
    grantingEntityName: row.granting_entity_name,
    programme: row.programme,
    beneficiaryName: row.beneficiary_name,
    beneficiaryType: row.beneficiary_type as BeneficiaryType,
    region: row.region,
    province: row.province,
    year: row.year,
    amount: madText(BigInt(row.amount)),
    kind: row.kind as PublishedGrant['kind'],
  };
}

export interface Tally {
  count: number;
  /** MAD, exact decimal text */
  amount: string;
}

export interface GrantFacets {
  byYear: (Tally & { year: number })[];
  byRegion: (Tally & { region: string; name: Omit<Territory, 'code'> })[];
  byBeneficiaryType: (Tally & { beneficiaryType: BeneficiaryType })[];
  byProgramme: (Tally & { programme: string })[];
  byEntity: (Tally & { entity: string; name: string })[];
}

/** Programmes and entities listed in a facet: the largest by amount. */
export const FACET_LIMIT = 50;

type TallyRow = { count: number; amount: string };
const tally = (row: TallyRow): Tally => ({ count: row.count, amount: madText(BigInt(row.amount)) });

/**
 * What the public data of grants is at now. Awards are only ever added (a new, higher id) or
 * updated (a later updated_at), never deleted, so the two maxima change with every write; both
 * are read from an index, whatever the table's size.
 */
export async function grantsVersion(prisma: PrismaClient): Promise<string> {
  const [row] = await prisma.$queryRaw<{ id: string | null; at: Date | null }[]>`SELECT max(id)::text AS id, max(updated_at) AS at FROM grant_award`;
  return `grants:${row?.id ?? 0}:${row?.at?.getTime() ?? 0}`;
}

export async function searchGrants(prisma: PrismaClient, filters: GrantFilters, page: { limit: number; offset: number; sort: GrantSort }) {
  const where = whereOf(filters);
  const [items, [totals], byYear, byRegion, byType, byProgramme, byEntity] = await Promise.all([
    prisma.$queryRaw<AwardRow[]>`SELECT ${PUBLISHED_COLUMNS} FROM grant_award WHERE ${where} ORDER BY ${SORT_SQL[page.sort]} LIMIT ${page.limit} OFFSET ${page.offset}`,
    prisma.$queryRaw<TallyRow[]>`SELECT count(*)::int AS count, coalesce(sum(amount_centimes), 0)::text AS amount FROM grant_award WHERE ${where}`,
    prisma.$queryRaw<(TallyRow & { year: number })[]>`
      SELECT year, count(*)::int AS count, sum(amount_centimes)::text AS amount FROM grant_award WHERE ${whereOf(filters, 'year')} GROUP BY year ORDER BY year`,
    prisma.$queryRaw<(TallyRow & { region: string })[]>`
      SELECT region, count(*)::int AS count, sum(amount_centimes)::text AS amount FROM grant_award WHERE ${whereOf(filters, 'region')} GROUP BY region ORDER BY region`,
    prisma.$queryRaw<(TallyRow & { beneficiary_type: string })[]>`
      SELECT beneficiary_type, count(*)::int AS count, sum(amount_centimes)::text AS amount FROM grant_award WHERE ${whereOf(filters, 'beneficiaryType')}
      GROUP BY beneficiary_type ORDER BY beneficiary_type`,
    prisma.$queryRaw<(TallyRow & { programme: string })[]>`
      SELECT programme, count(*)::int AS count, sum(amount_centimes)::text AS amount FROM grant_award WHERE ${whereOf(filters, 'programme')}
      GROUP BY programme ORDER BY sum(amount_centimes) DESC, programme LIMIT ${FACET_LIMIT}`,
    prisma.$queryRaw<(TallyRow & { entity: string; name: string })[]>`
      SELECT granting_entity_code AS entity, max(granting_entity_name) AS name, count(*)::int AS count, sum(amount_centimes)::text AS amount
      FROM grant_award WHERE ${whereOf(filters, 'entity')} GROUP BY granting_entity_code ORDER BY sum(amount_centimes) DESC, granting_entity_code LIMIT ${FACET_LIMIT}`,
  ]);
  const facets: GrantFacets = {
    byYear: byYear.map((r) => ({ year: r.year, ...tally(r) })),
    byRegion: byRegion.map((r) => {
      const region = regionOf(r.region);
      return { region: r.region, name: { fr: region?.fr ?? r.region, ar: region?.ar ?? r.region, en: region?.en ?? r.region }, ...tally(r) };
    }),
    byBeneficiaryType: byType.map((r) => ({ beneficiaryType: r.beneficiary_type as BeneficiaryType, ...tally(r) })),
    byProgramme: byProgramme.map((r) => ({ programme: r.programme, ...tally(r) })),
    byEntity: byEntity.map((r) => ({ entity: r.entity, name: r.name, ...tally(r) })),
  };
  return { items: items.map(publishedOf), total: totals?.count ?? 0, totals: totals ? tally(totals) : { count: 0, amount: '0.00' }, facets };
}

/** Rows fetched per query of an export: its memory stays that of the ids plus one batch, however many awards match. */
const EXPORT_BATCH = 2000;

/**
 * Every award matching the filters, in the sort asked for, a batch at a time: the ids are sorted
 * once (OFFSET paging would sort the whole selection again for every batch), then read by batch.
 */
export async function* exportGrants(prisma: PrismaClient, filters: GrantFilters, sort: GrantSort): AsyncGenerator<PublishedGrant> {
  const ids = (await prisma.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM grant_award WHERE ${whereOf(filters)} ORDER BY ${SORT_SQL[sort]}`).map((r) => r.id);
  for (let start = 0; start < ids.length; start += EXPORT_BATCH) {
    const batch = ids.slice(start, start + EXPORT_BATCH);
    const rows = await prisma.$queryRaw<(AwardRow & { id: string })[]>`
      SELECT id::text AS id, ${PUBLISHED_COLUMNS} FROM grant_award WHERE id = ANY(${batch}::bigint[])`;
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const id of batch) {
      const row = byId.get(id);
      if (row) yield publishedOf(row);
    }
  }
}
