/**
 * `inception-explorer infer <network> --weights FILE --image IMG [--top 5] [--dump DIR]`: the app's
 * activation pass, headless. --dump writes summary.json (every node's shape and per-channel
 * statistics) and one PNG per feature-map node: its channels as a grid, each channel scaled to its
 * own min..max (the quantised codes are exactly that).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { PNG } from 'pngjs';
import { ActivationSession } from '../../engine/activations/session.js';
import { catalogueOptionsFromEnv } from '../../engine/weights/catalogue.js';
import type { ActivationRun } from '../../engine/activations/pass.js';
import type { QuantisedTensor } from '../../engine/activations/quantise.js';
import { initBackend } from '../../engine/backends.js';
import { InferenceService } from '../../engine/onnx/inference.js';
import { CATALOGUE } from '../../engine/weights/catalogue-data.js';
import {
  isPreprocessingId,
  PREPROCESSING_IDS,
  RESAMPLE_FILTERS,
  type PreprocessingId,
  type ResampleFilter,
} from '../../shared/recipes.js';
import { isNetworkId } from '../../zoo/index.js';
import type { FlavourId } from '../../shared/spec.js';
import { parsePositiveInt, parsePositiveNumber } from '../options.js';

/** How `infer` names the weights' kind (types.ts WeightsKind). */
const KIND_WORDS: Record<string, string> = {
  pretrained: "pretrained (the publisher's checksum matched)",
  file: 'loaded from file (not known to be ImageNet-trained)',
  random: 'not pretrained',
  trained: 'trained in the app',
};

interface Opts {
  weights?: string;
  image: string;
  top: number;
  dump?: string;
  flavour?: FlavourId;
  width?: number;
  input?: number;
  classes?: number;
  preprocessing?: PreprocessingId;
  transformInput?: boolean;
  resize?: ResampleFilter;
  seed: number;
  backend?: string;
  logits?: boolean;
}

/** Channels side by side: ⌈√C⌉ columns, 1-pixel gaps; each tile is the channel's codes (its own min..max). */
export function featureGrid(q: QuantisedTensor, maxChannels = 1024): PNG {
  const [h, w, C] = q.shape as [number, number, number];
  const n = Math.min(C, maxChannels);
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const png = new PNG({ width: cols * (w + 1) - 1, height: rows * (h + 1) - 1 });
  png.data.fill(0);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  const plane = h * w;
  for (let c = 0; c < n; c++) {
    const ox = (c % cols) * (w + 1);
    const oy = Math.floor(c / cols) * (h + 1);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = q.data[c * plane + y * w + x]!;
        const at = ((oy + y) * png.width + ox + x) * 4;
        png.data[at] = png.data[at + 1] = png.data[at + 2] = v;
      }
    }
  }
  return png;
}

const fileName = (id: string) => id.replace(/[^A-Za-z0-9._-]+/g, '__');

export async function dumpRun(run: ActivationRun, dir: string): Promise<number> {
  await mkdir(join(dir, 'maps'), { recursive: true });
  await run.nodes.load(run.order); // one re-run codes every node (ORT), rather than one per window
  const coded = await Promise.all(run.order.map(async (id) => ({ id, q: (await run.nodes.get(id))! })));
  const nodes = coded.map(({ id, q }) => {
    const s = q.stats;
    const entry: Record<string, unknown> = {
      id,
      shape: q.shape,
      min: Math.min(...s.min),
      max: Math.max(...s.max),
      mean: s.mean.reduce((a, b) => a + b, 0) / s.mean.length,
      zeros: s.zeros.reduce((a, b) => a + b, 0) / s.zeros.length,
      channels: {
        min: Array.from(s.min),
        max: Array.from(s.max),
        mean: Array.from(s.mean),
        zeros: Array.from(s.zeros),
      },
    };
    if (q.layout === 'chw') entry.png = `maps/${fileName(id)}.png`;
    return { entry, q };
  });
  let pngs = 0;
  for (const { entry, q } of nodes) {
    if (!entry.png) continue;
    await writeFile(join(dir, entry.png as string), PNG.sync.write(featureGrid(q)));
    pngs += 1;
  }
  const summary = {
    network: run.analysis.spec.id,
    flavour: run.analysis.spec.flavour,
    variant: run.analysis.spec.variant,
    engine: run.engine,
    weights: run.weightsLabel,
    preprocessing: run.preprocessing,
    timing: run.timing,
    nodes: nodes.map((n) => n.entry),
  };
  await writeFile(join(dir, 'summary.json'), JSON.stringify(summary, null, 1));
  return pngs;
}

const parsePreprocessing = (v: string): PreprocessingId => {
  if (isPreprocessingId(v)) return v;
  throw new InvalidArgumentError(`must be one of ${PREPROCESSING_IDS.join(', ')}.`);
};
const parseOnOff = (v: string): boolean => {
  if (v === 'on' || v === 'off') return v === 'on';
  throw new InvalidArgumentError("must be 'on' or 'off'.");
};
const parseFilter = (v: string): ResampleFilter => {
  if ((RESAMPLE_FILTERS as readonly string[]).includes(v)) return v as ResampleFilter;
  throw new InvalidArgumentError(`must be one of ${RESAMPLE_FILTERS.join(', ')}.`);
};

export function register(program: Command): void {
  program
    .command('infer')
    .description(
      "Run an image through a network: top-k predictions, and every node's activations with --dump",
    )
    .argument('<network>', 'network id (see `inception-explorer zoo`)')
    .requiredOption('-i, --image <file>', 'PNG, JPEG or WebP image')
    .option(
      '-w, --weights <file-or-url>',
      'a weights file, a URL, or a published-weights id from `weights list` (default: random weights)',
    )
    .option('-k, --top <n>', 'how many predictions to print', parsePositiveInt, 5)
    .option('-d, --dump <dir>', 'write summary.json and feature-map PNG grids for every node')
    .option('-f, --flavour <flavour>', 'paper, released or torchvision')
    .option('--width <w>', 'width multiplier', parsePositiveNumber)
    .option('--input <size>', 'square input size', parsePositiveInt)
    .option('--classes <n>', 'number of classes', parsePositiveInt)
    .option(
      '-p, --preprocessing <id>',
      `override the weights' recipe: ${PREPROCESSING_IDS.join(', ')}`,
      parsePreprocessing,
    )
    .option(
      '--transform-input <on|off>',
      "torchvision's transform_input (default: on for torchvision's published weights only)",
      parseOnOff,
    )
    .option(
      '--resize <filter>',
      `override the recipe's resampling filter: ${RESAMPLE_FILTERS.join(', ')}`,
      parseFilter,
    )
    .option('--seed <n>', 'seed for random weights', parsePositiveInt, 1)
    .option('-b, --backend <name>', 'TensorFlow.js backend for the fallback path')
    .option('--logits', 'print the raw logits (and the top k) as JSON on stdout; the report goes to stderr')
    .action(async (network: string, o: Opts) => {
      if (!isNetworkId(network)) throw new Error(`unknown network '${network}'`);
      const tfjs = await initBackend(o.backend ? { force: o.backend as never } : {});
      const service = await InferenceService.create({ tfjs, log: (m) => console.error(m) });
      const session = new ActivationSession(async () => service);
      // With --logits stdout carries only the JSON.
      const say = o.logits ? (s: string) => console.error(s) : (s: string) => console.log(s);
      const entry = CATALOGUE.find((e) => e.id === o.weights);
      const req = {
        id: network,
        flavour: o.flavour ?? (entry?.network === network ? entry.flavour : undefined),
        width: o.width,
        input: o.input,
        classes:
          o.classes ?? (entry?.network === network && entry.classes !== 1000 ? entry.classes : undefined),
      };
      const src = !o.weights
        ? { random: o.seed }
        : entry
          ? { catalogue: entry.id }
          : /^https?:\/\//.test(o.weights)
            ? { url: o.weights }
            : { file: o.weights };
      const n = await session.loadWeights(req, src, {
        ...catalogueOptionsFromEnv(),
        onProgress: (d, t, m) =>
          process.stderr.write(`\r${m}${t > 1 ? ` ${Math.round((100 * d) / t)}%` : ''}   `),
      });
      process.stderr.write('\n');
      const img = await session.loadImage({ path: o.image });
      const { run, pre } = await session.run(n, img.imageId, {
        preprocessing: o.preprocessing,
        transformInput: o.transformInput,
        resize: o.resize,
      });
      const info = n.loaded.info;
      const spec = n.analysis.spec;
      say(
        `${spec.title.includes(`(${spec.flavour})`) ? spec.title : `${spec.title} (${spec.flavour})`}, input ${spec.variant.input.join('×')}, ${spec.variant.classes} classes`,
      );
      say(`weights: ${info.label} — ${KIND_WORDS[info.kind]}`);
      for (const note of info.notes) say(`  note: ${note}`);
      say(`image: ${img.name} (${img.format}, ${img.width}×${img.height})`);
      say(pre.summary);
      say(`  recipe: ${pre.recipe.source}`);
      // The ORT pass time excludes the one-time export and session build, reported beside it.
      const ortRun = run.engine === 'onnxruntime' ? service.lastOrtRun : undefined;
      const pass = ortRun
        ? `pass ${ortRun.runMs.toFixed(0)} ms${ortRun.buildMs === undefined ? '' : ` (after ${ortRun.buildMs.toFixed(0)} ms building the session)`}`
        : `pass ${run.timing.passMs.toFixed(0)} ms`;
      say(
        `engine: ${service.report.label}${run.fallback ? ` (fallback: ${run.fallback})` : ''}; ${pass}, quantise ${run.timing.quantiseMs.toFixed(0)} ms, ${run.order.length} nodes`,
      );
      const top = await session.top(run, o.top, info.imagenet);
      say(`top ${o.top}${info.imagenet ? '' : ' (class indices: no ImageNet weights loaded)'}:`);
      for (const p of top)
        say(`  ${(p.probability * 100).toFixed(2).padStart(6)}%  ${String(p.index).padStart(4)}  ${p.label}`);
      if (o.logits) {
        if (!run.logits)
          throw new Error(
            'this network ends in a softmax, so its logits are not available (use the top-k instead)',
          );
        const logitsJson = {
          schema: 'inception-explorer/logits@1',
          network: spec.id,
          flavour: spec.flavour,
          weights: { kind: info.kind, label: info.label, catalogue: info.catalogue, verified: info.verified },
          image: img.name,
          preprocessing: pre.summary,
          classes: run.logits.length,
          // TF-slim's 1001 classes put 'background' at index 0: logits are in the file's own order.
          logits: Array.from(run.logits),
          top,
        };
        process.stdout.write(`${JSON.stringify(logitsJson)}\n`);
      }
      if (o.dump) {
        const pngs = await dumpRun(run, o.dump);
        say(`dumped ${run.order.length} node summaries and ${pngs} feature-map grids to ${o.dump}`);
      }
      service.dispose();
    });
}
