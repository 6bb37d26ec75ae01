import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { inject } from 'vitest';
import { loggerOptions } from '../../api/logger.js';
import { DEFAULT_MAIL_FROM } from '../../platform/config.js';
import { startMailServer, type MailServer } from '../../platform/mail-server.js';
import { configuredChannels } from '../../platform/notices/configured-channels.js';
import { NoticeDispatcher, type RetryPolicy } from '../../platform/notices/dispatcher.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/**
 * A seeded database of the file's own: a dispatcher takes every due delivery of its database, so
 * files that run dispatchers must not share one (one file's dead SMTP server would delay another's).
 * A copy of the run's seeded template, as seeding again would give the same rows, only slower.
 */
export function createNoticeDatabase(): Promise<TestDatabase> {
  return createTestDatabase({ template: inject('seededTemplate') });
}

/** A pino logger with the platform's options whose every line is kept, to check what logs would say. */
export function capturedLog(): { log: Logger; text: () => string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino(loggerOptions('debug'), sink), text: () => lines.join('') };
}

/** A dispatcher on real channels: the run's MailDev unless told, an SMS gateway when given; fast polls and retries. */
export function startTestDispatcher(
  prisma: PrismaClient,
  options: { smtpUrl?: string; smsGatewayUrl?: string; log?: Logger; retry?: Partial<RetryPolicy>; batchSize?: number } = {},
): NoticeDispatcher {
  const dispatcher = new NoticeDispatcher({
    prisma,
    log: options.log ?? pino({ level: 'silent' }),
    ...configuredChannels({ smtpUrl: options.smtpUrl ?? inject('smtpUrl'), smsGatewayUrl: options.smsGatewayUrl, mailFrom: DEFAULT_MAIL_FROM }),
    pollIntervalMs: 100,
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    retry: { firstDelayMs: 200, longestDelayMs: 2000, ...options.retry },
  });
  dispatcher.start();
  return dispatcher;
}

export interface ReceivedMail {
  id: string;
  subject: string;
  text: string;
  to: { address: string }[];
  from: { address: string; name: string }[];
  headers: Record<string, string>;
}

/** What a MailDev received (the run's unless told), optionally only those with this Message-ID. */
export async function receivedMails(options: { apiUrl?: string; messageId?: string } = {}): Promise<ReceivedMail[]> {
  const res = await fetch(`${options.apiUrl ?? inject('mailApiUrl')}/email`);
  if (!res.ok) throw new Error(`MailDev answered ${res.status}`);
  const all = (await res.json()) as ReceivedMail[];
  return options.messageId ? all.filter((mail) => mail.headers['message-id'] === options.messageId) : all;
}

/** A MailDev of a test's own (to stop, or to start late on a port a dispatcher already tries). */
export async function startOwnMailServer(smtpPort?: number): Promise<MailServer> {
  const directory = await mkdtemp(join(tmpdir(), 'khidma-test-mail-'));
  const server = await startMailServer({ mailDirectory: directory, preferUsualInboxPort: false, ...(smtpPort ? { smtpPort } : {}) });
  return {
    ...server,
    async stop() {
      await server.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** A tiny SMS gateway: answers `status` and keeps what it was sent. */
export async function startSmsGateway(status = 200): Promise<{ url: string; received: { body: unknown; headers: IncomingMessage['headers'] }[]; close(): Promise<void> }> {
  const received: { body: unknown; headers: IncomingMessage['headers'] }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ body: JSON.parse(body) as unknown, headers: req.headers });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/messages`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Reads until `read` gives something, or fails after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('still not there');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
