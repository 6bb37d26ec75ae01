import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { KhidmaApp } from '../../api/app.js';

/** A budget of `n` seconds. */
export function secondsBudget(n: number) {
  return { unit: 'duration', iso: `PT${n}S` };
}

/** A clock's policy counted in seconds, so a test can watch it run out; `more` overrides the rest. */
export function secondsPolicy(n: number, more: object = {}) {
  return { budget: secondsBudget(n), legalBasis: 'Test', warnAt: [], escalation: [], extension: null, silence: 'none', ...more };
}

/** A service of the ministry created through the catalogue API, as an administrator would; returns its id. */
export async function createServiceThroughApi(
  app: KhidmaApp,
  admin: Record<string, string>,
  caseType: string,
  clocks: Record<string, object>,
  settings?: Record<string, unknown>,
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/admin/services',
    headers: admin,
    payload: {
      entityCode: 'MJ',
      caseType,
      code: `TEST-${randomUUID().slice(0, 8).toUpperCase()}`,
      names: { fr: 'Service de test', ar: 'خدمة اختبار', en: 'Test service' },
      descriptions: { fr: 'Test.', ar: 'اختبار.', en: 'Test.' },
      clocks,
      requiredDocuments: [],
      active: true,
      ...(settings ? { settings } : {}),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ service: { id: string } }>().service.id;
}
