/**
 * The ONNX Runtime gradient backend (the compiled backward graph, BN in inference mode) against the
 * tfjs one (itself checked against central differences in test/unit/attribution/tfjs-gradients):
 * the same objective, input and node gradients, kept values and logits for every target kind, on a
 * tiny inception + residual net and on reduced Inception-v3; and createGradientBackend picks ORT,
 * or tfjs when asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { initBackend } from '../../../src-main/engine/backends.js';
import { createGradientBackend, gradientBackendChoice } from '../../../src-main/engine/gradients/index.js';
import { OrtGradientBackend, createOrtGradientBackend } from '../../../src-main/engine/gradients/ort.js';
import { TfjsGradientBackend } from '../../../src-main/engine/gradients/tfjs.js';
import type { GradientBackend, GradTarget, HostArray } from '../../../src-main/engine/gradients/types.js';
import { randomWeights } from '../../../src-main/engine/onnx/weights.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import { idEnding, tinyAnalysis, tinyImage, tinyWeights } from '../attribution/tiny-net.js';

/** max |a − b| relative to the largest |b| (the 1e-4 criterion). */
function relErr(a: HostArray, b: HostArray): number {
  expect(a.shape).toEqual(b.shape);
  let d = 0;
  let m = 0;
  for (let i = 0; i < b.data.length; i++) {
    d = Math.max(d, Math.abs(a.data[i]! - b.data[i]!));
    m = Math.max(m, Math.abs(b.data[i]!));
  }
  return m === 0 ? d : d / m;
}

beforeAll(async () => {
  await initBackend({ force: 'cpu' });
});

describe('OrtGradientBackend on a tiny inception + residual net', () => {
  const a = tinyAnalysis();
  const w = tinyWeights(a);
  const batch = 2;
  const image = tinyImage(batch);
  let ort: GradientBackend;
  let tfjs: TfjsGradientBackend;
  beforeAll(async () => {
    ort = await createOrtGradientBackend(a, w);
    tfjs = TfjsGradientBackend.create(a, w);
  });
  afterAll(() => {
    ort.dispose();
    tfjs.dispose();
  });

  const mixed = () => idEnding(a, 'mixed/concat');
  const targets = (): GradTarget[] => [
    { kind: 'logit', classIndex: 1 },
    { kind: 'channel', node: mixed(), channel: 3 },
    { kind: 'neuron', node: idEnding(a, 'block/add'), channel: 2, y: 3, x: 5 },
    { kind: 'direction', node: mixed(), vector: Float32Array.from([1, -1, 0.5, 0, 2, 0, -0.3, 1, 0]) },
    { kind: 'l2', node: idEnding(a, 'block/up') },
  ];

  for (const kind of ['logit', 'channel', 'neuron', 'direction', 'l2'] as const) {
    it(`${kind}: objective, input and node gradients, kept values and logits equal tfjs' (1e-4)`, async () => {
      const target = targets().find((t) => t.kind === kind)!;
      const wrt = ['input', mixed()];
      const keep = [idEnding(a, 'block/add')];
      const req = { input: image, batch, target, wrt, keep, logits: true };
      const [r, ref] = await Promise.all([ort.gradient(req), tfjs.gradient(req)]);
      expect(
        relErr({ data: r.objective, shape: [batch] }, { data: ref.objective, shape: [batch] }),
      ).toBeLessThan(1e-4);
      for (const id of wrt) expect(relErr(r.grads[id]!, ref.grads[id]!), id).toBeLessThan(1e-4);
      expect(relErr(r.values[keep[0]!]!, ref.values[keep[0]!]!)).toBeLessThan(1e-4);
      expect(relErr(r.logits!, ref.logits!)).toBeLessThan(1e-4);
      // Without logits the graph ends at the target's node: the same gradient, no logits.
      const short = await ort.gradient({ ...req, logits: false });
      expect(short.logits).toBeUndefined();
      expect(relErr(short.grads.input!, r.grads.input!)).toBeLessThan(1e-6);
    });
  }

  // Before the ReLU: a fused conv (b1x1, bias + ReLU in one tfjs layer), a BN conv (b3x3) and the
  // residual add. A unit's value before the ReLU must be the one after it wherever that is positive.
  for (const [label, node, channel] of [
    ['fused conv', 'mixed/b1x1/conv', 1],
    ['BN conv', 'mixed/b3x3/conv', 2],
    ['residual add', 'block/add', 0],
  ] as const) {
    it(`before the ReLU (${label}): ORT equals tfjs, and the unit is the ReLU's input`, async () => {
      const id = idEnding(a, node);
      const req = (preRelu: boolean) => ({
        input: image,
        batch,
        target: { kind: 'neuron', node: id, channel, y: 3, x: 4, preRelu } as GradTarget,
        wrt: ['input'],
      });
      const [r, ref, post] = await Promise.all([
        ort.gradient(req(true)),
        tfjs.gradient(req(true)),
        tfjs.gradient(req(false)),
      ]);
      expect(relErr(r.grads.input!, ref.grads.input!)).toBeLessThan(1e-4);
      expect(Math.max(...r.grads.input!.data.map(Math.abs))).toBeGreaterThan(0);
      for (let i = 0; i < batch; i++) {
        expect(r.objective[i]).toBeCloseTo(ref.objective[i]!, 5);
        expect(post.objective[i]).toBeCloseTo(Math.max(0, ref.objective[i]!), 5);
      }
    });
  }

  it('a node that does not end in a ReLU has no value before one', async () => {
    const target: GradTarget = { kind: 'channel', node: idEnding(a, 'block/up'), channel: 0, preRelu: true };
    await expect(tfjs.gradient({ input: image, batch, target })).rejects.toThrow(/does not end in a ReLU/);
    await expect(ort.gradient({ input: image, batch, target })).rejects.toThrow(/does not end in a ReLU/);
  });

  it('forward() equals tfjs, and a repeated request (a cached session) gives the same gradient', async () => {
    const keep = [mixed()];
    const [f, ref] = await Promise.all([ort.forward(image, batch, keep), tfjs.forward(image, batch, keep)]);
    expect(relErr(f.logits, ref.logits)).toBeLessThan(1e-4);
    expect(relErr(f.values[keep[0]!]!, ref.values[keep[0]!]!)).toBeLessThan(1e-4);
    const req = { input: image, batch, target: { kind: 'logit' as const, classIndex: 0 } };
    const one = await ort.gradient(req);
    const two = await ort.gradient(req);
    expect(Array.from(two.grads.input!.data)).toEqual(Array.from(one.grads.input!.data));
  });

  it('a cancelled request rejects before it runs', async () => {
    const c = new AbortController();
    c.abort();
    await expect(
      ort.gradient({ input: image, batch, target: { kind: 'logit', classIndex: 0 }, signal: c.signal }),
    ).rejects.toThrow();
  });
});

describe('OrtGradientBackend on reduced Inception-v3', () => {
  it('input gradient of a logit and a node gradient equal tfjs (1e-4)', async () => {
    const a = analyse(buildNetwork('inception_v3', { width: 0.125, input: 75, classes: 10 }));
    const w = randomWeights(a, 3, false);
    const node = a.nodes.find((n) => n.id.startsWith('Mixed_5b') && n.kind === 'concat')!.id;
    const batch = 2;
    const image = Float32Array.from({ length: batch * 75 * 75 * 3 }, (_, i) => Math.sin(i * 0.37));
    const ort = await createOrtGradientBackend(a, w);
    const tfjs = TfjsGradientBackend.create(a, w);
    const req = {
      input: image,
      batch,
      target: { kind: 'logit' as const, classIndex: 4 },
      wrt: ['input', node],
    };
    const [r, ref] = await Promise.all([ort.gradient(req), tfjs.gradient(req)]);
    expect(relErr(r.grads.input!, ref.grads.input!)).toBeLessThan(1e-4);
    expect(relErr(r.grads[node]!, ref.grads[node]!)).toBeLessThan(1e-4);
    ort.dispose();
    tfjs.dispose();
  }, 120_000);
});

describe('createGradientBackend', () => {
  it('gives ONNX Runtime where it loads, and tfjs when asked, saying why', async () => {
    const a = tinyAnalysis();
    const w = tinyWeights(a);
    const b = await createGradientBackend(a, w);
    expect(b).toBeInstanceOf(OrtGradientBackend);
    expect(gradientBackendChoice()?.name).toBe('onnxruntime');
    b.dispose();
    const t = await createGradientBackend(a, w, 'tfjs');
    expect(t.name).toBe('tfjs');
    expect(gradientBackendChoice()?.reason).toMatch(/asked for/);
    t.dispose();
  });
});
