/**
 * The tfjs gradient backend against central differences of its own forward pass (an independent
 * numerical method): input gradients for every target kind, and node gradients through the chain
 * rule (∇ₓf·v = ⟨∂f/∂node, J_node·v⟩, J_node·v by central differences of the node's value).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backends.js';
import { GradientRequestError, TfjsGradientBackend } from '../../../src-main/engine/gradients/tfjs.js';
import type { GradTarget } from '../../../src-main/engine/gradients/types.js';
import { idEnding, tinyAnalysis, tinyImage, tinyWeights } from './tiny-net.js';

const a = tinyAnalysis();
let be: TfjsGradientBackend;
const image = tinyImage();
const EPS = 1e-3;

beforeAll(async () => {
  await initBackend({ force: 'cpu' });
  be = TfjsGradientBackend.create(a, tinyWeights(a));
});
afterAll(() => be.dispose());

/**
 * A fixed direction in input space on a few pixels: ReLU and max-pool kinks make the network only
 * piecewise smooth, and a dense direction crosses kinks within any step float32 can resolve.
 */
const direction = (n: number) =>
  Float32Array.from({ length: n }, (_, i) => (i % 37 === 5 ? Math.cos(0.37 * i + 0.2) : 0));
const dot = (u: Float32Array, v: Float32Array) => u.reduce((s, x, i) => s + x * v[i]!, 0);
const axpy = (x: Float32Array, v: Float32Array, s: number) => x.map((xi, i) => xi + s * v[i]!);

async function objectiveAt(x: Float32Array, target: GradTarget): Promise<number> {
  const r = await be.gradient({ input: x, batch: 1, target, wrt: [] });
  return r.objective[0]!;
}

describe('TfjsGradientBackend', () => {
  const targets: GradTarget[] = [
    { kind: 'logit', classIndex: 1 },
    { kind: 'channel', node: idEnding(a, 'mixed/concat'), channel: 3 },
    { kind: 'neuron', node: idEnding(a, 'block/add'), channel: 2, y: 3, x: 5 },
    {
      kind: 'direction',
      node: idEnding(a, 'mixed/concat'),
      vector: Float32Array.from([1, -1, 0.5, 0, 2, 0, -0.3, 1, 0]),
    },
    { kind: 'l2', node: idEnding(a, 'block/up') },
  ];

  for (const target of targets) {
    it(`input gradient of a ${target.kind} target equals the central difference along a direction`, async () => {
      const r = await be.gradient({ input: image, batch: 1, target });
      const v = direction(image.length);
      const numeric =
        ((await objectiveAt(axpy(image, v, EPS), target)) -
          (await objectiveAt(axpy(image, v, -EPS), target))) /
        (2 * EPS);
      const analytic = dot(r.grads.input!.data, v);
      expect(r.grads.input!.shape).toEqual([1, 8, 8, 3]);
      expect(Math.abs(analytic - numeric)).toBeLessThan(2e-3 * Math.max(1, Math.abs(numeric)));
    });
  }

  it('node gradients satisfy the chain rule with the node’s central-difference Jacobian', async () => {
    const target: GradTarget = { kind: 'logit', classIndex: 2 };
    for (const node of [idEnding(a, 'mixed/concat'), idEnding(a, 'stem'), idEnding(a, 'block/add')]) {
      const r = await be.gradient({ input: image, batch: 1, target, wrt: ['input', node], keep: [node] });
      const v = direction(image.length);
      const plus = (await be.forward(axpy(image, v, EPS), 1, [node])).values[node]!.data;
      const minus = (await be.forward(axpy(image, v, -EPS), 1, [node])).values[node]!.data;
      const jv = plus.map((p, i) => (p - minus[i]!) / (2 * EPS));
      const viaNode = dot(r.grads[node]!.data, jv);
      const viaInput = dot(r.grads.input!.data, v);
      expect(Math.abs(viaNode - viaInput)).toBeLessThan(2e-3 * Math.max(1, Math.abs(viaInput)));
      expect(r.values[node]!.shape).toEqual([1, ...a.nodes.find((n) => n.id === node)!.outShape]);
    }
  });

  it('nodeVjp with a cotangent of v / HW everywhere equals the gradient of the direction target v', async () => {
    const node = idEnding(a, 'mixed/concat');
    const v = Float32Array.from([0.5, -1, 2, 0, 1, -0.25, 0, 3, -2]);
    const cotangent = Float32Array.from({ length: 64 * 9 }, (_, i) => v[i % 9]! / 64);
    const vjp = await be.nodeVjp({ input: image, batch: 1, node, cotangent });
    const r = await be.gradient({ input: image, batch: 1, target: { kind: 'direction', node, vector: v } });
    expect(vjp.shape).toEqual([1, 8, 8, 3]);
    for (let i = 0; i < vjp.data.length; i++) expect(vjp.data[i]).toBeCloseTo(r.grads.input!.data[i]!, 6);
    expect(Math.max(...vjp.data.map(Math.abs))).toBeGreaterThan(1e-4);
  });

  it('sums the objective over a batch and returns per-item objectives and logits', async () => {
    const two = new Float32Array([...image, ...tinyImage(1, 5)]);
    const target: GradTarget = { kind: 'logit', classIndex: 0 };
    const r = await be.gradient({ input: two, batch: 2, target, logits: true });
    const f = await be.forward(two, 2, []);
    expect(r.logits!.shape).toEqual([2, 3]);
    expect(r.objective[0]).toBeCloseTo(f.logits.data[0]!, 5);
    expect(r.objective[1]).toBeCloseTo(f.logits.data[3]!, 5);
    const single = await be.gradient({ input: image, batch: 1, target });
    expect(Array.from(r.grads.input!.data.slice(0, image.length))).toEqual(
      Array.from(single.grads.input!.data),
    );
  });

  it('gives a zero gradient for a node the target does not depend on', async () => {
    const stem = idEnding(a, 'stem');
    const up = idEnding(a, 'block/up');
    const r = await be.gradient({
      input: image,
      batch: 1,
      target: { kind: 'channel', node: stem, channel: 0 },
      wrt: [up],
    });
    expect(r.grads[up]!.data.every((x) => x === 0)).toBe(true);
  });

  it('refuses unknown nodes and out-of-range classes and channels with a clear error', async () => {
    await expect(
      be.gradient({ input: image, batch: 1, target: { kind: 'logit', classIndex: 3 } }),
    ).rejects.toThrow(GradientRequestError);
    await expect(
      be.gradient({ input: image, batch: 1, target: { kind: 'channel', node: 'nope', channel: 0 } }),
    ).rejects.toThrow(/no node 'nope'/);
    await expect(
      be.gradient({
        input: image,
        batch: 1,
        target: { kind: 'channel', node: idEnding(a, 'stem'), channel: 4 },
      }),
    ).rejects.toThrow(/4 channels/);
    await expect(be.forward(new Float32Array(5), 1, [])).rejects.toThrow(/need 192/);
  });

  it('leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++)
      await be.gradient({
        input: image,
        batch: 1,
        target: { kind: 'logit', classIndex: 1 },
        wrt: ['input', idEnding(a, 'mixed/concat')],
        keep: [idEnding(a, 'stem')],
      });
    await be.forward(image, 1, [idEnding(a, 'stem')]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
