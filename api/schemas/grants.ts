import { Type } from 'typebox';
import { BENEFICIARY_TYPES, GRANT_KINDS, GRANT_LIMITS } from '../../domain/open-data/grant-award.js';
import { REGION_CODES } from '../../domain/open-data/morocco-territories.js';
import { GRANT_SORTS } from '../../store/open-data/grants-query.js';
import { SingleLineText } from './common.js';

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
/** MAD with at most two decimals, as text so that it stays exact: 1500, 1500.5, 1500.50. */
const Amount = Type.String({ pattern: '^[0-9]{1,12}([.][0-9]{1,2})?$', maxLength: 15, description: 'MAD, at most 2 decimals (e.g. 150000 or 1500.50)' });

export const GrantQuery = Type.Object(
  {
    programme: Type.Optional(SingleLineText({ maxLength: GRANT_LIMITS.programmeLength, description: 'the programme or call for projects, exactly as published' })),
    entity: Type.Optional(Type.String({ pattern: '^[A-Z0-9][A-Z0-9_-]*$', maxLength: GRANT_LIMITS.entityCodeLength, description: 'code of the granting entity' })),
    beneficiaryType: Type.Optional(literals(BENEFICIARY_TYPES)),
    region: Type.Optional(literals(REGION_CODES)),
    year: Type.Optional(Type.Integer({ minimum: GRANT_LIMITS.minYear, maximum: GRANT_LIMITS.maxYear })),
    amountMin: Type.Optional(Amount),
    amountMax: Type.Optional(Amount),
    q: Type.Optional(SingleLineText({ maxLength: 100, description: "beneficiary's name or agreement reference; case, accents and Arabic diacritics are ignored" })),
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
    sort: Type.Optional(literals(GRANT_SORTS)),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'the whole filtered list as a file to download (limit and offset do not apply)' })),
  },
  { additionalProperties: false },
);

const Tally = { count: Type.Integer(), amount: Type.String({ description: 'MAD, exact, 2 decimals' }) };

export const PublishedGrantView = Type.Object({
  agreementReference: Type.String(),
  agreementDate: Type.String({ format: 'date' }),
  grantingEntityCode: Type.String(),
  grantingEntityName: Type.String(),
  programme: Type.String(),
  beneficiaryName: Type.String(),
  beneficiaryType: literals(BENEFICIARY_TYPES),
  region: Type.String(),
  province: Type.String(),
  year: Type.Integer(),
  amount: Type.String({ description: 'MAD, exact, 2 decimals' }),
  kind: literals(GRANT_KINDS),
});

export const GrantSearchView = Type.Object({
  items: Type.Array(PublishedGrantView),
  total: Type.Integer(),
  totals: Type.Object(Tally),
  facets: Type.Object(
    {
      byYear: Type.Array(Type.Object({ year: Type.Integer(), ...Tally })),
      byRegion: Type.Array(Type.Object({ region: Type.String(), name: Type.Object({ fr: Type.String(), ar: Type.String(), en: Type.String() }), ...Tally })),
      byBeneficiaryType: Type.Array(Type.Object({ beneficiaryType: literals(BENEFICIARY_TYPES), ...Tally })),
      byProgramme: Type.Array(Type.Object({ programme: Type.String(), ...Tally })),
      byEntity: Type.Array(Type.Object({ entity: Type.String(), name: Type.String(), ...Tally })),
    },
    { description: 'each facet applies every filter but its own (byYear ignores year=…), so it shows what choosing another value would give' },
  ),
});
