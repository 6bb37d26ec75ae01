/**
 * A small seeded generator (sfc32), so that a generated read model is the same for the same seed
 * whatever the batch size or the order in which cases are simulated: each case draws from its own
 * stream, seeded by the run's seed and the case's index.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seeds: number[]) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = 1;
    for (const s of seeds) {
      this.a ^= s | 0;
      this.b ^= Math.imul(s | 0, 0x85ebca6b);
      this.c ^= Math.floor(s / 2 ** 32) | 0;
      for (let i = 0; i < 12; i++) this.next();
    }
  }

  /** uniform in [0, 1) */
  next(): number {
    this.a |= 0;
    this.b |= 0;
    this.c |= 0;
    this.d |= 0;
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** an integer in [0, n) */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  /** one of the keys, drawn by its weight */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  /** log-normal around `median`: most values near it, a long tail of slow ones */
  logNormal(median: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * normal);
  }

  /** 128 random bits as a version-4-shaped UUID */
  uuid(): string {
    const hex = (n: number) => Math.floor(n).toString(16).padStart(8, '0');
    const w = [hex(this.next() * 2 ** 32), hex(this.next() * 2 ** 32), hex(this.next() * 2 ** 32), hex(this.next() * 2 ** 32)].join('');
    return `${w.slice(0, 8)}-${w.slice(8, 12)}-4${w.slice(13, 16)}-${'89ab'[this.below(4)]}${w.slice(17, 20)}-${w.slice(20, 32)}`;
  }
}
