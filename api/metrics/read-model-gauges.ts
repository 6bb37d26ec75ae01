import { Gauge } from 'prom-client';
import type { PrismaClient } from '../../platform/prisma.js';
import type { KhidmaMetrics } from '../../platform/metrics/khidma-metrics.js';
import type { CaseEventFeed } from '../live/case-event-feed.js';

/** Group counts over the read model are read at most this often, whatever the scrape interval or the number of scrapers. */
const GROUP_COUNTS_TTL_MS = 10_000;
/** A scrape never waits longer on the database than this; the gauges are then left out and `khidma_read_model_up` is 0. */
const READ_TIMEOUT_MS = 2_000;

function withTimeout<T>(read: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('read model read timed out')), READ_TIMEOUT_MS);
  });
  return Promise.race([read, timeout]).finally(() => clearTimeout(timer));
}

interface GroupCounts {
  at: number;
  sla: Array<{ caseType: string; slaState: string; count: number }>;
  pendingNotices: Array<{ channel: string; count: number }>;
}

/**
 * Gauges read from PostgreSQL when Prometheus scrapes: open cases by case type and SLA state,
 * deliveries waiting to be sent by channel (both one grouped count, cached for 10 s), and the
 * outbox lag of this instance's event feed (one index read of the newest event id, every scrape).
 * A database outage leaves them out rather than failing the scrape: the process metrics and the
 * HTTP answers of the outage are what an operator needs then.
 */
export function registerReadModelGauges(metrics: KhidmaMetrics, deps: { prisma: PrismaClient; feed: CaseEventFeed }): void {
  const registers = [metrics.registry];
  let cached: GroupCounts | null = null;
  let reading: Promise<GroupCounts | null> | null = null;

  /** Null when the database cannot answer; the gauges of one scrape (collected together) share one read. */
  const groupCounts = (): Promise<GroupCounts | null> => {
    if (cached && Date.now() - cached.at < GROUP_COUNTS_TTL_MS) return Promise.resolve(cached);
    reading ??= readGroupCounts()
      .catch(() => null)
      .finally(() => {
        reading = null;
      });
    return reading;
  };

  const readGroupCounts = async (): Promise<GroupCounts> => {
    const [sla, pending] = await withTimeout(
      Promise.all([
        deps.prisma.case.groupBy({ by: ['caseType', 'slaState'], where: { closedAt: null }, _count: { _all: true } }),
        deps.prisma.noticeDelivery.groupBy({ by: ['channel'], where: { state: 'pending' }, _count: { _all: true } }),
      ]),
    );
    cached = {
      at: Date.now(),
      sla: sla.map((row) => ({ caseType: row.caseType, slaState: row.slaState, count: row._count._all })),
      pendingNotices: pending.map((row) => ({ channel: row.channel, count: row._count._all })),
    };
    return cached;
  };

  new Gauge({
    name: 'khidma_read_model_up',
    help: '1 when this scrape could read the read model (PostgreSQL), 0 when its gauges were left out',
    registers,
    async collect() {
      this.set((await groupCounts()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'khidma_open_cases',
    help: 'Cases not closed, by case type and SLA state (on_track, warning, breached, paused…), from the read model',
    labelNames: ['case_type', 'sla_state'],
    registers,
    async collect() {
      this.reset();
      const counts = await groupCounts();
      for (const row of counts?.sla ?? []) this.set({ case_type: row.caseType, sla_state: row.slaState }, row.count);
    },
  });
  new Gauge({
    name: 'khidma_notice_deliveries_pending',
    help: 'Notice deliveries waiting to be sent (first attempt or retry), by channel, from the delivery outbox',
    labelNames: ['channel'],
    registers,
    async collect() {
      this.reset();
      const counts = await groupCounts();
      for (const row of counts?.pendingNotices ?? []) this.set({ channel: row.channel }, row.count);
    },
  });
  new Gauge({
    name: 'khidma_outbox_lag_events',
    help: 'Newest case_event id minus the last id this API instance has fanned out to its live channels',
    registers,
    async collect() {
      this.reset();
      const fannedOut = deps.feed.fannedOutId;
      if (fannedOut === null) return;
      try {
        const newest = await withTimeout(deps.prisma.caseEvent.aggregate({ _max: { id: true } }));
        const lag = (newest._max.id ?? 0n) - fannedOut;
        this.set(Number(lag > 0n ? lag : 0n));
      } catch {
        // Left out, like the other read-model gauges: khidma_read_model_up says why.
      }
    },
  });
}
