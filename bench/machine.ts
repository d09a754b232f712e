/**
 * The machine, date and commit stamped on every benchmark result, so figures are never quoted without
 * them (and can be reproduced: check out the commit, run `npm run bench -- <name>`).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem, platform, arch } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checked-out commit, and whether the tree had uncommitted changes ('unknown' outside a git checkout). */
export function commit(): { commit: string; dirty: boolean | 'unknown' } {
  const git = (args: string[]) =>
    execFileSync('git', args, {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    }).trim();
  try {
    return {
      commit: git(['rev-parse', 'HEAD']),
      dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    };
  } catch {
    return { commit: 'unknown', dirty: 'unknown' };
  }
}

export function machine() {
  const c = cpus();
  return {
    date: new Date().toISOString(),
    ...commit(),
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
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
