/**
 * Writes the README's benchmark figures (between `<!-- bench-figures -->` and `<!-- /bench-figures -->`)
 * from bench/results/*.json, so no figure is typed by hand: `npx tsx scripts/readme-figures.ts`.
 * Each result file has one small formatter; a result that carries a `summary` string (the newer
 * benchmarks write one) is quoted as it is. test/unit/docs/readme-figures.test.ts checks the README
 * holds exactly what this prints.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const START = '<!-- bench-figures -->';
export const END = '<!-- /bench-figures -->';

/* eslint-disable @typescript-eslint/no-explicit-any -- result files are read as the benchmarks wrote them */
type Result = any;

const ms = (x: number) => (x >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(1)} ms`);
const n1 = (x: number) => x.toFixed(1);

/** "2026-11-28 07:30 UTC, commit abc1234, load 1.5" — the stamp every figure is quoted with. */
function stamp(r: Result): string {
  const m = r.machine ?? {};
  const date = typeof m.date === 'string' ? `${m.date.slice(0, 10)} ${m.date.slice(11, 16)} UTC` : 'undated';
  const commit =
    m.commit && m.commit !== 'unknown' ? `, commit ${String(m.commit).slice(0, 7)}${m.dirty ? '+' : ''}` : '';
  const load = Array.isArray(m.loadAverage) ? `, load average ${m.loadAverage[0]}` : '';
  return `${date}${commit}${load}`;
}

const formatters: Record<string, (r: Result) => string[]> = {
  browse: (r) => [
    `${r.network} with every module expanded (${r.nodes} layer boxes, ${r.edges} edges): laid out in ` +
      `${ms(r.expandAll.layoutMedianMs)} (elkjs in a Web Worker), on screen ${ms(r.expandAll.layoutToPaintMedianMs)} ` +
      `after the request (median of ${r.runs}, budget ${ms(r.budgetMs)}); a fresh page opened into that view paints in ` +
      `${ms(r.coldPageToExpandedPaint.medianMs)}; pan and zoom p95 frame ${ms(r.panZoom.readingScale.p95FrameMs)}.`,
  ],
  onnx: (r) => {
    const lines = [
      `Batch 1, ONNX Runtime CPU, medians of ${r.runs.ort} runs (tfjs ${r.runs.tfjs}):`,
      '',
      '| network | ORT plain | ORT activation pass | every node coded | tfjs wasm plain | raw ORT on PyTorch’s export | PyTorch |',
      '|---|---|---|---|---|---|---|',
    ];
    for (const row of r.rows) {
      const raw = row.rawOrtOnTorchExport ? ms(row.rawOrtOnTorchExport.medianMs) : '—';
      const pt = row.pytorch ? ms(row.pytorch.medianMs) : '—';
      lines.push(
        `| ${row.network} | ${ms(row.ort.plain.medianMs)} | ${ms(row.ort.activations.medianMs)} | ` +
          `${ms(row.ort.everyNode.medianMs)} | ${row.tfjs ? ms(row.tfjs.plain.medianMs) : '—'} | ${raw} | ${pt} |`,
      );
    }
    return lines;
  },
  infer: (r) => {
    const by = (engine: string) => r.rows.filter((x: Result) => String(x.engine).startsWith(engine));
    const range = (rows: Result[], k: string) => {
      const v = rows.map((x) => x[k] as number).filter((x) => typeof x === 'number');
      return v.length ? `${ms(Math.min(...v))}–${ms(Math.max(...v))}` : '—';
    };
    const ort = by('onnxruntime');
    return [
      `Every network, batch 1, median of ${r.runs}: ORT plain ${range(ort, 'plainMs')}, its activation pass ` +
        `${range(ort, 'activationsMs')}; tfjs wasm plain ${range(by('tfjs wasm'), 'plainMs')}; PyTorch ` +
        `${range(by('pytorch'), 'plainMs')}.`,
    ];
  },
  train: (r) => {
    const tf = r.tfjs.map((x: Result) => `${x.backend} ${x.network} ${n1(x.imagesPerSec)}`).join(', ');
    const pt = r.torch?.results?.map(
      (x: Result) => `${x.name} ${x.threads} thread${x.threads > 1 ? 's' : ''} ${Math.round(x.imagesPerSec)}`,
    );
    const dp = r.dataParallel?.map((x: Result) => `${x.network} ×${x.speedup.toFixed(2)}`).join(', ');
    return [
      `Training images/s (${r.what}): tfjs ${tf}; PyTorch ${pt ? pt.join(', ') : 'not measured'}` +
        `${dp ? `; data-parallel on two worker threads ${dp}` : ''}.`,
    ];
  },
  backward: (r) => [
    `One forward + backward to the input, batch 1: ` +
      r.rows
        .map(
          (x: Result) =>
            `${x.network} at ${x.input[0]} px: ORT ${ms(x.ort.medianMs)}, PyTorch ${x.pytorch ? ms(x.pytorch.medianMs) : '—'}`,
        )
        .join('; ') +
      ` (goal: ${r.goal}).`,
  ],
  explain: (r) => [
    `Grad-CAM of ${r.network} ${r.node} at ${r.input} px: ` +
      r.results
        .map(
          (x: Result) =>
            `${x.backend} ${ms(x.gradcamMs)} (with the faithfulness figure ${ms(x.withFaithfulnessMs)})`,
        )
        .join('; ') +
      ` (goal ${ms(r.results[0]?.goalMs ?? 200)}).`,
  ],
  featvis: (r) => [
    `A ${r.results[0]?.steps ?? 512}-step feature visualisation of ${r.network} ${r.node} channel ${r.channel} at ${r.input} px: ` +
      r.results
        .map((x: Result) =>
          x.ms512 !== undefined
            ? `${x.backend} ${n1(x.ms512 / 1000)} s (${ms(x.msPerStep)} a step)`
            : `${x.backend} ${ms(x.msPerStep)} a step (512 steps ≈ ${Math.round(x.ms512Extrapolated / 60000)} min, from ${x.steps} timed)`,
        )
        .join('; ') +
      ` (goal ${n1((r.results[0]?.goalMs ?? 60000) / 1000)} s).`,
  ],
  'train-ort': (r) => [
    `Reduced-preset training images/s, interleaved: ` +
      r.reduced
        .map(
          (x: Result) =>
            `${x.network} ORT ${n1(x.ortImagesPerSec)}, tfjs wasm ${n1(x.tfjsWasmImagesPerSec)}, PyTorch 2 threads ${n1(x.torch2ThreadsImagesPerSec)}`,
        )
        .join('; ') +
      '.' +
      (r.fullInceptionV3Batch8
        ? ` Full-size Inception-v3 step at batch 8: ${n1(r.fullInceptionV3Batch8.medianStepS)} s, peak RSS ${Math.round(r.fullInceptionV3Batch8.peakRssMiB)} MiB.`
        : '') +
      (r.lesson13 ? ` Lesson 13's preset: ${Math.round(r.lesson13.groupWallS)} s for both runs.` : ''),
  ],
  fuzz: (r) => [
    `${r.totals.cases} seeded mutations of real files over ${Object.keys(r.perTarget).length} loaders: ` +
      `${r.totals.ok} loaded, ${r.totals.refused} refused with a message, ${r.totals.hangs} hangs, ${r.totals.crashes} crashes, ` +
      `${r.totals.rawExceptions} raw exceptions, ${r.totals.outsideReads} reads outside the folder.`,
  ],
};

function convergence(r: Result): string[] {
  return r.presets.map((p: Result) => {
    const runs = p.runs
      .map((x: Result) => {
        const last = x.val?.[x.val.length - 1];
        const at = x.firstStepAtOrBelow?.['0.3'];
        return `${x.network}: validation top-1 error ≤ 30 % ${at ? `at step ${at}` : 'never'}, ${last ? `${Math.round(last.top1 * 100)} % at step ${last.step}` : 'no validation'}`;
      })
      .join('; ');
    // Older results name only the tfjs backend; newer ones the engine each run trained on.
    const engine = p.runs[0]?.engine ?? r.backend;
    return `Preset ${p.preset} (${p.data}, ${p.runs[0]?.steps} steps, ${engine}): ${runs}; the group took ${Math.round(p.groupWallS)} s.`;
  });
}

function linesFor(name: string, r: Result): string[] {
  if (typeof r.summary === 'string') return [r.summary];
  if (Array.isArray(r.summary)) return r.summary.map(String);
  if (name.startsWith('convergence')) return convergence(r);
  // A partial run of a benchmark (`train-ort-reduced`) reads like the whole one.
  const f =
    formatters[name] ??
    formatters[
      Object.keys(formatters)
        .sort((a, b) => b.length - a.length)
        .find((k) => name.startsWith(`${k}-`)) ?? ''
    ];
  return f ? f(r) : [`(no formatter for ${name}.json: give it a \`summary\` field)`];
}

export function figuresBlock(resultsDir = join(root, 'bench', 'results')): string {
  const files = existsSync(resultsDir)
    ? readdirSync(resultsDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  const out = [
    START,
    '<!-- written by `npx tsx scripts/readme-figures.ts` from bench/results; do not edit by hand -->',
    '',
  ];
  for (const f of files) {
    const name = f.replace(/\.json$/, '');
    const r = JSON.parse(readFileSync(join(resultsDir, f), 'utf8'));
    const [first, ...rest] = linesFor(name, r);
    out.push(`- **${name}** (\`bench/results/${f}\`, ${stamp(r)}): ${first ?? ''}`);
    for (const l of rest) out.push(l === '' ? '' : `  ${l}`);
    out.push('');
  }
  out.push(END);
  return out.join('\n');
}

/** The README with its figures block replaced. */
export function withFigures(readme: string, block = figuresBlock()): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0) throw new Error(`README has no ${START} marker`);
  return b < 0
    ? readme.slice(0, a) + block + '\n'
    : readme.slice(0, a) + block + readme.slice(b + END.length);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = join(root, 'README.md');
  writeFileSync(path, withFigures(readFileSync(path, 'utf8')));
  console.log('README.md: benchmark figures rewritten from bench/results');
}
