import { etagOf } from '../stats/http-cache.js';

export interface KeptAnswer {
  body: string;
  etag: string;
}

/** What a computation gives: the answer, and the first instant it may read differently for the clock alone. */
export interface FreshAnswer {
  value: unknown;
  changesAt: number;
}

/**
 * Public answers kept per normalized request, each until the earlier of `keepMs` after it was
 * computed and the instant it says its content changes with the clock (a call's status), so a
 * kept answer is never one the clock has outdated. A key is computed once at a time however many
 * ask; `forget()` drops them all (an import changed the data). `keepMs` 0 keeps nothing.
 */
export class KeptAnswers {
  readonly #entries = new Map<string, { until: number; answer: Promise<KeptAnswer> }>();

  constructor(
    private readonly keepMs: number,
    private readonly capacity: number,
  ) {}

  answer(key: string, compute: (nowMs: number) => Promise<FreshAnswer>): Promise<KeptAnswer> {
    const now = Date.now();
    const kept = this.#entries.get(key);
    if (kept && now < kept.until) return kept.answer;
    const entry = {
      until: now + this.keepMs,
      answer: compute(now).then(({ value, changesAt }) => {
        entry.until = Math.min(entry.until, changesAt);
        const body = JSON.stringify(value);
        return { body, etag: etagOf(body) };
      }),
    };
    if (this.keepMs <= 0) return entry.answer;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    // A failure (the database away) is not kept: the next request tries again.
    entry.answer.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    while (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return entry.answer;
  }

  forget(): void {
    this.#entries.clear();
  }
}
