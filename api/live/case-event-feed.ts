import pg from 'pg';
import type { Logger } from 'pino';
import { CASE_EVENT_CHANNEL, type CaseEventView } from '../../domain/cases/case-event.js';
import type { PrismaClient } from '../../platform/prisma.js';
import { eventView } from '../cases/case-read.js';
import { SerialRunner } from '../../platform/serial-runner.js';

export type CaseEventListener = (event: CaseEventView) => void;

/** Subscriptions are per case (a citizen's channel) or per entity (its staff's channel). */
export type FeedTopic = { caseId: string } | { entityId: string };

const topicKey = (topic: FeedTopic) => ('caseId' in topic ? `case:${topic.caseId}` : `entity:${topic.entityId}`);

export interface CaseEventFeedOptions {
  prisma: PrismaClient;
  log: Logger;
  /** LISTEN on this database for a prompt wake-up; without it the feed only polls */
  listenUrl?: string;
  pollIntervalMs?: number;
}

const BATCH = 500;
const FIRST_LISTEN_RETRY_MS = 1000;
const LONGEST_LISTEN_RETRY_MS = 30_000;

/**
 * Tails the case_event outbox in global id order and hands each event to the subscribers of its
 * case. NOTIFY wakes it at once; the poll catches anything a lost notification or a database
 * without cross-connection NOTIFY (embedded PGlite) would miss. Every API instance runs its own.
 */
export class CaseEventFeed {
  private readonly subscribers = new Map<string, Set<CaseEventListener>>();
  /** null until the newest id could be read: a feed started while the database is down begins once it is back */
  private lastId: bigint | null = null;
  private timer: NodeJS.Timeout | null = null;
  private listener: pg.Client | null = null;
  private listenRetry: NodeJS.Timeout | null = null;
  private listenFailures = 0;
  private readonly rounds = new SerialRunner(() => this.drain());
  private stopped = false;

  constructor(private readonly options: CaseEventFeedOptions) {}

  /** Never fails: with the database down, the feed keeps trying on every poll and LISTENs once it can. */
  async start(): Promise<void> {
    await this.readNewestId();
    if (this.options.listenUrl) await this.listen(this.options.listenUrl);
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? 250);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.listenRetry) clearTimeout(this.listenRetry);
    await this.rounds.stop();
    await this.listener?.end().catch(() => undefined);
  }

  private async readNewestId(): Promise<boolean> {
    try {
      const newest = await this.options.prisma.caseEvent.aggregate({ _max: { id: true } });
      this.lastId = newest._max.id ?? 0n;
      return true;
    } catch (err) {
      this.options.log.warn({ err }, 'case event feed cannot read the outbox yet; retrying on the next poll');
      return false;
    }
  }

  /** The last event id this feed has handed to its subscribers (null until it could read the outbox): /metrics reports the lag behind the newest. */
  get fannedOutId(): bigint | null {
    return this.lastId;
  }

  /** Listeners attached now: every closed socket must have given its listener back. */
  get subscriptionCount(): number {
    let count = 0;
    for (const set of this.subscribers.values()) count += set.size;
    return count;
  }

  subscribe(topic: FeedTopic, listener: CaseEventListener): () => void {
    const key = topicKey(topic);
    let set = this.subscribers.get(key);
    if (!set) this.subscribers.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.subscribers.delete(key);
    };
  }

  /** Reads now, or once more right after the read in progress. */
  wake(): void {
    this.rounds.wake();
  }

  private async drain(): Promise<void> {
    if (this.lastId === null && !(await this.readNewestId())) return;
    try {
      for (;;) {
        const rows = await this.options.prisma.caseEvent.findMany({
          where: { id: { gt: this.lastId! } },
          orderBy: { id: 'asc' },
          take: BATCH,
          include: { case: { select: { entityId: true } } },
        });
        for (const row of rows) {
          this.lastId = row.id;
          const listeners = [
            ...(this.subscribers.get(topicKey({ caseId: row.caseId })) ?? []),
            ...(this.subscribers.get(topicKey({ entityId: row.case.entityId })) ?? []),
          ];
          if (listeners.length === 0) continue;
          const event = eventView(row);
          for (const listener of listeners) listener(event);
        }
        if (rows.length < BATCH) return;
      }
    } catch (err) {
      this.options.log.warn({ err }, 'case event feed read failed; retrying on the next poll');
    }
  }

  /** LISTENs for prompt wake-ups; a lost or refused connection is tried again (1 s doubling to 30 s), polling meanwhile. */
  private async listen(url: string): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    let lost = false;
    const retry = (err: unknown) => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = null;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      const delay = Math.min(LONGEST_LISTEN_RETRY_MS, FIRST_LISTEN_RETRY_MS * 2 ** this.listenFailures);
      this.listenFailures += 1;
      this.options.log.warn({ err, retryInMs: delay }, 'case event LISTEN connection unavailable; polling meanwhile');
      this.listenRetry = setTimeout(() => void this.listen(url), delay);
      this.listenRetry.unref();
    };
    client.on('error', retry);
    client.on('end', () => retry(new Error('LISTEN connection ended')));
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${CASE_EVENT_CHANNEL}`);
      this.listener = client;
      this.listenFailures = 0;
      // Events committed while no one listened are read now rather than at the next poll.
      this.wake();
    } catch (err) {
      retry(err);
    }
  }
}
