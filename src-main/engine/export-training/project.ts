/**
 * Writes a ready-to-run PyTorch training project for a network, flavour, width, input, classes and
 * recipe: model.py (from the spec), train.py (torchrun/DDP, the recipe), inception_io.py (weights,
 * logs and data files shared with the app), project.json (the recipe and run settings), the data (the
 * app's sources as raw arrays, or an ImageFolder root), the starting weights by the app's names, and a
 * README with the commands and the paper-vs-script table.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyse } from '../../analysis/analyse.js';
import type { Analysis } from '../../shared/analysis-types.js';
import { buildNetwork, zooEntry } from '../../zoo/index.js';
import type { FlavourId, NetworkId, NetworkSpec } from '../../shared/spec.js';
import { loadData, prepare, type DataSource } from '../data/index.js';
import type { ImageSet } from '../data/types.js';
import { expectedWeights, type WeightMap } from '../onnx/weights.js';
import { initialValues, type InitScheme } from '../train/init.js';
import { runSpec } from '../train/plan.js';
import { defaultRecipe, editRecipe, type Recipe, type RecipeEdit } from '../train/recipe.js';
import { loadWeights, type WeightsSource } from '../weights/load.js';
import { writeSafetensors } from '../weights/safetensors.js';
import type { FileTensor } from '../weights/types.js';
import { paperTable, paperTableMarkdown, type PaperRow } from './paper-table.js';
import { IO_PY } from './python/io-py.js';
import { TRAIN_PY } from './python/train-py.js';
import { readmeText } from './readme.js';
import { torchModelSource } from './torch-model.js';

export type ProjectData =
  /** One of the app's sources, split as the app splits it and written as raw arrays. */
  | { kind: 'app'; source: DataSource; valFraction?: number; maxTrain?: number; maxVal?: number }
  /** An ImageFolder root with train/ and val/ on the machine that trains (not copied). */
  | { kind: 'imagefolder'; root: string };

export type ProjectInit =
  { kind: 'scheme'; scheme: InitScheme } | { kind: 'weights'; source: WeightsSource } | { kind: 'none' };

export interface ExportTrainingOptions {
  network: NetworkId;
  flavour?: FlavourId;
  width?: number;
  input?: number;
  classes?: number;
  recipe?: RecipeEdit;
  data: ProjectData;
  steps: number;
  seed?: number;
  /** Starting weights (default: the app's seeded initialiser, Glorot uniform). */
  init?: ProjectInit;
  emaDecay?: number;
  valEvery?: number;
  checkpointEvery?: number;
  logEvery?: number;
  runName?: string;
}

export interface ExportedProject {
  dir: string;
  files: string[];
  network: NetworkId;
  flavour: FlavourId;
  title: string;
  /** PyTorch-convention parameter counts, without and with aux heads. */
  params: number;
  paramsWithAux: number;
  /** The logits node of the main head (what model.py's forward() returns). */
  logits: string;
  table: PaperRow[];
  trainImages?: number;
  valImages?: number;
}

/** The spec as the app trains it: the zoo variant with the recipe's residual scale and BN momentum. */
export function projectSpec(o: ExportTrainingOptions, recipe: Recipe): NetworkSpec {
  const base = buildNetwork(o.network, {
    flavour: o.flavour,
    width: o.width,
    input: o.input,
    classes: o.classes,
  });
  const v = base.variant;
  return runSpec({
    network: o.network,
    flavour: base.flavour,
    width: v.width,
    input: v.input[0],
    classes: v.classes,
    recipe,
  });
}

const KIND_NAME = {
  kernel: 'kernel',
  bias: 'bias',
  gamma: 'gamma',
  beta: 'beta',
  movingMean: 'moving_mean',
  movingVariance: 'moving_variance',
} as const;

/** The app's seeded initial weights (engine/train/init.ts), heads' logit layers near zero. */
export function initialWeights(
  a: Analysis,
  seed: number,
  scheme: InitScheme,
  logitNodes: string[],
): WeightMap {
  const map: WeightMap = {};
  for (const n of a.nodes) {
    const want = expectedWeights(n);
    if (!want.kernel) continue;
    map[n.id] = {};
    for (const [kind, shape] of Object.entries(want) as [keyof typeof KIND_NAME, number[]][]) {
      const data = initialValues(
        { name: `${n.id}/${KIND_NAME[kind]}`, shape },
        seed,
        scheme,
        logitNodes.includes(n.id),
      );
      map[n.id]![kind] = { shape, data };
    }
  }
  return map;
}

/** A WeightMap as the app's own safetensors names ('<node id>/<kind>', TF layout). */
export function weightMapTensors(w: WeightMap): FileTensor[] {
  const out: FileTensor[] = [];
  for (const [id, kinds] of Object.entries(w))
    for (const [kind, t] of Object.entries(kinds))
      if (t) out.push({ name: `${id}/${kind}`, shape: t.shape, data: t.data });
  return out;
}

export function checkpointMetadata(
  spec: NetworkSpec,
  recipe: Recipe,
  extra: Record<string, string> = {},
): Record<string, string> {
  const v = spec.variant;
  return {
    ...(recipe.residualScale !== null ? { residualScale: String(recipe.residualScale) } : {}),
    format: 'inception-explorer',
    network: spec.id,
    flavour: spec.flavour,
    width: String(v.width),
    input: String(v.input[0]),
    classes: String(v.classes),
    ...extra,
  };
}

async function writeImages(dir: string, split: string, s: ImageSet): Promise<Record<string, unknown>> {
  const images = `${split}.u8`;
  const labels = `${split}.labels`;
  await writeFile(join(dir, images), s.pixels.subarray(0, s.count * s.height * s.width * s.channels));
  const lab = new Int32Array(s.labels.subarray(0, s.count));
  await writeFile(join(dir, labels), new Uint8Array(lab.buffer, lab.byteOffset, lab.byteLength));
  return { count: s.count, images, labels };
}

export async function exportTrainingProject(dir: string, o: ExportTrainingOptions): Promise<ExportedProject> {
  const seed = o.seed ?? 1;
  const base = defaultRecipe(o.network);
  let classes = o.classes;
  let prepared: ReturnType<typeof prepare> | null = null;
  if (o.data.kind === 'app') {
    prepared = prepare(loadData(o.data.source), {
      valFraction: o.data.valFraction ?? o.recipe?.valFraction ?? base.valFraction,
      seed,
      maxTrain: o.data.maxTrain,
      maxVal: o.data.maxVal,
    });
    classes ??= prepared.classNames.length;
  }
  const recipe: Recipe = editRecipe(base, o.recipe ?? {});
  const spec = projectSpec({ ...o, classes }, recipe);
  const analysis = analyse(spec);
  const model = torchModelSource(analysis);
  const emaDecay = o.emaDecay ?? 0.9999;
  const table = paperTable(spec, recipe, { emaDecay });
  const files: string[] = [];
  const put = async (name: string, data: string | Uint8Array) => {
    await writeFile(join(dir, name), data);
    files.push(name);
  };
  await mkdir(join(dir, 'weights'), { recursive: true });

  let trainImages: number | undefined;
  let valImages: number | undefined;
  let data: Record<string, unknown>;
  if (prepared) {
    await mkdir(join(dir, 'data'), { recursive: true });
    const t = prepared.train;
    const meta = {
      name: prepared.name,
      classNames: prepared.classNames,
      height: t.height,
      width: t.width,
      channels: t.channels,
      notes: prepared.notes,
      train: await writeImages(join(dir, 'data'), 'train', t),
      val: await writeImages(join(dir, 'data'), 'val', prepared.val),
    };
    await put('data/dataset.json', JSON.stringify(meta, null, 1));
    files.push('data/train.u8', 'data/train.labels', 'data/val.u8', 'data/val.labels');
    trainImages = t.count;
    valImages = prepared.val.count;
    data = { kind: 'app', folder: 'data', name: prepared.name };
  } else {
    data = { kind: 'imagefolder', root: (o.data as { root: string }).root };
  }

  const init = o.init ?? { kind: 'scheme', scheme: 'glorot-uniform' };
  let initWeights: string | null = null;
  if (init.kind !== 'none') {
    let weights: WeightMap;
    let label: string;
    if (init.kind === 'scheme') {
      weights = initialWeights(analysis, seed, init.scheme, [
        model.logits,
        ...Object.values(model.auxLogits),
      ]);
      label = `app initialiser ${init.scheme}, seed ${seed}`;
    } else {
      const loaded = await loadWeights(analysis, init.source, { seed });
      weights = loaded.weights;
      label = loaded.info.label;
    }
    initWeights = 'weights/init.safetensors';
    await put(
      initWeights,
      writeSafetensors(weightMapTensors(weights), checkpointMetadata(spec, recipe, { weights: label })),
    );
  }

  const entry = zooEntry(o.network);
  const runName = o.runName ?? `${spec.id}-${spec.flavour}`;
  const auxHeads = spec.aux.map((h) => ({ name: h.name, weight: recipe.auxWeights[h.name] ?? h.lossWeight }));
  const project = {
    generator: 'inception-explorer export-training',
    network: { id: spec.id, flavour: spec.flavour, title: entry.title, variant: spec.variant },
    params: {
      pytorch: analysis.totals.params.pytorch,
      pytorchWithAux: analysis.totalsWithAux.params.pytorch,
    },
    recipe,
    auxHeads,
    data,
    steps: o.steps,
    seed,
    emaDecay,
    valEvery: o.valEvery ?? Math.max(1, Math.floor(o.steps / 10)),
    checkpointEvery: o.checkpointEvery ?? Math.max(1, Math.floor(o.steps / 10)),
    logEvery: o.logEvery ?? (o.steps <= 200 ? 1 : 10),
    runName,
    initWeights,
    paperTable: table,
  };
  await put('model.py', model.source);
  await put('train.py', TRAIN_PY);
  await put('inception_io.py', IO_PY);
  await put('project.json', JSON.stringify(project, null, 1));
  await put(
    'README.md',
    readmeText({ spec, title: entry.title, recipe, project, table: paperTableMarkdown(table) }),
  );
  return {
    dir,
    files,
    network: spec.id,
    flavour: spec.flavour,
    title: entry.title,
    params: analysis.totals.params.pytorch,
    paramsWithAux: analysis.totalsWithAux.params.pytorch,
    logits: model.logits,
    table,
    trainImages,
    valImages,
  };
}
