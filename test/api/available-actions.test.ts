import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICANT, startPlatform, staffHeaders, type TestPlatform } from '../support/platform.js';

/** The steps a case view offers are those its reader may take: none for a watcher, none on a colleague's case. */
let platform: TestPlatform;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

async function anotherHandler(): Promise<Record<string, string>> {
  const mj = await platform.prisma.entity.findFirstOrThrow({ where: { code: 'MJ' } });
  const username = `colleague-${randomUUID().slice(0, 8)}`;
  await platform.prisma.staffUser.create({
    data: { username, passwordHash: await bcrypt.hash('colleague-password', 4), displayName: 'Collègue', role: 'handler', entityId: mj.id },
  });
  const res = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password: 'colleague-password' } });
  return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
}

describe('availableActions', () => {
  it('are computed for the asker: the assignee and a supervisor act, a colleague and a manager only read', async () => {
    const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
    const receipt = (await platform.app.inject({ method: 'POST', url: '/api/v1/cases', payload: { serviceId, applicant: APPLICANT } })).json<{ caseId: string; trackingCode: string; accessToken: string }>();
    const [handler, supervisor, manager, colleague] = [
      await staffHeaders(platform.app, 'handler'),
      await staffHeaders(platform.app, 'supervisor'),
      await staffHeaders(platform.app, 'manager'),
      await anotherHandler(),
    ];
    const actionsFor = async (headers: Record<string, string>) =>
      (await platform.app.inject({ method: 'GET', url: `/api/v1/cases/by-id/${receipt.caseId}`, headers })).json<{ availableActions: string[] }>().availableActions;

    // Unassigned: any handler may claim it.
    expect(await actionsFor(colleague)).toContain('claim');
    expect(await actionsFor(manager)).toEqual([]);

    expect((await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/actions/claim`, headers: handler })).statusCode).toBe(200);
    expect(await actionsFor(handler)).toEqual(expect.arrayContaining(['approve', 'reject', 'request_info']));
    expect(await actionsFor(supervisor)).toEqual(expect.arrayContaining(['approve', 'reject', 'request_info']));
    expect(await actionsFor(colleague)).toEqual([]);
    expect(await actionsFor(manager)).toEqual([]);
    // What the view offers is what the workflow accepts.
    expect((await platform.app.inject({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/actions/approve`, headers: colleague })).statusCode).toBe(403);

    const citizen = (await platform.app.inject({ method: 'GET', url: `/api/v1/cases/${receipt.trackingCode}`, headers: { authorization: `Bearer ${receipt.accessToken}` } })).json<{ availableActions: string[] }>();
    expect(citizen.availableActions).toEqual(['withdraw']);
  });
});
