import { expect } from 'vitest';

/** The API refused with `status` and a message a person can act on (matching `message` when given). */
export function expectClientError(res: { statusCode: number; json(): unknown }, status: number, message?: RegExp): void {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
  const body = res.json() as { statusCode: number; message: string };
  expect(body.statusCode).toBe(status);
  expect(body.message.length).toBeGreaterThan(5);
  if (message) expect(body.message).toMatch(message);
}
