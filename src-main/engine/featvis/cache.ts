/**
 * Pictures on disk, keyed by what made them: the weights (their fingerprint), the network variant,
 * the node, the objective and every setting. Beside the weights download cache, in the app's data
 * folder (<data>/featvis-cache, $INCEPTION_DATA_DIR or ~/.inception-explorer). Each entry is a PNG
 * (the batch side by side) and a small JSON with the objective values. A cache that cannot be written
 * (read-only disk) is skipped silently: the picture is still returned, only not kept.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir } from '../train/store.js';

export const featvisCacheDir = (dir?: string): string => dir ?? join(dataDir(), 'featvis-cache');

export interface CacheEntry {
  png: Uint8Array;
  meta: {
    width: number;
    height: number;
    batch: number;
    objective: number[];
    ms: number;
    backend: string;
    preRelu?: { node: string; channel: number };
  };
}

/** A short stable key for a JSON-able description (object keys sorted). */
export function cacheKey(what: unknown): string {
  const stable = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, stable((v as Record<string, unknown>)[k])]),
        )
      : v;
  return createHash('sha256')
    .update(JSON.stringify(stable(what)))
    .digest('hex')
    .slice(0, 24);
}

export class PictureCache {
  constructor(private readonly dir = featvisCacheDir()) {}

  get(key: string): CacheEntry | undefined {
    if (!/^[0-9a-f]{24}$/.test(key)) return undefined;
    try {
      const meta = JSON.parse(readFileSync(join(this.dir, `${key}.json`), 'utf8')) as CacheEntry['meta'];
      const png = new Uint8Array(readFileSync(join(this.dir, `${key}.png`)));
      return { png, meta };
    } catch {
      return undefined;
    }
  }

  put(key: string, e: CacheEntry): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      // PNG first, JSON last and atomically: an entry is complete once its JSON exists.
      writeFileSync(join(this.dir, `${key}.png`), e.png);
      const tmp = join(this.dir, `${key}.json.tmp-${process.pid}`);
      writeFileSync(tmp, JSON.stringify(e.meta));
      renameSync(tmp, join(this.dir, `${key}.json`));
    } catch {
      // Not kept; the caller still has the picture.
    }
  }
}
