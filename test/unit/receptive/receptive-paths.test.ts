/**
 * Per-path receptive fields: against hand computation on a tiny spec, against the analysis' own
 * textbook sizes for every zoo network, and numerically — with every weight and input positive, the
 * pixels with a non-zero input gradient (tfjs, the app's model builder) are exactly the field.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { receptivePaths, unionPixels, type PixelRect } from '../../../src-main/shared/receptive-paths.js';
import { initBackend } from '../../../src-main/engine/backends.js';
import { buildModel } from '../../../src-main/engine/tfjs/build-model.js';
import { buildNetwork, listZoo } from '../../../src-main/zoo/index.js';
import { tinyInceptionSpec } from './tiny-spec.js';

const R = (y0: number, y1: number, x0: number, x1: number): PixelRect => ({ y0, y1, x0, x1 });

describe('hand-computed fields on the tiny spec (33×33 input, 3×3/2 valid stem → 16×16)', () => {
  const a = analyse(tinyInceptionSpec());
  const byName = (node: string, y: number, x: number, c?: number) =>
    Object.fromEntries(receptivePaths(a, node, y, x, c).paths.map((p) => [p.name, p]));

  test('mix unit (5, 9): each branch from the module input, then the stem [2i, 2i + 2]', () => {
    const p = byName('mix/concat', 5, 9);
    // 1×1: (5, 9) of the stem → image rows 10..12, cols 18..20.
    expect(p['b1x1']!.rects).toEqual([R(10, 12, 18, 20)]);
    // 3×3 'same' (pad 1): stem rows 4..6, cols 8..10 → image 8..14, 16..22. Avg 3×3 'same' alike.
    expect(p['b3x3']!.rects).toEqual([R(8, 14, 16, 22)]);
    expect(p['bpool']!.rects).toEqual([R(8, 14, 16, 22)]);
    // 1×7 then 7×1 (pad 3 each): stem rows 2..8, cols 6..12 → image 4..18, 12..26.
    expect(p['b7x7']!.rects).toEqual([R(4, 18, 12, 26)]);
    expect(p['b7x7']!.size).toEqual([15, 15]);
    expect(p['b7x7']!.kernels).toBe('1×1 → 1×7 → 7×1');
  });

  test('the channel picks its branch: channels 4–5 of the concat are the 7×7 branch', () => {
    const f = receptivePaths(a, 'mix/concat', 5, 9, 4);
    expect(f.paths.filter((p) => p.carriesChannel).map((p) => p.name)).toEqual(['b7x7']);
  });

  test('the image border clips the field: unit (0, 0) of the 7×7 branch', () => {
    // stem rows −3..3 → 0..3 → image 0..8; the unclipped size is still 15.
    const p = byName('mix/concat', 0, 0)['b7x7']!;
    expect(p.rects).toEqual([R(0, 8, 0, 8)]);
    expect(p.pixels).toBe(81);
    expect(p.size).toEqual([15, 15]);
  });

  test("'same' stride 2 on an even map pads 0 before: red unit (3, 3) reads mix rows 6..8", () => {
    // mix rows/cols 6..8, then the 7×7 branch widens by 3 (rows 3..11), then the stem: 6..24.
    expect(byName('red/concat', 3, 3)['bconv']!.rects).toEqual([R(6, 24, 6, 24)]);
  });

  test('explicit asymmetric padding (left 2, right 0): pad unit (3, 0) reads red cols −2..0 → 0', () => {
    // red rows 2..4 → mix 4..10 → ±3 → 1..13 → image 2..28; red col 0 → mix 0..2 → 0..5 → image 0..12.
    expect(byName('pad', 3, 0)['main']!.rects).toEqual([R(2, 28, 0, 12)]);
  });

  test('a residual block: the shortcut is a path of its own, the 1×3 branch is wider', () => {
    const p = byName('res/add', 2, 2);
    expect(Object.keys(p).sort()).toEqual(['b0', 'b1', 'shortcut']);
    expect(p['shortcut']!.kernels).toBe('identity');
    expect(p['shortcut']!.rects).toEqual(p['b0']!.rects);
    expect(p['b1']!.size[1] - p['b1']!.size[0]).toBe(8); // one more pad column each side × jump 4
  });

  test('a pool branch keeps channels apart: channel 3 of red is channel 0 of mix, the 1×1 branch', () => {
    // red unit (3, 3): avg 3×3/2 'same' (pad 0) reads mix 6..8, whose 1×1 channel reads the stem
    // 6..8 → image 12..18; the 3×3 conv branch reads every mix channel (the 7×7 one: 6..24).
    const f = receptivePaths(a, 'red/concat', 3, 3, 3);
    expect(f.paths.map((p) => [p.name, p.carriesChannel, p.rects])).toEqual([
      ['bconv', false, [R(6, 24, 6, 24)]],
      ['bpool', true, [R(12, 18, 12, 18)]],
    ]);
  });

  test('a node inside a branch has only its own path; bad requests are refused with a reason', () => {
    expect(receptivePaths(a, 'mix/b3x3/b', 5, 5).paths.map((p) => p.name)).toEqual(['b3x3']);
    expect(() => receptivePaths(a, 'nope', 0, 0)).toThrow(/no node 'nope'/);
    expect(() => receptivePaths(a, 'mix/concat', 16, 0)).toThrow(/outside the 16×16 map/);
    expect(() => receptivePaths(a, 'gap', 0, 0)).toThrow(/whole image/);
  });

  test('unionPixels counts overlaps once', () => {
    expect(unionPixels([R(0, 2, 0, 0), R(0, 0, 0, 2)])).toBe(5);
  });
});

describe('every zoo network: the unclipped field of each module output is the analysis’ rf', () => {
  test.each(listZoo().map((e) => e.id))('%s', (id) => {
    const a = analyse(buildNetwork(id));
    for (const g of a.groups.filter((x) => x.kind === 'module')) {
      const node = a.nodes.find((n) => n.id === g.output)!;
      if (node.outShape.length !== 3 || node.aux) continue;
      const f = receptivePaths(a, node.id, node.outShape[0]! >> 1, node.outShape[1]! >> 1);
      expect(f.whole.size, node.id).toEqual(node.rf.size);
    }
  });
});

describe('numeric check: non-zero input gradients with all weights positive (tfjs)', () => {
  beforeAll(async () => {
    await initBackend({ force: 'cpu' });
  });

  /** The set of image pixels whose input gradient (summed |·| over colour) is non-zero. */
  function gradientSupport(
    poolOp: 'avgpool' | 'maxpool',
    cases: { node: string; y: number; x: number; c: number }[],
  ): Set<string>[] {
    const spec = tinyInceptionSpec(poolOp);
    const built = buildModel(spec, { seed: 3 });
    for (const w of built.model.weights) {
      const v = w.read();
      w.write(tf.randomUniform(v.shape, 0.05, 0.5, 'float32', 11));
    }
    const [h, w, ch] = spec.variant.input;
    const image = tf.randomUniform([1, h, w, ch], 0.1, 1, 'float32', 5);
    const out: Set<string>[] = [];
    for (const k of cases) {
      const names = built.layers.get(k.node)!;
      const layer = built.model.getLayer(names.act ?? names.bn ?? names.main);
      const sub = tfl.model({ inputs: built.model.inputs, outputs: layer.output as tfl.SymbolicTensor });
      const g = tf.tidy(() => {
        const unit = (x: tf.Tensor) =>
          tf.sum(tf.slice(sub.apply(x) as tf.Tensor4D, [0, k.y, k.x, k.c], [1, 1, 1, 1]));
        return tf.sum(tf.abs(tf.grad(unit)(image)), -1).dataSync();
      });
      const set = new Set<string>();
      for (let i = 0; i < g.length; i++) if (g[i]! > 0) set.add(`${Math.floor(i / w)},${i % w}`);
      out.push(set);
    }
    return out;
  }

  const fieldSet = (rects: PixelRect[]) => {
    const s = new Set<string>();
    for (const r of rects)
      for (let y = r.y0; y <= r.y1; y++) for (let x = r.x0; x <= r.x1; x++) s.add(`${y},${x}`);
    return s;
  };

  function casesFor(poolOp: 'avgpool' | 'maxpool') {
    const a = analyse(tinyInceptionSpec(poolOp));
    const cases: { node: string; y: number; x: number; c: number }[] = [];
    for (const n of a.nodes) {
      if (n.kind === 'input' || n.outShape.length !== 3) continue;
      const [h, w, c] = n.outShape as [number, number, number];
      for (const [y, x] of [
        [0, 0],
        [h - 1, w - 1],
        [h >> 1, w >> 1],
        [1, w - 2],
      ] as const) {
        for (let ch = 0; ch < c; ch += 2) cases.push({ node: n.id, y, x, c: ch });
      }
    }
    const expected = cases.map((k) => {
      const f = receptivePaths(a, k.node, k.y, k.x, k.c);
      return fieldSet(f.paths.filter((p) => p.carriesChannel).flatMap((p) => p.rects));
    });
    return { cases, expected };
  }

  test('average pools: the support is exactly the union of the paths that carry the unit’s channel', () => {
    const { cases, expected } = casesFor('avgpool');
    const got = gradientSupport('avgpool', cases);
    expect(cases.length).toBeGreaterThan(100);
    cases.forEach((k, i) => {
      const label = `${k.node} (${k.y}, ${k.x}) c${k.c}`;
      expect([...got[i]!].sort(), label).toEqual([...expected[i]!].sort());
    });
  });

  test('max pools route one input per window: the support lies inside the field', () => {
    const { cases, expected } = casesFor('maxpool');
    const got = gradientSupport('maxpool', cases);
    cases.forEach((k, i) => {
      const outside = [...got[i]!].filter((p) => !expected[i]!.has(p));
      expect(outside, `${k.node} (${k.y}, ${k.x}) c${k.c}`).toEqual([]);
      expect(got[i]!.size).toBeGreaterThan(0);
    });
  });
});
