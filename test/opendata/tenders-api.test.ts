import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { startPlatform, TEST_CONFIG, type TestPlatform } from '../support/platform.js';
import { createTender, tenderRecord, testBuyerCode } from '../support/tenders.js';
import { until } from '../support/until.js';

/*
 * The public calls for tenders over the real API and database: search, filters, a status that
 * moves with the clock, the calendar reminder, caching, and refusals of bad parameters.
 */
let platform: TestPlatform;
const buyer = testBuyerCode();
const futureBuyer = testBuyerCode();
const DAY_MS = 86_400_000;

interface Item {
  reference: string;
  path: string;
  status: string;
  deadlineAt: string;
  deadlineLocal: string;
  labels: { status: { fr: string; ar: string; en: string } };
  documents: { fileName: string; sizeBytes: number; url: string }[];
  award: unknown;
}

const list = async (query: string) => {
  const res = await platform.app.inject({ method: 'GET', url: `/api/v1/public/tenders?buyer=${buyer}&${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: Item[]; total: number }>();
};
const references = async (query: string) => (await list(query)).items.map((i) => i.reference);

beforeAll(async () => {
  platform = await startPlatform();
  const now = Date.now();
  await createTender(platform.prisma, tenderRecord(buyer, { reference: `ETUDE-1/${buyer}`, objectFr: 'Étude de faisabilité du port sec', objectAr: 'دِرَاسَة جَدْوَى المِينَاء الجاف', category: 'etudes', procedure: 'concours', publishedOn: '2026-11-01', deadlineAt: now + 20 * DAY_MS }));
  await createTender(platform.prisma, tenderRecord(buyer, { reference: `ETUDE-2/${buyer}`, objectFr: 'ETUDE D’IMPACT ENVIRONNEMENTAL', objectAr: 'دراسة التأثير على البيئة', category: 'etudes', publishedOn: '2026-11-05', deadlineAt: now + 3 * DAY_MS }));
  await createTender(platform.prisma, tenderRecord(buyer, { reference: `TRAVAUX-1/${buyer}`, objectFr: 'Travaux de voirie', objectAr: 'أشغال الطرق', category: 'travaux', publishedOn: '2026-11-10', deadlineAt: now - 5 * DAY_MS }));
  await createTender(platform.prisma, tenderRecord(buyer, { reference: `TRAVAUX-2/${buyer}`, objectFr: 'Travaux d’étanchéité', objectAr: 'أشغال العزل', category: 'travaux', publishedOn: '2026-10-01', deadlineAt: now - 40 * DAY_MS, award: { awardee: 'Société Atlas SARL', amountCentimes: 9_900_000, awardedOn: '2026-11-20' } }));
  await createTender(platform.prisma, tenderRecord(buyer, { reference: `SERVICES-1/${buyer}`, objectFr: 'Gardiennage 100% des locaux', objectAr: 'حراسة المقرات', category: 'services', publishedOn: '2026-09-01', deadlineAt: now + 10 * DAY_MS, cancelledOn: '2026-11-02', cancellationReason: 'Dossier modifié' }));
  // Not yet published: never public, nor is a buyer whose calls are all still to come.
  await createTender(platform.prisma, tenderRecord(buyer, { reference: `FUTUR-1/${buyer}`, publishedOn: new Date(now + 5 * DAY_MS).toISOString().slice(0, 10), deadlineAt: now + 40 * DAY_MS }));
  await createTender(platform.prisma, tenderRecord(futureBuyer, { reference: `FUTUR-2/${futureBuyer}`, publishedOn: new Date(now + 5 * DAY_MS).toISOString().slice(0, 10), deadlineAt: now + 40 * DAY_MS }));
});
afterAll(() => platform?.close());

describe('search', () => {
  it('finds "Etude" in "Étude" and "ETUDE", whatever the case and accents of the query', async () => {
    expect((await references('q=Etude')).sort()).toEqual([`ETUDE-1/${buyer}`, `ETUDE-2/${buyer}`]);
    expect((await references('q=%C3%A9tude')).sort()).toEqual([`ETUDE-1/${buyer}`, `ETUDE-2/${buyer}`]);
    expect(await references('q=faisabilite%20PORT')).toEqual([`ETUDE-1/${buyer}`]);
  });

  it('finds Arabic with and without diacritics', async () => {
    expect((await references(`q=${encodeURIComponent('دراسة')}`)).sort()).toEqual([`ETUDE-1/${buyer}`, `ETUDE-2/${buyer}`]);
    expect(await references(`q=${encodeURIComponent('جدوى الميناء')}`)).toEqual([`ETUDE-1/${buyer}`]);
    expect((await references(`q=${encodeURIComponent('دِرَاسَة')}`)).sort()).toEqual([`ETUDE-1/${buyer}`, `ETUDE-2/${buyer}`]);
  });

  it('reads % and _ in a query as themselves', async () => {
    expect(await references('q=100%25')).toEqual([`SERVICES-1/${buyer}`]);
    expect(await references('q=%25')).toEqual([`SERVICES-1/${buyer}`]);
    expect(await references('q=_')).toEqual([]);
  });
});

describe('filters', () => {
  it('lists the published calls only, newest publication first, with the total', async () => {
    const answer = await list('');
    expect(answer.total).toBe(5);
    expect(answer.items.map((i) => i.reference)).toEqual([`TRAVAUX-1/${buyer}`, `ETUDE-2/${buyer}`, `ETUDE-1/${buyer}`, `TRAVAUX-2/${buyer}`, `SERVICES-1/${buyer}`]);
  });

  it('derives every status and filters on it, one or several', async () => {
    const statuses = Object.fromEntries((await list('')).items.map((i) => [i.reference.split('/')[0], i.status]));
    expect(statuses).toEqual({ 'ETUDE-1': 'open', 'ETUDE-2': 'closing_soon', 'TRAVAUX-1': 'closed', 'TRAVAUX-2': 'awarded', 'SERVICES-1': 'cancelled' });
    expect(await references('status=closing_soon')).toEqual([`ETUDE-2/${buyer}`]);
    expect(await references('status=open,closing_soon&sort=deadline')).toEqual([`ETUDE-2/${buyer}`, `ETUDE-1/${buyer}`]);
    expect(await references('status=cancelled')).toEqual([`SERVICES-1/${buyer}`]);
    expect(await references('status=awarded')).toEqual([`TRAVAUX-2/${buyer}`]);
    expect(await references('status=closed')).toEqual([`TRAVAUX-1/${buyer}`]);
  });

  it('filters on category, procedure, deadline range, and pages through', async () => {
    expect((await references('category=travaux')).sort()).toEqual([`TRAVAUX-1/${buyer}`, `TRAVAUX-2/${buyer}`]);
    expect(await references('procedure=concours')).toEqual([`ETUDE-1/${buyer}`]);
    const inTwoDays = new Date(Date.now() + 2 * DAY_MS).toISOString().slice(0, 10);
    const inFiveDays = new Date(Date.now() + 5 * DAY_MS).toISOString().slice(0, 10);
    expect(await references(`deadlineFrom=${inTwoDays}&deadlineTo=${inFiveDays}`)).toEqual([`ETUDE-2/${buyer}`]);
    const page = await list('sort=reference&limit=2&offset=2');
    expect(page.total).toBe(5);
    expect(page.items.map((i) => i.reference)).toEqual([`SERVICES-1/${buyer}`, `TRAVAUX-1/${buyer}`]);
  });
});

describe('what the calls can be filtered on', () => {
  it('names the buyers of published calls, and not a buyer whose calls are all still to be published', async () => {
    const res = await platform.app.inject({ method: 'GET', url: '/api/v1/public/tender-filters' });
    expect(res.statusCode, res.body).toBe(200);
    const buyers = res.json<{ buyers: { code: string; name: { fr: string } }[] }>().buyers;
    expect(buyers).toContainEqual({ code: buyer, name: { fr: 'Acheteur de test', ar: 'مشتري تجريبي' } });
    expect(buyers.map((b) => b.code)).not.toContain(futureBuyer);
  });
});

describe('status moves with the clock', () => {
  it('is closing soon until the deadline a few seconds ahead, then closed, with a new ETag', async () => {
    const record = await createTender(platform.prisma, tenderRecord(buyer, { reference: `SOON/${buyer}`, deadlineAt: Date.now() + 3000 }));
    const url = `/api/v1/public/tenders/${encodeURIComponent(record.reference)}`;
    const before = await platform.app.inject({ method: 'GET', url });
    expect(before.json<Item>().status).toBe('closing_soon');
    expect((await list('q=soon')).items.map((i) => i.status)).toEqual(['closing_soon']);
    const after = await until(() => platform.app.inject({ method: 'GET', url }), (res) => res.json<Item>().status !== 'closing_soon', 10_000);
    expect(after.json<Item>()).toMatchObject({ status: 'closed', labels: { status: { fr: 'Clos', ar: 'مغلق', en: 'Closed' } } });
    expect(after.headers.etag).not.toBe(before.headers.etag);
    // The same list as before the deadline, read again: its answer is not kept past a status change.
    expect((await list('q=soon')).items.map((i) => i.status)).toEqual(['closed']);
    expect(await references('status=closed&q=soon')).toEqual([record.reference]);
  });
});

describe('one call', () => {
  it('is found by its percent-encoded reference, slashes and all, with its local deadline', async () => {
    const record = await createTender(platform.prisma, tenderRecord(buyer, { reference: `AO N° 12/2026/${buyer}`, deadlineAt: Date.parse('2027-01-18T10:00:00Z') }));
    const res = await platform.app.inject({ method: 'GET', url: `/api/v1/public/tenders/${encodeURIComponent(record.reference)}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Item>()).toMatchObject({ reference: record.reference, path: `AO%20N%C2%B0%2012%2F2026%2F${buyer}`, deadlineLocal: '2027-01-18 10:00' });
  });

  it('answers 404 for an unknown reference and for a call not yet published', async () => {
    for (const reference of ['AO N° 99/1999/NOBODY', `FUTUR-1/${buyer}`]) {
      const res = await platform.app.inject({ method: 'GET', url: `/api/v1/public/tenders/${encodeURIComponent(reference)}` });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'not_found' });
      const ics = await platform.app.inject({ method: 'GET', url: `/api/v1/public/tenders/${encodeURIComponent(reference)}/deadline.ics` });
      expect(ics.statusCode).toBe(404);
    }
  });

  it('serves the seeded dossier files it links to, as they are listed', async () => {
    const seeded = (await platform.app.inject({ method: 'GET', url: '/api/v1/public/tenders?buyer=MJ&limit=3' })).json<{ items: Item[] }>().items;
    expect(seeded.length).toBeGreaterThan(0);
    for (const call of seeded) {
      expect(call.documents.length).toBeGreaterThan(0);
      for (const doc of call.documents) {
        const file = await platform.app.inject({ method: 'GET', url: doc.url });
        expect(file.statusCode, doc.url).toBe(200);
        expect(file.headers['content-type']).toBe('application/pdf');
        expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
        expect(file.rawPayload.length).toBe(doc.sizeBytes);
      }
    }
    const missing = await platform.app.inject({ method: 'GET', url: `/api/v1/public/tenders/${seeded[0]!.path}/documents/nothing.pdf` });
    expect(missing.statusCode).toBe(404);
  });
});

describe('the deadline in a calendar', () => {
  it('is an iCalendar event at the deadline in Morocco’s zone, with a stable UID and a reminder a day before', async () => {
    const record = await createTender(platform.prisma, tenderRecord(buyer, { reference: `ICS 7/2027/${buyer}`, deadlineAt: Date.parse('2027-02-15T10:00:00Z') }));
    const url = `/api/v1/public/tenders/${encodeURIComponent(record.reference)}/deadline.ics?lang=ar`;
    const res = await platform.app.inject({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    const zone = calendar.getFirstSubcomponent('vtimezone');
    expect(zone?.getFirstPropertyValue('tzid')).toBe('Africa/Casablanca');
    if (zone) ICAL.TimezoneService.register(zone);
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.startDate.zone?.tzid).toBe('Africa/Casablanca');
    expect(event.startDate.toString()).toBe('2027-02-15T10:00:00');
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-02-15T10:00:00.000Z');
    expect(event.summary).toContain('آخر أجل لإيداع الأظرفة');
    const alarm = calendar.getFirstSubcomponent('vevent')!.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('trigger')?.toString()).toBe('-P1D');
    const again = await platform.app.inject({ method: 'GET', url });
    expect(new ICAL.Event(new ICAL.Component(ICAL.parse(again.body)).getFirstSubcomponent('vevent')!).uid).toBe(event.uid);
  });
});

describe('caching', () => {
  it('answers with an ETag and Cache-Control: public, and 304 to If-None-Match', async () => {
    for (const url of [`/api/v1/public/tenders?buyer=${buyer}`, `/api/v1/public/tenders/${encodeURIComponent(`ETUDE-1/${buyer}`)}`, '/api/v1/public/tenders/feed.atom', '/api/v1/public/tender-filters']) {
      const first = await platform.app.inject({ method: 'GET', url });
      expect(first.statusCode, url).toBe(200);
      expect(first.headers['cache-control']).toBe('public, max-age=60');
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"[\w-]+"$/);
      const second = await platform.app.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
      expect(second.statusCode, url).toBe(304);
      expect(second.body).toBe('');
      const other = await platform.app.inject({ method: 'GET', url, headers: { 'if-none-match': '"something-else"' } });
      expect(other.statusCode).toBe(200);
    }
  });
});

describe('rate limit', () => {
  it('is one budget per address for every public open-data read, whichever endpoints it is spent on', async () => {
    const limited = await buildApp({ prisma: platform.prisma, temporal: platform.temporal, feed: platform.feed, config: { ...TEST_CONFIG, limits: { ...TEST_CONFIG.limits, publicReadsPerMinute: 4 } } });
    try {
      const urls = ['/api/v1/public/tenders', '/api/v1/public/grants', '/api/v1/public/stats', '/api/v1/public/tender-filters', `/api/v1/public/tenders/${encodeURIComponent(`ETUDE-1/${buyer}`)}`];
      const codes: number[] = [];
      for (const url of urls) codes.push((await limited.inject({ method: 'GET', url })).statusCode);
      expect(codes).toEqual([200, 200, 200, 200, 429]);
      const refused = await limited.inject({ method: 'GET', url: '/api/v1/public/tenders/feed.atom' });
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ code: 'rate_limited' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('absolute links', () => {
  it('come from PUBLIC_BASE_URL when set, else from the Host the answer then varies by', async () => {
    const spoofed = await platform.app.inject({ method: 'GET', url: '/api/v1/public/tenders/feed.atom', headers: { host: 'evil.example' } });
    expect(spoofed.headers.vary).toMatch(/host/i);
    const app = await buildApp({ prisma: platform.prisma, temporal: platform.temporal, feed: platform.feed, config: { ...TEST_CONFIG, publicBaseUrl: 'https://services.example.ma' } });
    try {
      const feed = await app.inject({ method: 'GET', url: '/api/v1/public/tenders/feed.atom', headers: { host: 'evil.example' } });
      expect(feed.statusCode).toBe(200);
      expect(feed.body).toContain('https://services.example.ma/tenders/');
      expect(feed.body).not.toContain('evil.example');
      expect(feed.headers.vary).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});

describe('bad query parameters', () => {
  it.each([
    ['limit=1e309', 'querystring.limit'],
    ['limit=0', 'querystring.limit'],
    ['limit=101', 'querystring.limit'],
    ['offset=-1', 'querystring.offset'],
    ['offset=99999999999999999999', 'querystring.offset'],
    ['status=opened', 'querystring.status'],
    ['status=open,', 'querystring.status'],
    ['category=batiment', 'querystring.category'],
    ['procedure=gre_a_gre', 'querystring.procedure'],
    ['sort=price', 'querystring.sort'],
    ['deadlineFrom=2026-02-30', 'querystring.deadlineFrom'],
    ['deadlineTo=tomorrow', 'querystring.deadlineTo'],
    ['deadlineFrom=2026-12-10&deadlineTo=2026-12-01', 'querystring.deadlineTo'],
    ['q=a%00b', 'querystring.q'],
    ['q=%E2%80%AEevil', 'querystring.q'],
    [`q=${'a'.repeat(201)}`, 'querystring.q'],
    ['buyer=mj', 'querystring.buyer'],
    ['utm_source=x', 'querystring'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const res = await platform.app.inject({ method: 'GET', url: `/api/v1/public/tenders?${query}` });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_input', details: { field } });
  });

  it('refuses a bad language for the calendar and the feed', async () => {
    for (const url of ['/api/v1/public/tenders/feed.atom?lang=de', `/api/v1/public/tenders/${encodeURIComponent(`ETUDE-1/${buyer}`)}/deadline.ics?lang=xx`]) {
      const res = await platform.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ details: { field: 'querystring.lang' } });
    }
  });

  it('answers 404, never 500, to hostile references', async () => {
    for (const path of ['%00', '%ED%A0%80', 'a'.repeat(100), '..%2F..%2Fetc%2Fpasswd', '%25', '__proto__']) {
      const res = await platform.app.inject({ method: 'GET', url: `/api/v1/public/tenders/${path}` });
      expect([400, 404], `${path}: ${res.body}`).toContain(res.statusCode);
    }
  });
});
