import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_CODES } from '../../domain/open-data/morocco-territories.js';
import { SEED_GRANT_YEARS, seedGrantRows } from '../../prisma/seed-grants.js';
import { startPlatform, type TestPlatform } from '../support/platform.js';

/* The demo sample a fresh installation publishes: a few hundred awards over every year and region. */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

describe('the seeded grants', () => {
  it('are published: hundreds of awards, 2021–2026, every region, several programmes and entities, French and Arabic names', async () => {
    const codes = [...new Set(seedGrantRows().map((r) => r.grantingEntityCode))];
    const stored = await platform.prisma.grantAward.findMany({ where: { grantingEntityCode: { in: codes } } });
    expect(stored.length).toBe(seedGrantRows().length);
    expect(stored.length).toBeGreaterThanOrEqual(300);
    expect([...new Set(stored.map((s) => s.year))].sort()).toEqual([...SEED_GRANT_YEARS]);
    for (const year of SEED_GRANT_YEARS) {
      expect(new Set(stored.filter((s) => s.year === year).map((s) => s.region)), String(year)).toEqual(new Set(REGION_CODES));
    }
    expect(new Set(stored.map((s) => s.programme)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(stored.map((s) => s.beneficiaryType))).toEqual(new Set(['association', 'cooperative', 'company', 'other']));
    expect(stored.some((s) => /[\u0600-\u06FF]/.test(s.beneficiaryName))).toBe(true);
    expect(stored.some((s) => /[éèàç]/.test(s.beneficiaryName))).toBe(true);

    const odco = stored.filter((s) => s.grantingEntityCode === 'ODCO');
    const answer = (await platform.app.inject({ method: 'GET', url: '/api/v1/public/grants?entity=ODCO' })).json<{ total: number; totals: { amount: string } }>();
    expect(answer.total).toBe(odco.length);
    const sum = odco.reduce((total, s) => total + s.amountCentimes, 0n);
    expect(answer.totals.amount).toBe(`${sum / 100n}.${String(sum % 100n).padStart(2, '0')}`);
  });
});
