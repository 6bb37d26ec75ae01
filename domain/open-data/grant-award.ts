/**
 * A grant or subsidy an administration awarded, as it is published: nothing in it is personal
 * data (beneficiaries are associations, cooperatives and companies), and nothing else of the
 * stored row (ids, times, the search column) is ever published.
 */
export const BENEFICIARY_TYPES = ['association', 'cooperative', 'company', 'other'] as const;
export type BeneficiaryType = (typeof BENEFICIARY_TYPES)[number];

export const GRANT_KINDS = ['financial', 'in_kind'] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

/** The fields of an award, in the order of the CSV columns (import and export alike). */
export const GRANT_FIELDS = [
  'agreementReference',
  'agreementDate',
  'grantingEntityCode',
  'grantingEntityName',
  'programme',
  'beneficiaryName',
  'beneficiaryType',
  'region',
  'province',
  'year',
  'amount',
  'kind',
] as const;
export type GrantField = (typeof GRANT_FIELDS)[number];

export interface GrantAward {
  agreementReference: string;
  /** YYYY-MM-DD */
  agreementDate: string;
  grantingEntityCode: string;
  grantingEntityName: string;
  programme: string;
  beneficiaryName: string;
  beneficiaryType: BeneficiaryType;
  /** a region code of domain/open-data/morocco-territories.ts */
  region: string;
  /** a province code of that region */
  province: string;
  year: number;
  /** MAD, in centimes: exact */
  amountCentimes: bigint;
  kind: GrantKind;
}

/** An award as published: the amount in MAD as an exact decimal text ("125000.50"). */
export type PublishedGrant = Omit<GrantAward, 'amountCentimes'> & { amount: string };

export function madText(centimes: bigint): string {
  const units = centimes / 100n;
  const rest = centimes % 100n;
  return `${units}.${rest.toString().padStart(2, '0')}`;
}

export function published(award: GrantAward): PublishedGrant {
  const { amountCentimes, ...rest } = award;
  return { ...rest, amount: madText(amountCentimes) };
}

/** Limits of the fields, shared by the import and the public filters. */
export const GRANT_LIMITS = {
  referenceLength: 60,
  entityCodeLength: 30,
  nameLength: 200,
  programmeLength: 200,
  minYear: 2000,
  maxYear: 2100,
  /** 100 billion MAD: above any single award, and sums of 100,000 of them stay exact in centimes */
  maxAmountUnits: 100_000_000_000n,
} as const;
