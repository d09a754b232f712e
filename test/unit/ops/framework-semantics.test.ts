/**
 * The pooling semantics the analysis resolves (count_include_pad, ceil mode, TF 'same') are the
 * frameworks' own: single-pool specs run through ONNX Runtime and the tfjs model and are compared
 * with torch.nn.functional.avg_pool2d / max_pool2d (Debian's torch) for PyTorch-style explicit
 * padding, and with tf.nn.avg_pool2d / max_pool2d (TensorFlow 2.21) for 'same'.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { TfjsActivationRunner } from '../../../src-main/engine/activations/tfjs-runner.js';
import { buildOnnxGraph } from '../../../src-main/engine/onnx/export.js';
import { encodeModel } from '../../../src-main/engine/onnx/proto.js';
import { loadOrt, type Ort } from '../../../src-main/engine/onnx/ort.js';
import type { Padding, PoolLayer } from '../../../src-main/shared/spec.js';
import { avgpool, maxpool, pad } from '../../../src-main/zoo/layers.js';
import { refPython, runPython, torchPython } from '../../support/python.js';
import { tinyAnalysis } from '../onnx/tiny.js';

interface PoolCase {
  name: string;
  layer: PoolLayer;
  /** [H, W, C] */
  shape: [number, number, number];
  ones?: boolean;
}

const pool = (
  op: 'avg' | 'max',
  k: number,
  s: number,
  p: Padding,
  o: { ceil?: boolean; cip?: boolean } = {},
) => {
  const l = op === 'avg' ? avgpool('pool', k, s, p, o.cip) : maxpool('pool', k, s, p, o.ceil);
  if (o.ceil) l.ceil = true;
  return l;
};

/** Explicit, symmetric padding (what torch's pools take). */
const TORCH: PoolCase[] = [
  // The corner: count_include_pad unset on ones; PyTorch averages the zeros in.
  { name: 'avg 3/1 pad 1, unset, ones', layer: pool('avg', 3, 1, pad(1)), shape: [4, 4, 1], ones: true },
  { name: 'avg 3/1 pad 1, unset', layer: pool('avg', 3, 1, pad(1)), shape: [5, 6, 2] },
  { name: 'avg 3/1 pad 1, excluded', layer: pool('avg', 3, 1, pad(1), { cip: false }), shape: [5, 6, 2] },
  { name: 'avg 3/2 pad 1, ceil, unset', layer: pool('avg', 3, 2, pad(1), { ceil: true }), shape: [8, 9, 2] },
  {
    name: 'avg 2/2 pad (1,0), ceil, excluded',
    layer: pool('avg', 2, 2, pad([1, 0]), { ceil: true, cip: false }),
    shape: [8, 9, 2],
  },
  { name: 'avg 3/2 valid, ceil', layer: pool('avg', 3, 2, 'valid', { ceil: true }), shape: [8, 9, 1] },
  { name: 'max 3/2 pad 1, ceil', layer: pool('max', 3, 2, pad(1), { ceil: true }), shape: [8, 9, 2] },
  { name: 'max 3/2 valid, ceil', layer: pool('max', 3, 2, 'valid', { ceil: true }), shape: [10, 7, 1] },
];

/** TF 'same' (the odd pixel after; padding excluded from the average). */
const TF: PoolCase[] = [
  { name: 'avg 3/1 same, ones', layer: pool('avg', 3, 1, 'same'), shape: [4, 4, 1], ones: true },
  { name: 'avg 3/2 same (even size: odd pixel after)', layer: pool('avg', 3, 2, 'same'), shape: [8, 6, 2] },
  { name: 'avg 2/1 same', layer: pool('avg', 2, 1, 'same'), shape: [5, 5, 1] },
  { name: 'max 3/2 same', layer: pool('max', 3, 2, 'same'), shape: [8, 7, 2] },
];

const TORCH_PY = `
import json, sys, torch
import torch.nn.functional as F
out = []
for c in json.load(open(sys.argv[1])):
    x = torch.tensor(c['x'], dtype=torch.float32).reshape(c['nchw'])
    p = c['pads']  # top, bottom, left, right (symmetric here)
    assert p[0] == p[1] and p[2] == p[3]
    kw = dict(kernel_size=c['k'], stride=c['s'], padding=(p[0], p[2]), ceil_mode=c['ceil'])
    if c['op'] == 'avg':
        y = F.avg_pool2d(x, count_include_pad=c['cip'], **kw)
    else:
        y = F.max_pool2d(x, **kw)
    out.append({'shape': list(y.shape), 'y': y.flatten().tolist()})
print(json.dumps(out))
`;

const TF_PY = `
import json, sys
import numpy as np, tensorflow as tf
out = []
for c in json.load(open(sys.argv[1])):
    x = tf.constant(np.array(c['x'], dtype=np.float32).reshape(c['nhwc']))
    f = tf.nn.avg_pool2d if c['op'] == 'avg' else tf.nn.max_pool2d
    y = f(x, ksize=c['k'], strides=c['s'], padding='SAME').numpy()
    out.append({'shape': list(y.shape), 'y': y.flatten().tolist()})
print(json.dumps(out))
`;

function inputOf(c: PoolCase): Float32Array {
  const [h, w, ch] = c.shape;
  const x = new Float32Array(h * w * ch);
  for (let i = 0; i < x.length; i++) x[i] = c.ones ? 1 : Math.sin(i * 1.37 + 0.5) * 2;
  return x;
}

/** NHWC [H, W, C] (batch 1) → NCHW order, as a flat list. */
function toNchw(x: Float32Array, [h, w, c]: [number, number, number]): number[] {
  const out: number[] = [];
  for (let k = 0; k < c; k++)
    for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) out.push(x[(i * w + j) * c + k]!);
  return out;
}

function payload(cases: PoolCase[]) {
  return cases.map((c) => {
    const l = c.layer;
    const p = typeof l.padding === 'object' ? l.padding : { top: 0, bottom: 0, left: 0, right: 0 };
    const x = inputOf(c);
    const [h, w, ch] = c.shape;
    return {
      op: l.op === 'avgpool' ? 'avg' : 'max',
      k: l.pool,
      s: l.strides,
      pads: [p.top, p.bottom, p.left, p.right],
      ceil: l.ceil === true,
      // torch's own default when the spec leaves it unset
      cip: l.countIncludePad ?? true,
      nchw: [1, ch, h, w],
      nhwc: [1, h, w, ch],
      x: l.padding === 'same' ? Array.from(x) : toNchw(x, c.shape),
    };
  });
}

/** The framework's outputs for the cases (the inputs go through a JSON file). */
function reference(py: string, script: string, cases: PoolCase[]): { shape: number[]; y: number[] }[] {
  const file = join(mkdtempSync(join(tmpdir(), 'ops-semantics-')), 'cases.json');
  writeFileSync(file, JSON.stringify(payload(cases)));
  return JSON.parse(runPython(py, script, [file])) as { shape: number[]; y: number[] }[];
}

let ort: Ort;
beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  ort = await loadOrt();
});

/** The app's output for one case, NHWC, from both engines. */
async function appOutputs(c: PoolCase): Promise<{ shape: number[]; ort: Float32Array; tfjs: Float32Array }> {
  const a = tinyAnalysis(c.shape, c.layer);
  const x = { shape: [1, ...c.shape], data: inputOf(c) };
  const runner = TfjsActivationRunner.create(a, {});
  const t = await runner.infer(x);
  runner.dispose();
  const g = buildOnnxGraph(a, {}, { activations: 'outputs' });
  const session = await ort.InferenceSession.create(encodeModel(g.model));
  const r = await session.run({ [g.input]: new ort.Tensor('float32', x.data, x.shape) });
  await session.release();
  const y = r[g.activationOutputs[g.outputs[0]!]!]!;
  return { shape: Array.from(y.dims), ort: y.data as Float32Array, tfjs: t.data };
}

function expectClose(got: Float32Array, want: number[], what: string) {
  expect(got.length, what).toBe(want.length);
  let d = 0;
  for (let i = 0; i < want.length; i++) d = Math.max(d, Math.abs(got[i]! - want[i]!));
  expect(d, `${what}: max difference ${d}`).toBeLessThan(1e-5);
}

test('explicit padding, ceil mode and count_include_pad follow PyTorch', async () => {
  const ref = reference(torchPython(), TORCH_PY, TORCH);
  for (const [i, c] of TORCH.entries()) {
    const app = await appOutputs(c);
    const [, ch, h, w] = ref[i]!.shape as [number, number, number, number];
    expect(app.shape, c.name).toEqual([1, h, w, ch]);
    // torch's NCHW → the app's NHWC
    const want: number[] = [];
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) for (let k = 0; k < ch; k++) want.push(ref[i]!.y[(k * h + y) * w + x]!);
    expectClose(app.ort, want, `${c.name} (ONNX Runtime)`);
    expectClose(app.tfjs, want, `${c.name} (tfjs)`);
  }
}, 120_000);

test("TF 'same' pools follow TensorFlow", async () => {
  const ref = reference(refPython(), TF_PY, TF);
  for (const [i, c] of TF.entries()) {
    const app = await appOutputs(c);
    expect(app.shape, c.name).toEqual(ref[i]!.shape);
    expectClose(app.ort, ref[i]!.y, `${c.name} (ONNX Runtime)`);
    expectClose(app.tfjs, ref[i]!.y, `${c.name} (tfjs)`);
  }
}, 120_000);
