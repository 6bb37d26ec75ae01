/**
 * A dataset's version read at most once per `keepMs` however many ask (each public read checks it
 * before taking its kept answer), so that under load the reads do not queue for the database:
 * another instance's import shows within `keepMs`, this instance's at once (`forget()`).
 */
export class KeptVersion {
  #last: { at: number; version: Promise<string> } | null = null;

  constructor(
    private readonly readVersion: () => Promise<string>,
    private readonly keepMs: number,
  ) {}

  current(): Promise<string> {
    const now = Date.now();
    if (this.#last && now - this.#last.at < this.keepMs) return this.#last.version;
    const last = { at: now, version: this.readVersion() };
    this.#last = last;
    // A failure (the database away) is not kept: the next request reads again.
    last.version.catch(() => {
      if (this.#last === last) this.#last = null;
    });
    return last.version;
  }

  forget(): void {
    this.#last = null;
  }
}
