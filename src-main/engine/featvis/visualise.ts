/**
 * Feature visualisation by optimisation, as Lucid's render_vis: a batch of Fourier-parameterised
 * pictures (param.ts), the robustness transforms drawn afresh each step (transforms.ts), the
 * network's preprocessing (normalise.ts), and Adam ascending the objective; the backend gives
 * d objective / d input, and everything from the input back to the spectrum is done here.
 * Olah, Mordvintsev & Schubert, "Feature Visualization", Distill 2017,
 * https://distill.pub/2017/feature-visualization/ ; lucid/optvis/render.py (render_vis: Adam, lr 0.05).
 */
import { indexOf } from '../../shared/analysis-index.js';
import { Rng } from '../data/rng.js';
import type { GradTarget, GradientBackend } from '../gradients/types.js';
import { Adam } from './adam.js';
import { gramSimilarity } from './diversity.js';
import { FeatvisError, throwIfCancelled } from './errors.js';
import { affineAdjoint, applyAffine, type Affine } from './normalise.js';
import { FourierParam } from './param.js';
import { preReluSource } from './pre-relu.js';
import {
  applyWarp,
  drawWarp,
  NO_TRANSFORMS,
  transformsFor,
  warpAdjoint,
  type TransformSettings,
} from './transforms.js';

export type FeatvisObjective =
  | { kind: 'channel'; node: string; channel: number }
  | { kind: 'neuron'; node: string; channel: number; y?: number; x?: number }
  | { kind: 'direction'; node: string; vector: Float32Array };

export interface VisualiseOptions {
  objective: FeatvisObjective;
  /** The network's preprocessing after resizing. */
  affine: Affine;
  /** Optimisation steps (Lucid's default 512). */
  steps?: number;
  learningRate?: number;
  /** Pictures optimised together (diversity needs ≥ 2). */
  batch?: number;
  /** Weight of Lucid's diversity term (Lucid's notebooks use 1e2); 0 = off. */
  diversity?: number;
  /** Lucid's standard transforms, scaled to the input size (default on). */
  transforms?: boolean;
  /** Replaces the standard transforms' amounts (tests and experiments). */
  transformSettings?: TransformSettings;
  seed?: number;
  /**
   * Optimise the value before the channel's ReLU ('auto', the default: only when the channel is
   * off, with no gradient, on the starting picture, where the ReLU would keep it from ever moving).
   */
  preRelu?: boolean | 'auto';
  signal?: AbortSignal;
  /** Called after each step with the batch's mean objective. */
  onStep?: (step: number, steps: number, objective: number) => void;
}

export interface Visualisation {
  /** NHWC RGB in [0, 1], `batch` pictures of size × size, without the transforms. */
  rgb: Float32Array;
  size: number;
  batch: number;
  /** The objective of each final picture, untransformed (after the ReLU, as asked). */
  objective: Float32Array;
  /** Set when the optimisation ran on the value before a ReLU: which node and channel. */
  preRelu?: { node: string; channel: number };
  /** The batch-mean objective per step (under that step's transforms). */
  history: Float32Array;
}

/** The network input side (NHWC, square). */
export function inputSize(backend: GradientBackend): number {
  const input = indexOf(backend.analysis).input;
  const s = input?.outShape;
  if (!s || s.length !== 3 || s[0] !== s[1])
    throw new FeatvisError('unsupported', 'Feature visualisation needs a network with a square image input.');
  return s[0]!;
}

/** The neuron objective defaults to the centre unit, as Lucid's objectives.neuron does. */
export function gradTarget(o: FeatvisObjective, backend: GradientBackend): GradTarget {
  const node = indexOf(backend.analysis).byId.get(o.node);
  if (!node) throw new FeatvisError('not_found', `The network has no node '${o.node}'.`);
  const shape = node.outShape;
  const channels = shape[shape.length - 1]!;
  if (o.kind === 'direction') {
    if (o.vector.length !== channels)
      throw new FeatvisError(
        'bad_request',
        `The direction has ${o.vector.length} values, but '${o.node}' has ${channels} channels.`,
      );
    return o;
  }
  if (!Number.isInteger(o.channel) || o.channel < 0 || o.channel >= channels)
    throw new FeatvisError(
      'bad_request',
      `Channel ${o.channel} does not exist: '${o.node}' has ${channels} channels (0–${channels - 1}).`,
    );
  if (o.kind === 'channel') return o;
  const h = shape.length === 3 ? shape[0]! : 1;
  const w = shape.length === 3 ? shape[1]! : 1;
  if (shape.length !== 3) return { kind: 'channel', node: o.node, channel: o.channel };
  return {
    kind: 'neuron',
    node: o.node,
    channel: o.channel,
    y: o.y ?? Math.floor(h / 2),
    x: o.x ?? Math.floor(w / 2),
  };
}

export async function visualise(backend: GradientBackend, o: VisualiseOptions): Promise<Visualisation> {
  const size = inputSize(backend);
  const steps = o.steps ?? 512;
  const batch = o.batch ?? 1;
  const diversity = o.diversity ?? 0;
  const target = gradTarget(o.objective, backend);
  const node = o.objective.node;
  const pre =
    o.objective.kind === 'direction' ? null : preReluSource(backend.analysis, node, o.objective.channel);
  if (o.preRelu === true && !pre)
    throw new FeatvisError('bad_request', `'${node}' has no value before a ReLU for this channel.`);
  let preRelu = o.preRelu === true ? pre! : undefined;
  if (diversity > 0 && batch < 2)
    throw new FeatvisError(
      'bad_request',
      'Diversity compares the pictures of a batch: ask for at least 2 pictures.',
    );
  if (diversity > 0 && !backend.nodeVjp)
    throw new FeatvisError(
      'unsupported',
      `The ${backend.name} gradient engine cannot compute the diversity term yet; turn diversity off.`,
    );
  const seed = o.seed ?? 0;
  const param = new FourierParam(batch, size, size, seed);
  const rng = new Rng(seed ^ 0x5eed);
  const adam = new Adam(param.params.length, o.learningRate ?? 0.05);
  const transforms = o.transforms === false ? NO_TRANSFORMS : (o.transformSettings ?? transformsFor(size));
  const history = new Float32Array(steps);

  for (let step = 0; step < steps; step++) {
    throwIfCancelled(o.signal);
    const { rgb } = param.render();
    const warp = drawWarp(size, transforms, rng);
    const input = applyAffine(o.affine, applyWarp(warp, rgb, batch));
    const ask = (t: GradTarget) =>
      backend.gradient({
        input,
        batch,
        target: t,
        wrt: ['input'],
        keep: diversity > 0 ? [node] : undefined,
        signal: o.signal,
      });
    const onPre = (p: { node: string; channel: number }): GradTarget => ({
      ...(target as GradTarget & { kind: 'channel' | 'neuron' }),
      node: p.node,
      channel: p.channel,
      preRelu: true,
    });
    let res = await ask(preRelu ? onPre(preRelu) : target);
    if (
      step === 0 &&
      !preRelu &&
      o.preRelu !== false &&
      pre &&
      isStuck(res.objective, res.grads.input!.data)
    ) {
      preRelu = pre;
      res = await ask(onPre(pre));
    }
    const gIn = res.grads.input!.data;
    let mean = res.objective.reduce((s, v) => s + v, 0) / batch;
    if (diversity > 0) {
      const a = res.values[node]!;
      const sim = gramSimilarity(a.data, batch, a.shape[a.shape.length - 1]!);
      const cot = sim.grad.map((g) => -diversity * g);
      const extra = await backend.nodeVjp!({ input, batch, node, cotangent: cot, signal: o.signal });
      for (let i = 0; i < gIn.length; i++) gIn[i] = gIn[i]! + extra.data[i]!;
      mean -= (diversity * sim.value) / batch;
    }
    history[step] = mean;
    const dRgb = warpAdjoint(warp, affineAdjoint(o.affine, gIn), batch);
    adam.ascend(param.params, param.backward(rgb, dRgb));
    o.onStep?.(step + 1, steps, mean);
  }
  throwIfCancelled(o.signal);
  const { rgb } = param.render();
  // The request the steps made (one more gradient, unread), so the compiled graph serves it: a
  // gradient-free request would compile a graph of its own for every new channel.
  const final = await backend.gradient({
    input: applyAffine(o.affine, rgb),
    batch,
    target,
    wrt: ['input'],
    keep: diversity > 0 ? [node] : undefined,
    signal: o.signal,
  });
  const out: Visualisation = { rgb, size, batch, objective: final.objective, history };
  if (preRelu) out.preRelu = preRelu;
  return out;
}

/** Off everywhere with nothing to follow: a ReLU blocks the whole gradient. */
function isStuck(objective: Float32Array, grad: Float32Array): boolean {
  return objective.every((v) => v === 0) && grad.every((v) => v === 0);
}
