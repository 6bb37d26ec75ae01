import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICANT, createTestService, startPlatform, type TestPlatform } from '../support/platform.js';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

describe('the récépissé', () => {
  it('is a PDF for the citizen holding the access token, naming the tracking code; refused to anyone else', async () => {
    const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
    const receipt = (await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } })).json<{
      trackingCode: string;
      accessToken: string;
    }>();
    const url = `/api/v1/cases/${receipt.trackingCode}/receipt.pdf`;
    const res = await platform.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${receipt.accessToken}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="recepisse-${receipt.trackingCode}.pdf"`);
    const pdf = await PDFDocument.load(res.rawPayload);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe(`Récépissé ${receipt.trackingCode}`);
    // No personal data in the document.
    expect(res.rawPayload.toString('latin1')).not.toContain(APPLICANT.nationalId);

    expect((await platform.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const wrong = receipt.accessToken.slice(0, -1) + (receipt.accessToken.endsWith('A') ? 'B' : 'A');
    expect((await platform.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${wrong}` } })).statusCode).toBe(404);
  });
});

describe('the attestation of a request deemed accepted, and the case summary', () => {
  async function submitTo(serviceId: string) {
    const res = await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ caseId: string; trackingCode: string; accessToken: string }>();
  }
  const get = (c: { trackingCode: string; accessToken: string }, document: string) =>
    platform.app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}/${document}`, headers: { authorization: `Bearer ${c.accessToken}` } });

  it('is given once silence made the request accepted, citing the legal basis, and refused (409) for any other case', async () => {
    const tacit = await createTestService(platform.prisma, { budget: { unit: 'duration', iso: 'PT1S' }, silence: 'implicit_acceptance', legalBasis: 'Loi 55-19, art. 9' });
    const c = await submitTo(tacit.id);
    const early = await get(c, 'attestation.pdf');
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ details: { reason: 'not_deemed_accepted' } });
    for (const until = Date.now() + 15_000; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const row = await platform.prisma.case.findUniqueOrThrow({ where: { id: c.caseId } });
      if (row.outcome === 'deemed_accepted') break;
      if (Date.now() > until) throw new Error(`still ${row.status}`);
    }
    const res = await get(c, 'attestation.pdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="attestation-${c.trackingCode}.pdf"`);
    const pdf = await PDFDocument.load(res.rawPayload);
    expect(pdf.getTitle()).toBe(`Attestation ${c.trackingCode}`);
    expect(pdf.getSubject()).toContain('acceptation tacite');
    expect((await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${c.trackingCode}/attestation.pdf` })).statusCode).toBe(401);
  });

  it('sums up any case for the citizen to attach to a complaint elsewhere', async () => {
    const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
    const c = await submitTo(serviceId);
    const res = await get(c, 'summary.pdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = await PDFDocument.load(res.rawPayload);
    expect(pdf.getTitle()).toBe(`Récapitulatif ${c.trackingCode}`);
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
  });
});
