import type { Logger } from 'pino';
import { noticeText, smsText } from '../../domain/notices/message.js';
import { internationalPhone, withoutContactDetails } from '../../domain/notices/redaction.js';
import { claimDueDeliveries, markAttemptFailed, markNotSent, markSent, type ClaimedDelivery } from '../../store/notice-outbox.js';
import type { KhidmaMetrics } from '../metrics/khidma-metrics.js';
import type { PrismaClient } from '../prisma.js';
import { SerialRunner } from '../serial-runner.js';
import { DeliveryRefused } from './channels.js';
import type { ConfiguredChannel } from './configured-channels.js';

export interface RetryPolicy {
  /** attempts in all, the first included; then the delivery is failed */
  maxAttempts: number;
  /** wait after the first failed attempt, doubled after each next one */
  firstDelayMs: number;
  longestDelayMs: number;
}

export interface NoticeDispatcherOptions {
  prisma: PrismaClient;
  log: Logger;
  email: ConfiguredChannel;
  sms: ConfiguredChannel;
  pollIntervalMs?: number;
  /** how long a claimed row is this sender's; past it (the sender died), another sender takes it again */
  leaseMs?: number;
  batchSize?: number;
  retry?: Partial<RetryPolicy>;
  /** counts each attempt's result for /metrics */
  metrics?: KhidmaMetrics;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, firstDelayMs: 30_000, longestDelayMs: 3_600_000 };
const DEFAULT_POLL_MS = 1000;
const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_BATCH = 20;

/** The wait before attempt n + 1 after n failed ones. */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy): number {
  return Math.min(policy.longestDelayMs, policy.firstDelayMs * 2 ** Math.max(0, failedAttempts - 1));
}

/** The deterministic reference of one delivery: the e-mail's Message-ID, the SMS's idempotency key. */
export function deliveryReference(id: bigint): string {
  return `<delivery-${id}@khidma>`;
}

/**
 * Sends what the delivery outbox holds: claims due rows, sends each on its channel in the
 * recipient's language, records the outcome; a failure is retried with exponential backoff until
 * the attempts run out, then the delivery is failed, which staff see. Any number of dispatchers
 * may run against one database: a row is claimed by one at a time.
 */
export class NoticeDispatcher {
  private readonly retry: RetryPolicy;
  private timer: NodeJS.Timeout | null = null;
  private readonly rounds = new SerialRunner(() => this.drain());

  constructor(private readonly options: NoticeDispatcherOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? DEFAULT_POLL_MS);
    this.timer.unref();
    this.wake();
  }

  /** Lets the batch in hand finish (its sends time out within the lease), then closes the channels. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.rounds.stop();
    for (const channel of [this.options.email, this.options.sms]) if ('send' in channel) await channel.close();
  }

  /** Looks for due deliveries now, or once more right after the round in progress. */
  wake(): void {
    this.rounds.wake();
  }

  private async drain(): Promise<void> {
    const batchSize = this.options.batchSize ?? DEFAULT_BATCH;
    try {
      for (;;) {
        const due = await claimDueDeliveries(this.options.prisma, { batchSize, leaseMs: this.options.leaseMs ?? DEFAULT_LEASE_MS, maxAttempts: this.retry.maxAttempts });
        await Promise.all(due.map((delivery) => this.deliver(delivery)));
        if (due.length < batchSize || this.rounds.stopped) return;
      }
    } catch (err) {
      // The database is away: the next poll tries again, and rows claimed meanwhile come back when their lease ends.
      this.options.log.warn({ err: errorText(err) }, 'notice dispatcher cannot reach the delivery outbox; retrying on the next poll');
    }
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const { prisma, log } = this.options;
    const count = (result: 'sent' | 'retry' | 'failed' | 'not_sent') => this.options.metrics?.noticeDeliveries.inc({ channel: delivery.channel, result });
    const fields = { caseId: delivery.caseId, actor: 'system', notificationId: String(delivery.notificationId), deliveryId: String(delivery.id), channel: delivery.channel, attempt: delivery.attempts };
    const channel = this.options[delivery.channel];
    if (!('send' in channel)) {
      await markNotSent(prisma, delivery, channel.unavailable);
      count('not_sent');
      log.info({ ...fields, reason: channel.unavailable }, 'notice not sent');
      return;
    }
    if (!delivery.address) {
      const reason = delivery.channel === 'email' ? 'no e-mail address on record' : 'no phone number on record';
      await markNotSent(prisma, delivery, reason);
      count('not_sent');
      log.info({ ...fields, reason }, 'notice not sent');
      return;
    }
    const reference = deliveryReference(delivery.id);
    const text = noticeText(delivery.message, delivery.language, delivery.trackingCode);
    try {
      const { providerMessageId } = await channel.send({
        reference,
        to: delivery.channel === 'sms' ? internationalPhone(delivery.address) : delivery.address,
        subject: text.subject,
        text: delivery.channel === 'sms' ? smsText(delivery.message, delivery.language) : text.body,
      });
      const recorded = await markSent(prisma, delivery, providerMessageId);
      count('sent');
      log.info({ ...fields, recorded }, recorded ? 'notice sent' : 'notice sent, but another sender had taken the delivery over');
    } catch (err) {
      const error = withoutContactDetails(errorText(err));
      const final = err instanceof DeliveryRefused || delivery.attempts >= this.retry.maxAttempts;
      const retryAt = final ? null : new Date(Date.now() + retryDelayMs(delivery.attempts, this.retry));
      await markAttemptFailed(prisma, delivery, error, retryAt).catch((markErr: unknown) =>
        log.warn({ ...fields, err: errorText(markErr) }, 'could not record a failed attempt; the lease will bring the delivery back'),
      );
      count(retryAt ? 'retry' : 'failed');
      if (retryAt) log.warn({ ...fields, error, retryAt: retryAt.toISOString() }, 'notice not delivered; will retry');
      else log.error({ ...fields, error }, 'notice delivery failed');
    }
  }
}

/** An error as text without its stack or the objects it carries (an SMTP error holds the envelope's addresses). */
function errorText(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  return withoutContactDetails(typeof code === 'string' ? `${code}: ${message}` : message);
}
