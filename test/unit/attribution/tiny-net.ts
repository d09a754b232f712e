/**
 * A tiny Inception-shaped network for the gradient and attribution tests: a stem conv (BN, ReLU), an
 * inception module (1×1 / 3×3 / max-pool branches joined by concat), an Inception-ResNet-style
 * residual block (scale 0.5, ReLU after the sum), global average pooling and a 3-class classifier.
 * Weights are the app's seeded random weights (with BN running statistics moved off 0/1), so the
 * PyTorch reference reads the very same numbers.
 */
import { analyse } from '../../../src-main/analysis/analyse.js';
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import type { ConvLayer, NetworkSpec } from '../../../src-main/shared/spec.js';
import { randomWeights, type WeightMap } from '../../../src-main/engine/onnx/weights.js';

const conv = (
  name: string,
  filters: number | 'match-input',
  k: number,
  bn: boolean,
  relu = true,
): ConvLayer => ({
  name,
  op: 'conv',
  filters,
  kernel: [k, k],
  strides: [1, 1],
  padding: 'same',
  bias: !bn,
  ...(bn ? { bn: { eps: 1e-3, scale: true } } : {}),
  activation: relu ? 'relu' : 'linear',
});

export const TINY_INPUT: [number, number, number] = [8, 8, 3];

export function tinySpec(): NetworkSpec {
  return {
    id: 'googlenet',
    flavour: 'paper',
    title: 'tiny attribution network',
    paper: 'P1',
    variant: { input: TINY_INPUT, classes: 3, width: 1 },
    stages: [
      {
        name: 'S1',
        modules: [{ name: 'stem', paperName: 'stem', type: 'stem', body: conv('conv', 4, 3, true) }],
      },
      {
        name: 'S2',
        modules: [
          {
            name: 'mixed',
            paperName: 'inception (tiny)',
            type: 'inception',
            body: {
              kind: 'concat',
              name: 'mixed',
              branches: [
                { kind: 'seq', name: 'b1x1', items: [conv('conv', 2, 1, false)] },
                { kind: 'seq', name: 'b3x3', items: [conv('reduce', 2, 1, true), conv('conv', 3, 3, true)] },
                {
                  kind: 'seq',
                  name: 'pool',
                  items: [{ name: 'pool', op: 'maxpool', pool: [3, 3], strides: [1, 1], padding: 'same' }],
                },
              ],
            },
          },
          {
            name: 'block',
            paperName: 'residual (tiny)',
            type: 'residual',
            body: {
              kind: 'residual',
              name: 'block',
              scale: 0.5,
              activation: 'relu',
              body: {
                kind: 'seq',
                name: 'body',
                items: [conv('conv', 3, 3, false), conv('up', 'match-input', 1, false, false)],
              },
            },
          },
        ],
      },
      {
        name: 'S3',
        modules: [
          {
            name: 'logits',
            paperName: 'classifier',
            type: 'head',
            body: {
              kind: 'seq',
              name: 'head',
              items: [
                { name: 'gap', op: 'globalavgpool' },
                { name: 'fc', op: 'dense', units: 'classes', bias: true, activation: 'linear' },
              ],
            },
          },
        ],
      },
    ],
    aux: [],
    choices: [],
  };
}

export function tinyAnalysis(): Analysis {
  return analyse(tinySpec());
}

/** Seeded weights; BN running statistics made non-trivial so inference-mode BN is really tested. */
export function tinyWeights(a: Analysis, seed = 7): WeightMap {
  const w = randomWeights(a, seed, false);
  let k = 0;
  for (const node of Object.values(w)) {
    if (node.movingMean) node.movingMean.data.forEach((_, i, d) => (d[i] = 0.1 * Math.sin(++k)));
    if (node.movingVariance)
      node.movingVariance.data.forEach((_, i, d) => (d[i] = 0.5 + 0.4 * Math.cos(++k) ** 2));
    if (node.beta) node.beta.data.forEach((_, i, d) => (d[i] = 0.05 * Math.cos(++k)));
  }
  return w;
}

/** A deterministic image in [0, 1]. */
export function tinyImage(batch = 1, seed = 1): Float32Array {
  const [h, w, c] = TINY_INPUT;
  const out = new Float32Array(batch * h * w * c);
  for (let i = 0; i < out.length; i++) out[i] = 0.5 + 0.5 * Math.sin(1.7 * i + seed);
  return out;
}

export const idEnding = (a: Analysis, suffix: string): string => {
  const n = a.nodes.find((x) => x.id === suffix || x.id.endsWith(`/${suffix}`));
  if (!n) throw new Error(`no node ending '${suffix}' in ${a.nodes.map((x) => x.id).join(', ')}`);
  return n.id;
};
