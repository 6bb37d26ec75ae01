import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICANT, startPlatform, type TestPlatform } from '../support/platform.js';

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
