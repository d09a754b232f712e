/**
 * A small least-recently-used cache of fetched node tensors, bounded by entry count and bytes, with
 * requests in flight shared: asking twice for a node being fetched waits for the one fetch.
 */
export class Lru<V> {
  private map = new Map<string, { v: V; bytes: number }>();
  private pending = new Map<string, Promise<V>>();
  private total = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes = Infinity,
    private readonly sizeOf: (v: V) => number = () => 0,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get bytes(): number {
    return this.total;
  }

  /** Keys from least to most recently used. */
  keys(): string[] {
    return [...this.map.keys()];
  }

  has(k: string): boolean {
    return this.map.has(k);
  }

  /** The value, marked as most recently used. */
  get(k: string): V | undefined {
    const e = this.map.get(k);
    if (!e) return undefined;
    this.map.delete(k);
    this.map.set(k, e);
    return e.v;
  }

  set(k: string, v: V): void {
    const old = this.map.get(k);
    if (old) {
      this.total -= old.bytes;
      this.map.delete(k);
    }
    const bytes = this.sizeOf(v);
    this.map.set(k, { v, bytes });
    this.total += bytes;
    // Evict the oldest, but never the entry just added.
    while ((this.map.size > this.maxEntries || this.total > this.maxBytes) && this.map.size > 1) {
      const [oldest, e] = this.map.entries().next().value!;
      this.map.delete(oldest);
      this.total -= e.bytes;
    }
  }

  /** The cached value, or the one fetch in flight for k, or a new fetch (cached when it succeeds). */
  fetch(k: string, load: () => Promise<V>): Promise<V> {
    const hit = this.get(k);
    if (hit !== undefined) return Promise.resolve(hit);
    let p = this.pending.get(k);
    if (!p) {
      p = load().then(
        (v) => {
          this.pending.delete(k);
          this.set(k, v);
          return v;
        },
        (e: unknown) => {
          this.pending.delete(k);
          throw e;
        },
      );
      this.pending.set(k, p);
    }
    return p;
  }

  clear(): void {
    this.map.clear();
    this.pending.clear();
    this.total = 0;
  }
}
