/** The machine and date stamped on every benchmark result, so figures are never quoted without them. */
import { cpus, totalmem, platform, arch } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function machine() {
  const c = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${platform()} ${arch()}`,
    cpu: c[0]?.model ?? 'unknown',
    cores: c.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
}

/** Median of a list of numbers (the benchmarks' summary statistic). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function writeResult(name: string, data: unknown): string {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ machine: machine(), ...(data as object) }, null, 2) + '\n');
  console.log(`wrote ${file}`);
  return file;
}
