import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_MAIL_FROM } from '../../platform/config.js';
import { createMetrics } from '../../platform/metrics/khidma-metrics.js';
import { configuredChannels } from '../../platform/notices/configured-channels.js';
import { NoticeDispatcher } from '../../platform/notices/dispatcher.js';
import type { TestDatabase } from '../support/database.js';
import { createNoticeDatabase } from '../support/notices.js';
import { APPLICANT, METRICS_HEADERS, startPlatform, type TestPlatform } from '../support/platform.js';
import { parsePrometheus } from '../support/prometheus.js';
import { until } from '../support/until.js';

/*
 * Notice deliveries in /metrics: what waits in the outbox (read from notice_delivery), and what
 * the dispatcher did with each attempt, by channel and result. A database of this file's own: a
 * dispatcher takes every due delivery of its database.
 */
let database: TestDatabase;
let platform: TestPlatform;

beforeAll(async () => {
  database = await createNoticeDatabase();
  platform = await startPlatform({ databaseUrl: database.url });
});
afterAll(async () => {
  await platform?.close();
  await database?.drop();
});

describe('notice deliveries in /metrics', () => {
  it('shows the deliveries waiting by channel, then counts each one the dispatcher sent or could not send', async () => {
    const serviceId = (await platform.prisma.service.findFirstOrThrow({ where: { code: 'CASIER-JUDICIAIRE' } })).id;
    const res = await platform.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      payload: { serviceId, applicant: { ...APPLICANT, email: `m.${randomUUID().slice(0, 8)}@exemple.test`, contactBy: ['email', 'sms'] } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const pending = await platform.prisma.noticeDelivery.groupBy({ by: ['channel'], where: { state: 'pending' }, _count: { _all: true } });
    const scraped = parsePrometheus((await platform.app.inject({ method: 'GET', url: '/metrics', headers: METRICS_HEADERS })).body);
    for (const channel of ['email', 'sms']) {
      const expected = pending.find((p) => p.channel === channel)?._count._all;
      expect(expected, channel).toBeGreaterThanOrEqual(1);
      expect(scraped.value('khidma_notice_deliveries_pending', { channel })).toBe(expected);
    }

    const metrics = createMetrics({ processMetrics: false });
    // E-mail through the run's MailDev; no SMS gateway, so every SMS is recorded as not sent.
    const dispatcher = new NoticeDispatcher({
      prisma: platform.prisma,
      log: pino({ level: 'silent' }),
      metrics,
      pollIntervalMs: 100,
      ...configuredChannels({ smtpUrl: inject('smtpUrl'), smsGatewayUrl: undefined, mailFrom: DEFAULT_MAIL_FROM }),
    });
    dispatcher.start();
    try {
      await until(() => platform.prisma.noticeDelivery.count({ where: { state: 'pending' } }), (n) => n === 0);
    } finally {
      await dispatcher.stop();
    }
    const outcomes = await platform.prisma.noticeDelivery.groupBy({ by: ['channel', 'state'], _count: { _all: true } });
    const counted = parsePrometheus(await metrics.registry.metrics());
    const of = (channel: string, state: string) => outcomes.find((o) => o.channel === channel && o.state === state)?._count._all ?? 0;
    expect(of('email', 'sent')).toBeGreaterThanOrEqual(1);
    expect(counted.value('khidma_notice_deliveries_total', { channel: 'email', result: 'sent' })).toBe(of('email', 'sent'));
    expect(of('sms', 'not_sent')).toBeGreaterThanOrEqual(1);
    expect(counted.value('khidma_notice_deliveries_total', { channel: 'sms', result: 'not_sent' })).toBe(of('sms', 'not_sent'));
  });
});
