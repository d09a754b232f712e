/**
 * Every attribution method on the tiny inception + residual network (test/unit/attribution/tiny-net.ts)
 * against the same formula computed in PyTorch (float64) from Captum's / pytorch-grad-cam's definitions
 * (torch_attribution.py), on the same weights and image, within 1e-4; Integrated Gradients'
 * completeness within 1 %; the branch splits of the concat and of the residual add sum to the whole.
 * Each for two targets (a class's logit, and the spatial mean of one channel of the last block, which
 * needs no classifier) on both gradient backends: TensorFlow.js and ONNX Runtime's backward graph.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backends.js';
import { createOrtGradientBackend } from '../../../src-main/engine/gradients/ort.js';
import { TfjsGradientBackend } from '../../../src-main/engine/gradients/tfjs.js';
import type { GradientBackend } from '../../../src-main/engine/gradients/types.js';
import { branchSplit } from '../../../src-main/engine/attribution/branches.js';
import type { AttributionContext, ChannelTarget } from '../../../src-main/engine/attribution/context.js';
import { eigenCam } from '../../../src-main/engine/attribution/eigencam.js';
import { vanillaGradient } from '../../../src-main/engine/attribution/gradient.js';
import { gradCam } from '../../../src-main/engine/attribution/gradcam.js';
import { gradCamPlusPlus } from '../../../src-main/engine/attribution/gradcam-plusplus.js';
import { integratedGradients } from '../../../src-main/engine/attribution/integrated-gradients.js';
import { occlusion } from '../../../src-main/engine/attribution/occlusion.js';
import { scoreCam } from '../../../src-main/engine/attribution/scorecam.js';
import { smoothGrad } from '../../../src-main/engine/attribution/smoothgrad.js';
import { Rng } from '../../../src-main/engine/data/rng.js';
import { runPython, torchPython } from '../../support/python.js';
import { TINY_INPUT, tinyAnalysis, tinyImage, tinyWeights } from '../../unit/attribution/tiny-net.js';

type Ref = {
  gradient: number[];
  smoothgrad: number[];
  ig: { map: number[]; sum: number; delta: number };
  cams: Record<string, Record<string, { cam: number[]; map: number[] }>>;
  occlusion: number[];
  concat: { parts: number[]; total: number };
  add: { shortcut: number; residual: number; total: number };
};

const a = tinyAnalysis();
const weights = tinyWeights(a);
const input = tinyImage();
const CLASS = 1;
const CAM_NODES = ['stem', 'mixed/b3x3/conv', 'mixed/concat', 'block/add'];
const IG_STEPS = 256;
const SG = { samples: 6, noise: 0.15 };
const OCC = { window: 3, stride: 2 };
const rng = new Rng(11);
const draws = Array.from({ length: SG.samples }, () => Float32Array.from(input, () => rng.normal()));

/** The targets: class CLASS, and channel 2 of the residual block's output. */
const TARGETS: Record<string, ChannelTarget | undefined> = {
  [`class ${CLASS}`]: undefined,
  'channel 2 of block/add': { node: 'block/add', channel: 2 },
};
const refs: Record<string, Ref> = {};
let dir: string;
const backends: Record<string, GradientBackend> = {};

beforeAll(async () => {
  await initBackend({ force: 'cpu' });
  backends.tfjs = TfjsGradientBackend.create(a, weights);
  backends.onnxruntime = await createOrtGradientBackend(a, weights);
  dir = mkdtempSync(join(tmpdir(), 'attr-ref-'));
  const plain = Object.fromEntries(
    Object.entries(weights).map(([id, w]) => [
      id,
      Object.fromEntries(
        Object.entries(w).map(([k, t]) => [k, { shape: t!.shape, data: Array.from(t!.data) }]),
      ),
    ]),
  );
  for (const [name, target] of Object.entries(TARGETS)) {
    writeFileSync(
      join(dir, 'in.json'),
      JSON.stringify({
        weights: plain,
        inputShape: TINY_INPUT,
        input: Array.from(input),
        classIndex: CLASS,
        ...(target ? { channelTarget: target } : {}),
        camNodes: CAM_NODES,
        igSteps: IG_STEPS,
        smoothgrad: { noise: SG.noise, draws: draws.map((d) => Array.from(d)) },
        occlusion: OCC,
      }),
    );
    runPython(torchPython(), readFileSync(join(import.meta.dirname, 'torch_attribution.py'), 'utf8'), [
      join(dir, 'in.json'),
      join(dir, 'out.json'),
    ]);
    refs[name] = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Ref;
  }
}, 300_000);

afterAll(() => {
  for (const b of Object.values(backends)) b.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** max |got − want|, with the arrays' lengths checked. */
function maxDiff(got: ArrayLike<number>, want: number[]): number {
  expect(got.length).toBe(want.length);
  let d = 0;
  for (let i = 0; i < want.length; i++) d = Math.max(d, Math.abs(got[i]! - want[i]!));
  return d;
}
const nonTrivial = (v: number[]) => expect(Math.max(...v.map(Math.abs))).toBeGreaterThan(1e-3);

describe.each(Object.keys(TARGETS).flatMap((target) => ['tfjs', 'onnxruntime'].map((b) => [target, b])))(
  'attribution of %s on the tiny network (%s) equals the PyTorch reference formulas',
  (target, name) => {
    let ctx: AttributionContext;
    let ref: Ref;
    beforeAll(() => {
      const channel = TARGETS[target!];
      ctx = { backend: backends[name!]!, input, classIndex: CLASS, ...(channel ? { channel } : {}) };
      ref = refs[target!]!;
    });
    it('vanilla gradient', async () => {
      nonTrivial(ref.gradient);
      expect(maxDiff((await vanillaGradient(ctx)).map, ref.gradient)).toBeLessThan(1e-4);
    });

    it('SmoothGrad (the same noise draws)', async () => {
      const r = await smoothGrad(ctx, { ...SG, seed: 0, draw: (i) => draws[i]! });
      expect(maxDiff(r.map, ref.smoothgrad)).toBeLessThan(1e-4);
    });

    it('Integrated Gradients, and completeness within 1 %', async () => {
      const r = await integratedGradients(ctx, { steps: IG_STEPS });
      nonTrivial(ref.ig.map);
      expect(maxDiff(r.map, ref.ig.map)).toBeLessThan(1e-4);
      expect(r.completeness.delta).toBeCloseTo(ref.ig.delta, 4);
      expect(Math.abs(r.completeness.sum - ref.ig.delta) / Math.abs(ref.ig.delta)).toBeLessThan(0.01);
      expect(r.completeness.error).toBeLessThan(0.01);
    });

    for (const node of CAM_NODES) {
      for (const [method, run] of [
        ['gradcam', gradCam],
        ['gradcam++', gradCamPlusPlus],
        ['scorecam', scoreCam],
        ['eigencam', eigenCam],
      ] as const) {
        it(`${method} at ${node}: the node's CAM and the map on the input`, async () => {
          const want = ref.cams[node]![method]!;
          expect(Math.max(...want.map), 'the reference map is not blank').toBeGreaterThan(0.99);
          const r = await run(ctx, node);
          const scale = Math.max(1, ...want.cam);
          expect(maxDiff(r.cam, want.cam) / scale).toBeLessThan(1e-4);
          expect(maxDiff(r.map, want.map)).toBeLessThan(1e-4);
        });
      }
    }

    it('occlusion', async () => {
      nonTrivial(ref.occlusion);
      expect(maxDiff((await occlusion(ctx, OCC)).map, ref.occlusion)).toBeLessThan(1e-4);
    });

    it('branch split of the concat: each branch’s share as in PyTorch, summing to the whole node', async () => {
      const s = await branchSplit(ctx, 'mixed/concat');
      expect(s.parts.map((p) => p.channels)).toEqual([
        [0, 2],
        [2, 5],
        [5, 9],
      ]);
      expect(
        maxDiff(
          s.parts.map((p) => p.value),
          ref.concat.parts,
        ),
      ).toBeLessThan(1e-4);
      expect(s.total).toBeCloseTo(ref.concat.total, 4);
      expect(s.parts.reduce((x, p) => x + p.value, 0)).toBeCloseTo(s.total, 6);
      expect(s.parts.reduce((x, p) => x + p.share, 0)).toBeCloseTo(1, 6);
    });

    it('residual split: shortcut against the scaled branch, summing to the pre-activation whole', async () => {
      const s = await branchSplit(ctx, 'block/add');
      expect(s.parts.map((p) => p.role)).toEqual(['shortcut', 'residual']);
      expect(s.parts[0]!.value).toBeCloseTo(ref.add.shortcut, 4);
      expect(s.parts[1]!.value).toBeCloseTo(ref.add.residual, 4);
      expect(s.total).toBeCloseTo(ref.add.total, 4);
      expect(s.parts[0]!.share + s.parts[1]!.share).toBeCloseTo(1, 6);
    });
  },
);
