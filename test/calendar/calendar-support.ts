import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { PrismaClient } from '../../scripts/runtime/prisma.js';

export interface HolidayView {
  date: string;
  key: string;
  names: { fr: string; ar: string; en: string };
  kind: string;
  status: string;
}

/** An entity of its own for a test file, so its calendar changes concern no other test. */
export async function createTestEntity(prisma: PrismaClient, prefix: string): Promise<{ id: string; code: string }> {
  const code = `${prefix}-${randomUUID().slice(0, 8)}`;
  return prisma.entity.create({ data: { code, name: `Entité de test ${code}` }, select: { id: true, code: true } });
}

export function expectClientError(res: { statusCode: number; json(): unknown }, status: number, message?: RegExp): void {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
  const body = res.json() as { statusCode: number; message: string };
  expect(body.statusCode).toBe(status);
  expect(body.message.length).toBeGreaterThan(5);
  if (message) expect(body.message).toMatch(message);
}
