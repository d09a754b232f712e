/**
 * The Fourier parameterisation in plain JS: irfft2 equals numpy's irfftn(norm='ortho') (odd, even and
 * power-of-two sizes, so both FFT paths), the round trip rfft2 → irfft2 returns the image, and every
 * hand-written backward pass (inverse FFT, colour decorrelation + sigmoid, the transform warp, the
 * diversity term) equals the gradient by central differences.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Rng } from '../../../src-main/engine/data/rng.js';
import { halfWidth, irfft2, irfft2Adjoint, rfft2 } from '../../../src-main/engine/featvis/fft.js';
import { gramSimilarity } from '../../../src-main/engine/featvis/diversity.js';
import { FourierParam, spectrumFrequencies } from '../../../src-main/engine/featvis/param.js';
import {
  applyWarp,
  drawWarp,
  NO_TRANSFORMS,
  STANDARD_TRANSFORMS,
  warpAdjoint,
} from '../../../src-main/engine/featvis/transforms.js';
import { refPython, runPython } from '../../support/python.js';

const SIZES: [number, number][] = [
  [7, 5],
  [6, 9],
  [8, 16],
  [13, 12],
];
const rand = (n: number, seed: number) => {
  const r = new Rng(seed);
  return Float64Array.from({ length: n }, () => r.normal());
};
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('real 2-D FFT', () => {
  test('irfft2 equals numpy.fft.irfftn(norm="ortho") and rfft2 equals rfftn', () => {
    const cases = SIZES.map(([h, w], i) => ({ h, w, spec: Array.from(rand(h * halfWidth(w) * 2, i + 1)) }));
    const out = runPython(
      refPython(),
      `
import sys, json, numpy as np
cases = json.loads(open(sys.argv[1]).read())
res = []
for c in cases:
    h, w = c['h'], c['w']
    s = np.array(c['spec']).reshape(h, w // 2 + 1, 2)
    img = np.fft.irfftn(s[..., 0] + 1j * s[..., 1], s=(h, w), norm='ortho')
    back = np.fft.rfftn(img, norm='ortho')
    res.append({'img': img.ravel().tolist(), 'back': np.stack([back.real, back.imag], -1).ravel().tolist()})
print(json.dumps(res))
`,
      [writeJson(cases)],
    );
    const ref = JSON.parse(out) as { img: number[]; back: number[] }[];
    cases.forEach((c, i) => {
      const img = irfft2(Float64Array.from(c.spec), c.h, c.w);
      expect(maxAbs(img.map((v, j) => v - ref[i]!.img[j]!)), `${c.h}×${c.w}`).toBeLessThan(1e-10);
      const back = rfft2(img, c.h, c.w);
      expect(maxAbs(back.map((v, j) => v - ref[i]!.back[j]!))).toBeLessThan(1e-10);
    });
  });

  test.each(SIZES)('round trip %i×%i: irfft2(rfft2(x)) = x', (h, w) => {
    const x = rand(h * w, 7);
    const y = irfft2(rfft2(x, h, w), h, w);
    expect(maxAbs(y.map((v, i) => v - x[i]!))).toBeLessThan(1e-12);
  });

  test.each(SIZES)(
    'adjoint %i×%i: ⟨irfft2(s), g⟩ = ⟨s, irfft2ᵀ(g)⟩ and equals finite differences',
    (h, w) => {
      const s = rand(h * halfWidth(w) * 2, 3);
      const g = rand(h * w, 4);
      const adj = irfft2Adjoint(g, h, w);
      expect(dot(irfft2(s, h, w), g)).toBeCloseTo(dot(s, adj), 10);
      // Each spectrum entry by central differences of ⟨irfft2(s), g⟩ (linear, so exact up to rounding).
      for (let k = 0; k < s.length; k++) {
        const e = 1e-3;
        const p = s.slice();
        p[k] = p[k]! + e;
        const m = s.slice();
        m[k] = m[k]! - e;
        const num = (dot(irfft2(p, h, w), g) - dot(irfft2(m, h, w), g)) / (2 * e);
        expect(Math.abs(num - adj[k]!), `bin ${k}`).toBeLessThan(1e-8);
      }
    },
  );

  test('Lucid’s frequencies: |fftfreq| of each half-spectrum bin', () => {
    const f = spectrumFrequencies(4, 5);
    // fftfreq(4) = [0, .25, −.5, −.25]; fftfreq(5)[:3] = [0, .2, .4]
    expect(Array.from(f).map((v) => +v.toFixed(6))).toEqual(
      [
        0,
        0.2,
        0.4,
        0.25,
        Math.hypot(0.25, 0.2),
        Math.hypot(0.25, 0.4),
        0.5,
        Math.hypot(0.5, 0.2),
        Math.hypot(0.5, 0.4),
        0.25,
        Math.hypot(0.25, 0.2),
        Math.hypot(0.25, 0.4),
      ].map((v) => +v.toFixed(6)),
    );
  });
});

describe('whole parameterisation and transforms', () => {
  test('FourierParam.backward is the gradient of ⟨rgb, g⟩ by central differences', () => {
    const p = new FourierParam(2, 9, 8, 5, { sd: 0.5 });
    const g = Float32Array.from(rand(2 * 9 * 8 * 3, 9));
    const f = () => dot(p.render().rgb, g);
    const { rgb } = p.render();
    const grad = p.backward(rgb, g);
    const r = new Rng(1);
    for (let t = 0; t < 40; t++) {
      const k = r.int(p.params.length);
      const keep = p.params[k]!;
      const e = 1e-2;
      p.params[k] = keep + e;
      const a = f();
      p.params[k] = keep - e;
      const b = f();
      p.params[k] = keep;
      const num = (a - b) / (2 * e);
      expect(Math.abs(num - grad[k]!), `param ${k}: ${num} vs ${grad[k]}`).toBeLessThan(
        2e-3 * Math.max(1, Math.abs(num)),
      );
    }
  });

  test('the warp is the identity without transforms, and its adjoint matches ⟨warp(x), g⟩', () => {
    const n = 10;
    const x = Float32Array.from(rand(n * n * 3 * 2, 2));
    const id = drawWarp(n, NO_TRANSFORMS, new Rng(1));
    expect(Array.from(applyWarp(id, x, 2))).toEqual(Array.from(x));
    const w = drawWarp(n, STANDARD_TRANSFORMS, new Rng(3));
    const g = Float32Array.from(rand(n * n * 3 * 2, 5));
    // warp(x) = A x + c (the grey fill): ⟨A x, g⟩ = ⟨x, Aᵀ g⟩.
    const c = applyWarp(w, new Float32Array(x.length), 2);
    const ax = applyWarp(w, x, 2).map((v, i) => v - c[i]!);
    expect(dot(ax, g)).toBeCloseTo(dot(x, warpAdjoint(w, g, 2)), 3);
  });

  test('diversity: gradient of the Gram cosine similarity by central differences', () => {
    const batch = 3;
    const pos = 4;
    const ch = 5;
    const a = Float32Array.from(rand(batch * pos * ch, 11).map(Math.abs));
    const { value, grad } = gramSimilarity(a, batch, ch);
    expect(value).toBeGreaterThan(0);
    for (let k = 0; k < a.length; k += 3) {
      const e = 1e-3;
      const keep = a[k]!;
      a[k] = keep + e;
      const up = gramSimilarity(a, batch, ch).value;
      a[k] = keep - e;
      const down = gramSimilarity(a, batch, ch).value;
      a[k] = keep;
      expect(Math.abs((up - down) / (2 * e) - grad[k]!)).toBeLessThan(2e-3);
    }
    // Identical items are as similar as can be: each pair's cosine is 1, so B(B − 1)/B.
    const same = new Float32Array(batch * pos * ch);
    for (let b = 0; b < batch; b++) same.set(a.subarray(0, pos * ch), b * pos * ch);
    expect(gramSimilarity(same, batch, ch).value).toBeCloseTo(batch - 1, 5);
  });
});

function writeJson(v: unknown): string {
  const p = join(mkdtempSync(join(tmpdir(), 'featvis-')), 'cases.json');
  writeFileSync(p, JSON.stringify(v));
  return p;
}
