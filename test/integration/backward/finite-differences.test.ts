/**
 * The backward graph against central differences of its own forward objective, on the tiny network
 * that uses every op (tiny-specs.ts), on ONNX Runtime. ORT's CPU kernels are float32, so as in
 * test/integration/train/gradients.test.ts the loss is made smooth enough for differences: BN's ε is
 * raised to 1 (a channel with a near-zero batch variance would make the slope noise) and derivatives
 * are taken along the gradient (of all parameters, of each tensor, of the input), where the signal is
 * largest: (L(θ + h·u) − L(θ − h·u)) / 2h must equal ‖g‖ for u = g/‖g‖. ReLU and max-pool kinks a step
 * crosses cost a little: 2 % along the whole gradient, 5 % along one small tensor's (a 3-channel β
 * moves 84 values per channel past their ReLU; seen: 3 % at h = 1e-3). The 1e-4 check is torch.test.ts. Dropout masks are fed, so they are the same in every evaluation.
 * Covered: training mode with the cross-entropy of both heads and weight decay; inference-mode BN
 * with a GradTarget objective on a hidden node.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { buildTrainingGraph } from '../../../src-main/engine/onnx/backward/graph.js';
import { TrainingSession, paramFeeds } from '../../../src-main/engine/onnx/backward/run.js';
import type { TrainingGraph, TrainingGraphOptions } from '../../../src-main/engine/onnx/backward/types.js';
import type { WeightMap } from '../../../src-main/engine/onnx/weights.js';
import type { GradTarget } from '../../../src-main/engine/gradients/types.js';
import { makeCase, withBnEps, type StepCase } from './shared.js';
import { tinyAllSpec } from './tiny-specs.js';

const analysis = analyse(withBnEps(tinyAllSpec(), 1));
/** Step along the unit direction: small enough that few ReLU/max-pool kinks are crossed, large enough for float32. */
const H = 1e-3;

interface Setup {
  graph: TrainingGraph;
  session: TrainingSession;
  c: StepCase;
}

async function setup(opts: Omit<TrainingGraphOptions, 'batch'>): Promise<Setup> {
  const graph = buildTrainingGraph(analysis, { batch: 2, ...opts });
  const c = makeCase(analysis, graph, {
    seed: 7,
    includeAux: opts.includeAux,
    weightDecay: opts.weightDecay,
  });
  return { graph, session: await TrainingSession.create(graph, { provider: 'cpu' }), c };
}

/** The objective at parameters (ONNX layout feeds) and images. */
async function objective(
  s: Setup,
  params: Record<string, Float32Array>,
  images: Float32Array,
): Promise<number> {
  const feeds: Record<string, Float32Array> = { ...params, [s.graph.inputs.image]: images };
  if (s.graph.inputs.targets) feeds[s.graph.inputs.targets] = s.c.targets;
  for (const m of s.graph.inputs.dropoutMasks) feeds[m.name] = s.c.masks[m.nodeId]!;
  const out = await s.session.run(feeds);
  return out[s.graph.outputs.objective]!.data[0]!;
}

const norm = (vs: Float32Array[]) => Math.sqrt(vs.reduce((a, v) => a + v.reduce((b, x) => b + x * x, 0), 0));
const moved = (v: Float32Array, d: Float32Array, t: number) => v.map((x, i) => x + t * d[i]!);

/** Central difference of the objective along g/‖g‖ for the named feeds; returns [numeric, ‖g‖]. */
async function along(
  s: Setup,
  base: Record<string, Float32Array>,
  grads: Record<string, Float32Array>,
  h: number,
): Promise<[number, number]> {
  const n = norm(Object.values(grads));
  const at = async (t: number) => {
    const p = { ...base };
    for (const [name, g] of Object.entries(grads)) p[name] = moved(base[name]!, g, t / n);
    const { [s.graph.inputs.image]: images, ...params } = p;
    return objective(s, params, images!);
  };
  return [((await at(h)) - (await at(-h))) / (2 * h), n];
}

/** Parameter gradients from a step, keyed by graph input name, in ONNX layout. */
async function stepGrads(s: Setup, weights: WeightMap) {
  const params = paramFeeds(s.graph.inputs.params, weights);
  const feeds: Record<string, Float32Array> = { ...params, [s.graph.inputs.image]: s.c.images };
  if (s.graph.inputs.targets) feeds[s.graph.inputs.targets] = s.c.targets;
  for (const m of s.graph.inputs.dropoutMasks) feeds[m.name] = s.c.masks[m.nodeId]!;
  const out = await s.session.run(feeds);
  const grads: Record<string, Float32Array> = {};
  for (const p of s.graph.inputs.params) {
    const o = s.graph.outputs.paramGrads[`${p.nodeId}:${p.kind}`];
    if (o) grads[p.name] = out[o]!.data;
  }
  const input = s.graph.outputs.inputGrad ? out[s.graph.outputs.inputGrad]!.data : undefined;
  return { params, grads, input };
}

describe('backward graph = central differences (tiny every-op network, ORT float32)', () => {
  let train: Setup;
  let evalTarget: Setup;
  beforeAll(async () => {
    const auxWeights = { aux: 0.3 };
    train = await setup({
      bnMode: 'train',
      includeAux: true,
      objective: { kind: 'cross-entropy', auxWeights },
      weightDecay: 0.01,
      wrt: { params: true, input: true },
    });
    evalTarget = await setup({
      bnMode: 'eval',
      includeAux: false,
      objective: { kind: 'target', target: { kind: 'channel', node: 'M1/res/add', channel: 4 } },
      weightDecay: 0,
      wrt: { params: true, input: true },
    });
  });

  for (const which of ['train', 'eval'] as const) {
    const label =
      which === 'train' ? 'training mode, cross-entropy + aux + decay' : 'inference-mode BN, channel target';
    test(`${label}: along the whole parameter gradient and along the input gradient`, async () => {
      const s = which === 'train' ? train : evalTarget;
      const { params, grads, input } = await stepGrads(s, s.c.weights);
      const base = { ...params, [s.graph.inputs.image]: s.c.images };
      const [numP, nP] = await along(s, base, grads, H);
      expect(Math.abs(numP - nP) / nP).toBeLessThan(0.02);
      const [numX, nX] = await along(s, base, { [s.graph.inputs.image]: input! }, H);
      expect(Math.abs(numX - nX) / nX).toBeLessThan(0.02);
    });

    test(`${label}: along each parameter tensor's gradient`, async () => {
      const s = which === 'train' ? train : evalTarget;
      const { params, grads } = await stepGrads(s, s.c.weights);
      const base = { ...params, [s.graph.inputs.image]: s.c.images };
      const bad: string[] = [];
      let checked = 0;
      for (const [name, g] of Object.entries(grads)) {
        const [num, n] = await along(s, base, { [name]: g }, H);
        // A conv bias before train-mode BN has an exactly zero gradient: nothing to differentiate along.
        if (n < 1e-5) {
          expect(Math.abs(num)).toBeLessThan(1e-3);
          continue;
        }
        checked++;
        if (!(Math.abs(num - n) / n < 0.05))
          bad.push(`${name}: numeric ${num.toPrecision(4)}, graph ${n.toPrecision(4)}`);
      }
      expect(bad).toEqual([]);
      expect(checked).toBeGreaterThan(12);
    });
  }

  const targets: GradTarget[] = [
    { kind: 'logit', classIndex: 2 },
    { kind: 'neuron', node: 'M1/mix/concat', channel: 5, y: 3, x: 2 },
    { kind: 'direction', node: 'M2/ap', vector: Float32Array.from({ length: 13 }, (_, i) => Math.cos(i)) },
    { kind: 'l2', node: 'M1/lrn' },
  ];
  test.each(targets)('inference mode, $kind target: along the input gradient', async (target) => {
    const s = await setup({
      bnMode: 'eval',
      includeAux: false,
      objective: { kind: 'target', target },
      weightDecay: 0,
      wrt: { params: false, input: true },
    });
    const { params, input } = await stepGrads(s, s.c.weights);
    const [num, n] = await along(
      s,
      { ...params, [s.graph.inputs.image]: s.c.images },
      { [s.graph.inputs.image]: input! },
      H,
    );
    expect(Math.abs(num - n) / n).toBeLessThan(0.02);
    if (target.kind === 'logit') {
      // The per-item objective is the class's logit itself.
      const r = await s.session.step({ weights: s.c.weights, images: s.c.images });
      const k = s.graph.classes;
      expect(Array.from(r.objectivePerItem!)).toEqual([r.logits.data[2]!, r.logits.data[k + 2]!]);
    }
    s.session.dispose();
  });
});
