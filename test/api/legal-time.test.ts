import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICANT, startPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

describe('legal time', () => {
  it('is served to the pages from the tz data the platform ships (UTC+0 since 2026-09-20)', async () => {
    const res = await platform.app.inject({ method: 'GET', url: '/api/v1/calendar/legal-time' });
    expect(res.statusCode).toBe(200);
    const rules = res.json<{ name: string; version: string; untils: (number | null)[]; offsets: number[] }>();
    expect(rules.name).toBe('Africa/Casablanca');
    expect(rules.version >= '2026f').toBe(true);
    expect(rules.offsets.at(-1)).toBe(0);
    expect(rules.untils.at(-2)).toBe(Date.parse('2026-09-20T01:00:00Z'));
  });

  it('puts a deadline counted in days at midnight legal time (UTC+0 today), not an hour early', async () => {
    const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
    const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } });
    expect(res.statusCode, res.body).toBe(201);
    const { dueAt } = res.json<{ dueAt: string }>();
    // Every test date is after 2026-09-20, when Morocco left UTC+1 for good.
    expect(dueAt).toMatch(/T23:59:59\.999Z$/);
  });
});

describe('the favicon', () => {
  it('is found where browsers look for it', async () => {
    const res = await platform.app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/assets/favicon.svg');
    const icon = await platform.app.inject({ method: 'GET', url: '/assets/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/image\/svg\+xml/);
  });
});
