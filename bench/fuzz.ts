/**
 * `npm run fuzz`: thousands of seeded cases per loader (test/fuzz), counts written to
 * bench/results/fuzz.json with the machine, date and commit. Exit code 1 if any case hung, crashed,
 * threw a raw exception, silently accepted corrupt input or read outside its folder.
 *
 *   npm run fuzz                                  # 1000 cases per target, seed 1
 *   npm run fuzz -- --cases 3000 --seed 7
 *   npm run fuzz -- --target safetensors --case 812   # replay one case (no result file)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFuzz, runtimeFixtures } from '../test/fuzz/harness.js';
import { TARGETS } from '../test/fuzz/targets.js';
import { writeResult } from './machine.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const cases = Number(arg('cases') ?? 1000);
const seed = Number(arg('seed') ?? 1);
const only = arg('case') === undefined ? undefined : [Number(arg('case'))];
const targets = arg('target')?.split(',') ?? TARGETS.map((t) => t.name);
const workers = Number(arg('workers') ?? 2);
const timeoutMs = 10_000;
const maxRssMb = 1536;

const dir = mkdtempSync(join(tmpdir(), 'ie-fuzz-fixtures-'));
const t0 = Date.now();
let done = 0;
const total = cases * targets.length;
try {
  const report = await runFuzz({
    targets,
    cases: only ? Math.max(...only) + 1 : cases,
    only,
    seed,
    workers,
    timeoutMs,
    maxRssMb,
    extra: runtimeFixtures(dir, { onnx: targets.includes('onnx') }),
    onResult: (t, i, r) => {
      done++;
      if (only) console.log(`${t} #${i}: ${r.outcome} (${r.ms} ms) ${r.mutation ?? ''}\n  ${r.detail}`);
      else if (done % 500 === 0)
        console.log(`${done}/${total} cases, ${Math.round((Date.now() - t0) / 1000)} s`);
    },
  });
  const seconds = Math.round((Date.now() - t0) / 1000);
  const t = report.totals;
  console.log(
    `${t.cases} cases in ${seconds} s: ${t.ok} loaded correctly, ${t.refused} refused with the app's own error; ` +
      `${t.hangs} hangs, ${t.crashes} crashes, ${t.rawExceptions} raw exceptions, ${t.silentAcceptances} silent acceptances, ` +
      `${t.outsideReads} outside reads, ${t.harnessErrors} harness errors (${t.retriedTimeouts} timeouts passed on replay)`,
  );
  for (const f of report.failures.slice(0, 30))
    console.log(
      `  ${f.outcome} ${f.target} --case ${f.index} (seed ${f.seed}): ${f.mutation ?? ''}\n    ${f.detail.split('\n')[0]}`,
    );
  if (!only) {
    let commit = 'unknown';
    try {
      commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      /* not a git checkout */
    }
    writeResult('fuzz', {
      commit,
      seed,
      casesPerTarget: cases,
      bounds: { timeoutMs, maxRssMb, heapMb: 768, workers },
      seconds,
      totals: report.totals,
      perTarget: report.perTarget,
      failures: report.failures.slice(0, 100).map((f) => ({ ...f, detail: f.detail.slice(0, 300) })),
    });
  }
  process.exitCode = report.failures.length ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
