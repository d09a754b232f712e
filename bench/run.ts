/**
 * `npm run bench`: runs every bench/*.bench.ts (or .mjs) in its own Node process, one after another,
 * so one benchmark's memory and JIT state cannot skew the next. Each writes bench/results/<name>.json
 * with its machine and date; this runner prints a one-line summary of each.
 * Filter: `npm run bench -- browse onnx` runs only files whose names contain one of the words.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => /\.bench\.(ts|mjs)$/.test(f))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

let failures = 0;
for (const f of files) {
  console.log(`\n=== bench ${f} ===`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, f)], { stdio: 'inherit' });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) failures += 1;
  console.log(`--- ${f}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status})`} in ${secs} s`);
}
console.log(`\n${files.length - failures} benchmarks ok, ${failures} failed; results in bench/results/`);
process.exit(failures > 0 ? 1 : 0);
