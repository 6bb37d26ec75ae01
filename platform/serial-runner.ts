/**
 * Runs `work` one round at a time: a wake-up during a round asks for one more round right after
 * it, however many came meanwhile, so nothing that arrived during a round is missed and rounds
 * never overlap. Once stopped, no round starts, and `stop` waits for the one in progress.
 */
export class SerialRunner {
  private running: Promise<void> | null = null;
  private again = false;
  private halted = false;

  constructor(private readonly work: () => Promise<void>) {}

  get stopped(): boolean {
    return this.halted;
  }

  /** Runs a round now, or once more right after the round in progress. */
  wake(): void {
    if (this.halted) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.work().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  async stop(): Promise<void> {
    this.halted = true;
    await this.running;
  }
}
