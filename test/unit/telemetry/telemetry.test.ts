/**
 * Training telemetry: per-module gradient norms equal the norms of gradients computed directly per
 * module; Σ norm² is the trainer's own gradNorm²; aux shares add up to the step's gradient where the
 * head attaches; the dying-residual warning fires for a zero scale or a zeroed branch and not for a
 * healthy block; the records reach the run's JSONL log through the real run loop.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { initBackend } from '../../../src-main/engine/backends.js';
import { generateShapes } from '../../../src-main/engine/data/shapes.js';
import { prepare } from '../../../src-main/engine/data/pipeline.js';
import { emptySkips } from '../../../src-main/engine/data/types.js';
import { buildModel, layerName, type BuiltModel } from '../../../src-main/engine/tfjs/build-model.js';
import { smoothedTargets, softmaxCrossEntropy } from '../../../src-main/engine/train/losses.js';
import { fromLayersModel, runGraph, type TrainableNet } from '../../../src-main/engine/train/net.js';
import { defaultRecipe, editRecipe } from '../../../src-main/engine/train/recipe.js';
import {
  DYING_RATIO,
  l2,
  moduleNorms,
  registerTelemetry,
  residualMagnitude,
  takeTelemetry,
  telemetryProbe,
  type TelemetryRecord,
} from '../../../src-main/engine/train/telemetry.js';
import { Trainer } from '../../../src-main/engine/train/trainer.js';
import { executeRun } from '../../../src-main/engine/train/execute.js';
import { createNet } from '../../../src-main/engine/train/factory.js';
import { planGroup } from '../../../src-main/engine/train/plan.js';
import { RunStore, runsDir } from '../../../src-main/engine/train/store.js';
import { loadData } from '../../../src-main/engine/data/index.js';
import type { GroupRequest, LogRecord, StepRecord } from '../../../src-main/engine/train/types.js';
import type { NetworkSpec } from '../../../src-main/shared/spec.js';
import { tinyInceptionSpec } from '../receptive/tiny-spec.js';

beforeAll(async () => {
  await initBackend({ force: 'cpu' });
});

/** The tiny Inception-like spec (with a residual block) and an aux head on its 'mix' module. */
function specWithAux(scale = 0.5): NetworkSpec {
  const spec = tinyInceptionSpec('maxpool', 33);
  spec.variant.classes = 3;
  spec.aux = [
    {
      name: 'aux',
      attachTo: 'mix',
      lossWeight: 0.3,
      trainingOnly: true,
      body: {
        kind: 'seq',
        name: 'aux',
        items: [
          { op: 'globalavgpool', name: 'gap' },
          { op: 'dense', name: 'logits', units: 'classes', bias: true, activation: 'linear' },
        ],
      },
    },
  ];
  const res = spec.stages[1]!.modules.find((m) => m.name === 'res')!.body;
  if ('kind' in res && res.kind === 'residual') res.scale = scale;
  return spec;
}

function netOf(spec: NetworkSpec, seed = 2): { built: BuiltModel; net: TrainableNet } {
  const built = buildModel(spec, { graph: 'training', head: 'logits', seed });
  const net = fromLayersModel(
    built.model,
    built.outputs.slice(1).map((o) => ({ name: o.name, weight: o.lossWeight })),
  );
  registerTelemetry(net, built);
  return { built, net };
}

/** Trainable variables of a module, found through the analysis group's nodes and their tfjs layers. */
function moduleVars(built: BuiltModel, group: string): tf.Variable[] {
  const g = built.analysis.groups.find((x) => x.id === group)!;
  const names = new Set(g.nodes.map((id) => layerName(id)));
  return built.model.layers
    .filter((l) => [...names].some((n) => l.name === n || l.name.startsWith(`${n}.`)))
    .flatMap((l) => l.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
}

const input: [number, number, number] = [33, 33, 3];
const images = (n: number) => tf.randomUniform([n, ...input], 0, 1, 'float32', 7) as tf.Tensor4D;

describe('pure reductions', () => {
  test('moduleNorms: √ of each module’s sum of squares, in order, and the total', () => {
    const r = moduleNorms(
      [
        { name: 'a.conv/kernel', sumSq: 9 },
        { name: 'b.conv/kernel', sumSq: 16 },
        { name: 'a.conv/bias', sumSq: 16 },
        { name: 'loose', sumSq: 0.25 },
      ],
      (w) => (w.startsWith('a.') ? 'A' : w.startsWith('b.') ? 'B' : undefined),
      ['B', 'A'],
    );
    expect(r.modules).toEqual([
      { module: 'B', norm: 4 },
      { module: 'A', norm: 5 },
      { module: 'other', norm: 0.5 },
    ]);
    expect(r.total).toBeCloseTo(Math.sqrt(41.25), 12);
  });

  test('residualMagnitude: dying below 0.1% of the shortcut, never for a healthy branch', () => {
    const shortcut = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i));
    const branch = Float32Array.from({ length: 100 }, (_, i) => Math.cos(i));
    expect(residualMagnitude('b', 0, branch, shortcut, 1088).dying).toBe(true);
    expect(residualMagnitude('b', 0.1, new Float32Array(100), shortcut, 1088).dying).toBe(true);
    const healthy = residualMagnitude('b', 0.1, branch, shortcut, 1088);
    expect(healthy.dying).toBe(false);
    expect(healthy.ratio).toBeCloseTo((0.1 * l2([branch])) / l2([shortcut]), 12);
    expect(residualMagnitude('b', 1e-4, branch, shortcut, 8).ratio).toBeLessThan(DYING_RATIO);
  });
});

describe('the probe on a tiny Inception-like network', () => {
  test('per-module gradient norms equal the norms of each module’s own gradient', () => {
    const { built, net } = netOf(specWithAux());
    const x = images(4);
    const t = tf.tensor2d(smoothedTargets([0, 1, 2, 1], 3, 0), [4, 3]);
    const loss = () => softmaxCrossEntropy(runGraph(built.model, x, true)[0] as tf.Tensor2D, t);
    const all = net.weights.filter((w) => w.trainable);
    const { grads } = tf.variableGrads(
      loss,
      all.map((w) => w.variable),
    );
    const byName = Object.fromEntries(all.map((w) => [w.name, grads[w.variable.name]!]));
    const got = telemetryProbe(net)!.gradientNorms(byName);
    const modules = built.analysis.groups.filter((g) => g.kind === 'module').map((g) => g.id);
    // Every module with weights is listed; the aux head, which the main loss does not reach, at 0.
    expect(got.modules.map((m) => m.module).sort()).toEqual(
      [...modules.filter((m) => m !== 'gap'), 'aux'].sort(),
    );
    expect(got.modules.find((m) => m.module === 'aux')!.norm).toBe(0);
    for (const m of got.modules.filter((x) => x.module !== 'aux')) {
      const vars = moduleVars(built, m.module);
      const direct = tf.variableGrads(loss, vars).grads;
      const norm = l2(Object.values(direct).map((g) => g.dataSync()));
      expect(m.norm, m.module).toBeCloseTo(norm, 5);
    }
  });

  test('aux share: ‖∇L_main‖ and ‖w·∇L_aux‖ on the attachment module’s parameters', () => {
    const { built, net } = netOf(specWithAux());
    const x = images(4);
    const y = Int32Array.from([0, 1, 2, 1]);
    const p = telemetryProbe(net)!.probe(x.dataSync() as Float32Array, y, input, {
      classes: 3,
      labelSmoothing: 0,
      auxWeights: [0.3],
    });
    expect(p.aux).toHaveLength(1);
    const a = p.aux[0]!;
    expect(a).toMatchObject({ head: 'aux', attachTo: 'mix', weight: 0.3 });
    // Each loss's gradient on the mix module's variables (found through the analysis), directly.
    const t = tf.tensor2d(smoothedTargets(y, 3, 0), [4, 3]);
    const vars = moduleVars(built, 'mix');
    const main = tf.variableGrads(
      () => softmaxCrossEntropy(runGraph(built.model, x, true)[0] as tf.Tensor2D, t),
      vars,
    );
    const aux = tf.variableGrads(
      () => softmaxCrossEntropy(runGraph(built.model, x, true)[1] as tf.Tensor2D, t),
      vars,
    );
    expect(a.main).toBeCloseTo(l2(Object.values(main.grads).map((g) => g.dataSync())), 5);
    expect(a.aux).toBeCloseTo(0.3 * l2(Object.values(aux.grads).map((g) => g.dataSync())), 5);
    expect(a.share).toBeCloseTo(a.aux / (a.main + a.aux), 12);
    expect(a.share).toBeGreaterThan(0);
  });

  test('the probe leaves the batch-norm moving statistics as it found them', () => {
    const spec = specWithAux();
    const stem = spec.stages[0]!.modules[0]!.body;
    if ('op' in stem && stem.op === 'conv') stem.bn = { eps: 1e-3, scale: false };
    const { net } = netOf(spec);
    const before = net.weights.filter((w) => !w.trainable).map((w) => Array.from(w.variable.dataSync()));
    expect(before.length).toBeGreaterThan(0);
    telemetryProbe(net)!.probe(images(4).dataSync() as Float32Array, Int32Array.from([0, 1, 2, 0]), input, {
      classes: 3,
      labelSmoothing: 0.1,
      auxWeights: [0.3],
    });
    const after = net.weights.filter((w) => !w.trainable).map((w) => Array.from(w.variable.dataSync()));
    expect(after).toEqual(before);
  });

  const residualOf = (net: TrainableNet) =>
    telemetryProbe(net)!.probe(images(2).dataSync() as Float32Array, Int32Array.from([0, 1]), input, {
      classes: 3,
      labelSmoothing: 0,
      auxWeights: [0],
    }).residual;

  test('residual magnitude: ‖scale·branch‖/‖shortcut‖ measured at the sum, healthy at init', () => {
    const { built, net } = netOf(specWithAux(0.5));
    const [r] = residualOf(net);
    expect(r).toMatchObject({ module: 'res', scale: 0.5, filters: 4, dying: false });
    // Directly: the sum's inputs are the block input ('pad') and the up-projection ('res/up').
    const side = tfl.model({
      inputs: built.model.inputs,
      outputs: ['pad', 'res/up'].map((id) => {
        const l = built.layers.get(id)!;
        return built.model.getLayer(l.act ?? l.bn ?? l.main).output as tfl.SymbolicTensor;
      }),
    });
    const [pad, up] = runGraph(side, images(2), true, false).map((v) => v.dataSync());
    expect(r!.shortcut).toBeCloseTo(l2([pad!]), 4);
    expect(r!.branch).toBeCloseTo(0.5 * l2([up!]), 4);
    expect(r!.ratio).toBeGreaterThan(DYING_RATIO);
  });

  test('the dying warning fires for scale 0 and for a zeroed up-projection', () => {
    expect(residualOf(netOf(specWithAux(0)).net)[0]!.dying).toBe(true);
    const { built, net } = netOf(specWithAux(0.5));
    for (const w of built.model.getLayer(built.layers.get('res/up')!.main).weights)
      w.write(tf.zerosLike(w.read()));
    const [r] = residualOf(net);
    expect(r!.branch).toBe(0);
    expect(r!.dying).toBe(true);
  });
});

describe('through the trainer and the run loop', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ie-telemetry-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a step’s telemetry: Σ module norm² is the trainer’s gradNorm², aux share and residual present', async () => {
    const { net } = netOf(specWithAux());
    const set = generateShapes(3, 24, 33);
    const data = prepare(
      {
        name: 'shapes',
        source: { kind: 'shapes', seed: 3 },
        train: set,
        val: null,
        skipped: emptySkips(),
        notes: [],
      },
      { valFraction: 0.2, seed: 1 },
    );
    const recipe = editRecipe(defaultRecipe('inception_v3'), {
      batch: 4,
      augment: { crop: false, flip: false },
    });
    const cfg = { recipe, seed: 1, steps: 12, batch: 4, microBatch: 4, input, classes: 3 };
    const trainer = new Trainer(net, data, cfg);
    const step = await trainer.trainStep();
    const [rec, ...more] = takeTelemetry(trainer);
    expect(more).toEqual([]);
    expect(rec!.step).toBe(0);
    expect(Math.hypot(...rec!.modules.map((m) => m.norm))).toBeCloseTo(step.gradNorm, 4);
    expect(rec!.total).toBeCloseTo(step.gradNorm, 4);
    expect(rec!.modules.map((m) => m.module)).toContain('aux');
    expect(rec!.aux.map((a) => a.head)).toEqual(['aux']);
    expect(rec!.residual.map((r) => r.module)).toEqual(['res']);
    await trainer.trainStep(); // step 1 is not measured
    expect(takeTelemetry(trainer)).toEqual([]);
    await trainer.dispose();
  });

  // Both engines: the tfjs trainer and the ONNX Runtime trainer (its aux/residual passes on a tfjs twin).
  test.each(['tfjs', 'onnxruntime'] as const)(
    'a real Inception-ResNet-v2 run (the app’s factory) on %s logs telemetry records in its JSONL',
    async (engine) => {
      const req: GroupRequest = {
        runs: [{ variant: { network: 'inception_resnet_v2', width: 0.0625, input: 75 } }],
        data: { kind: 'shapes', seed: 4, count: 40, size: 75 },
        steps: 2,
        batch: 2,
        seed: 7,
        backend: 'cpu',
        dataDir: dir,
      };
      const meta = planGroup(req, loadData(req.data), 'cpu')[0]!;
      RunStore.create(runsDir(dir), meta);
      expect(await executeRun(runsDir(dir), meta.id, { factory: createNet, engine })).toBe('done');
      const log = readFileSync(join(runsDir(dir), meta.id, 'log.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as LogRecord);
      const tel = log.filter((r): r is TelemetryRecord => r.t === 'telemetry');
      expect(tel.map((r) => r.step)).toEqual([0]);
      const step0 = log.find((r): r is StepRecord => r.t === 'step' && r.step === 0)!;
      expect(tel[0]!.total).toBeCloseTo(step0.gradNorm, 3);
      // 10 block35, 20 block17, 9 block8 and the last block8 (Inception-v4 paper, Figure 15).
      expect(tel[0]!.residual.length).toBe(40);
      expect(tel[0]!.dying).toEqual([]);
      expect(tel[0]!.modules.length).toBeGreaterThan(40);
    },
  );
});
