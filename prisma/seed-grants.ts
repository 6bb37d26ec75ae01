import type { GrantAward } from '../domain/open-data/grant-award.js';
import { REGIONS } from '../domain/open-data/morocco-territories.js';
import type { ImportTx } from '../store/imports/dataset.js';
import { grantsDataset } from '../store/imports/grants-dataset.js';

// A demo sample of grants and subsidies: a few hundred awards, 2021–2026, every region, the
// programmes Moroccan administrations publish most (INDH, ODCO's support to cooperatives, the
// State–associations partnership, youth and sport, culture), names in French and Arabic.

interface Programme {
  name: string;
  entity: { code: string; name: string };
  /** who it funds, with a weight each */
  beneficiaries: ['association' | 'cooperative' | 'company' | 'other', number][];
  /** smallest and largest award, in MAD */
  amounts: [number, number];
  inKindShare: number;
}

const INDH = { code: 'INDH', name: 'Initiative nationale pour le développement humain' };
const PROGRAMMES: Programme[] = [
  { name: 'INDH — Programme 1 : rattrapage des déficits en infrastructures', entity: INDH, beneficiaries: [['association', 6], ['cooperative', 1]], amounts: [80_000, 1_500_000], inKindShare: 0.1 },
  { name: 'INDH — Programme 3 : revenu et inclusion économique des jeunes', entity: INDH, beneficiaries: [['cooperative', 4], ['company', 3], ['association', 2]], amounts: [30_000, 400_000], inKindShare: 0.15 },
  { name: 'INDH — Programme 4 : impulsion du capital humain', entity: INDH, beneficiaries: [['association', 8], ['other', 1]], amounts: [50_000, 900_000], inKindShare: 0.05 },
  {
    name: 'Mourafaka — accompagnement des coopératives',
    entity: { code: 'ODCO', name: 'Office du développement de la coopération' },
    beneficiaries: [['cooperative', 1]],
    amounts: [10_000, 150_000],
    inKindShare: 0.5,
  },
  {
    name: 'Partenariat État–associations',
    entity: { code: 'MJ', name: 'Ministère de la Justice' },
    beneficiaries: [['association', 1]],
    amounts: [20_000, 300_000],
    inKindShare: 0,
  },
  {
    name: 'Soutien aux associations sportives et de jeunesse',
    entity: { code: 'MJCC-JEUNESSE', name: 'Ministère de la Jeunesse, de la Culture et de la Communication — Jeunesse' },
    beneficiaries: [['association', 5], ['other', 1]],
    amounts: [15_000, 250_000],
    inKindShare: 0.3,
  },
  {
    name: 'Aide aux projets culturels et artistiques',
    entity: { code: 'MJCC-CULTURE', name: 'Ministère de la Jeunesse, de la Culture et de la Communication — Culture' },
    beneficiaries: [['association', 4], ['company', 2], ['other', 1]],
    amounts: [20_000, 500_000],
    inKindShare: 0.1,
  },
];

const NAMES: Record<'association' | 'cooperative' | 'company' | 'other', ((place: { fr: string; ar: string }) => string)[]> = {
  association: [
    (p) => `Association Al Amal pour le développement — ${p.fr}`,
    (p) => `جمعية الأمل للتنمية والتضامن ب${p.ar}`,
    (p) => `Association des jeunes de ${p.fr} pour l’étude et l’action sociale`,
    (p) => `جمعية النهضة للثقافة والرياضة ${p.ar}`,
    (p) => `Association Femmes solidaires de ${p.fr}`,
    (p) => `جَمْعِيَّة الخير لِلتَّنْمِيَة القَرَوِيَّة ${p.ar}`,
    (p) => `Club sportif Chabab ${p.fr}`,
  ],
  cooperative: [
    (p) => `Coopérative Tifawin d’argan (${p.fr})`,
    (p) => `تعاونية النسيم للكسكس ${p.ar}`,
    (p) => `Coopérative agricole Al Baraka — ${p.fr}`,
    (p) => `تعاونية الوفاء للنسيج التقليدي ${p.ar}`,
    (p) => `Coopérative apicole Nahl ${p.fr}`,
  ],
  company: [
    (p) => `Atlas Études et Conseil SARL (${p.fr})`,
    (p) => `شركة المستقبل للخدمات ${p.ar}`,
    (p) => `Société Média Création ${p.fr} SARL AU`,
  ],
  other: [(p) => `Groupement d’intérêt économique ${p.fr}`, (p) => `مجموعة ذات نفع اقتصادي ${p.ar}`],
};

/** A fixed sequence (mulberry32): the same sample on every fresh installation. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SEED_GRANT_YEARS = [2021, 2022, 2023, 2024, 2025, 2026] as const;
const AWARDS_PER_YEAR = 70;

/** The sample, as an administrator's file would give it (validated by the import's own parser). */
export function seedGrantRows(): Record<string, string>[] {
  const random = randomFrom(20261207);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const provinces = REGIONS.flatMap((region) => region.provinces.map((province) => ({ region, province })));
  const rows: Record<string, string>[] = [];
  for (const year of SEED_GRANT_YEARS) {
    const counters = new Map<string, number>();
    for (let i = 0; i < AWARDS_PER_YEAR; i += 1) {
      const programme = pick(PROGRAMMES);
      // Every region each year: the first awards go round the regions, the rest fall anywhere.
      const place = i < REGIONS.length ? { region: REGIONS[i]!, province: pick(REGIONS[i]!.provinces) } : pick(provinces);
      const weights = programme.beneficiaries.flatMap(([type, weight]) => Array<typeof type>(weight).fill(type));
      const type = pick(weights);
      const [low, high] = programme.amounts;
      // Round thousands mostly, as agreements are written; some to the dirham and centime.
      const raw = low + (high - low) * random() ** 2;
      const amount = random() < 0.8 ? `${Math.round(raw / 1000) * 1000}.00` : `${Math.floor(raw)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`;
      const number = (counters.get(programme.entity.code) ?? 0) + 1;
      counters.set(programme.entity.code, number);
      const month = 1 + Math.floor(random() * 11);
      const day = 1 + Math.floor(random() * 28);
      rows.push({
        agreementReference: `${programme.entity.code}/${year}/${String(number).padStart(4, '0')}`,
        agreementDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        grantingEntityCode: programme.entity.code,
        grantingEntityName: programme.entity.name,
        programme: programme.name,
        beneficiaryName: pick(NAMES[type])(place.province),
        beneficiaryType: type,
        region: place.region.code,
        province: place.province.code,
        year: String(year),
        amount,
        kind: random() < programme.inKindShare ? 'in_kind' : 'financial',
      });
    }
  }
  return rows;
}

/** Writes the sample in the seed's transaction; returns how many awards it holds. */
export async function seedGrants(tx: ImportTx): Promise<number> {
  const awards: GrantAward[] = seedGrantRows().map((row) => {
    const parsed = grantsDataset.parse(row);
    if (!parsed.ok) throw new Error(`seed award ${row.agreementReference} is invalid: ${JSON.stringify(parsed.reasons)}`);
    return parsed.record;
  });
  await grantsDataset.write(tx, { created: awards, updated: [] });
  return awards.length;
}
