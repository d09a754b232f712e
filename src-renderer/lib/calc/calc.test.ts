// Every expectation below was computed by hand (worked in the comments), never by running the code.
import { describe, expect, it } from 'vitest';
import {
  activationGrowth,
  asymmetricFactorisation,
  convMacs,
  crossEntropy,
  factorisedMacs,
  gridReduction,
  inPaperRange,
  naiveModule,
  reducedModule,
  reductionA,
  reductionCost,
  smoothedTargets,
  softmax,
  symmetricFactorisation,
  totalLoss,
  twoByTwoFactorisation,
  weightedDepth,
  wideningCost,
} from './index.js';
import { compact, grouped, percent, scientific } from '../format.js';

describe('conv cost', () => {
  it('counts kh·kw·cin·cout per output position', () => {
    // 3×3, 2 → 4 channels, 5×5 output: 9·2·4 = 72 weights, ·25 = 1800
    expect(convMacs({ h: 5, w: 5, cin: 2, cout: 4, kh: 3, kw: 3 })).toBe(1800);
  });
});

describe('1×1 reduction before a k×k conv (lesson 2)', () => {
  it('reproduces inception (3a)’s 5×5 branch: 28×28, 192 → 16 → 32', () => {
    const r = reductionCost({ size: 28, cin: 192, reduce: 16, cout: 32, k: 5 });
    // direct: 25·192·32 = 153,600 weights; ·784 = 120,422,400 MACs
    expect(r.direct).toEqual({ weights: 153_600, macs: 120_422_400 });
    // reduced: 192·16 = 3,072 + 25·16·32 = 12,800 → 15,872 weights; ·784 = 12,443,648
    expect(r.reduced.weights).toBe(15_872);
    expect(r.reduced.macs).toBe(12_443_648);
    // 1 − 15,872/153,600 = 0.896666…
    expect(r.saving).toBeCloseTo(0.8966667, 6);
  });
  it('works for inception (4a): 14×14, 480 → 16 → 48', () => {
    const r = reductionCost({ size: 14, cin: 480, reduce: 16, cout: 48, k: 5 });
    // 25·480·48 = 576,000; ·196 = 112,896,000
    expect(r.direct.macs).toBe(112_896_000);
    // 480·16 = 7,680 + 25·16·48 = 19,200 → 26,880; ·196 = 5,268,480
    expect(r.reduced.macs).toBe(5_268_480);
  });
  it('works for a 3×3 on a tiny grid', () => {
    const r = reductionCost({ size: 10, cin: 8, reduce: 4, cout: 2, k: 3 });
    // direct 9·8·2 = 144 → 14,400; reduced 32 + 72 = 104 → 10,400
    expect(r.direct.macs).toBe(14_400);
    expect(r.reduced.macs).toBe(10_400);
  });
});

describe('Inception module naive vs reduced (lesson 3)', () => {
  const i3a = { size: 28, cin: 192, n1x1: 64, r3: 96, n3: 128, r5: 16, n5: 32, poolProj: 32 };
  it('naive 3a', () => {
    // 192·64 = 12,288; 9·192·128 = 221,184; 25·192·32 = 153,600 → 387,072; ·784 = 303,464,448
    expect(naiveModule(i3a)).toEqual({ weights: 387_072, biases: 224, macs: 303_464_448, outDepth: 416 });
  });
  it('reduced 3a (docs/papers.md#p1: 163,328 weights, 128M ops)', () => {
    // 12,288 + 18,432 + 110,592 + 3,072 + 12,800 + 6,144 = 163,328; ·784 = 128,049,152
    expect(reducedModule(i3a)).toEqual({ weights: 163_328, biases: 368, macs: 128_049_152, outDepth: 256 });
  });
  it('reduced 5b', () => {
    const i5b = { size: 7, cin: 832, n1x1: 384, r3: 192, n3: 384, r5: 48, n5: 128, poolProj: 128 };
    // 319,488 + 159,744 + 663,552 + 39,936 + 153,600 + 106,496 = 1,442,816; ·49 = 70,697,984
    const r = reducedModule(i5b);
    expect(r.weights).toBe(1_442_816);
    expect(r.macs).toBe(70_697_984);
    expect(r.outDepth).toBe(1024);
  });
  it('reduced 4c (≈498K with K = 1024)', () => {
    const i4c = { size: 14, cin: 512, n1x1: 128, r3: 128, n3: 256, r5: 24, n5: 64, poolProj: 64 };
    // 65,536 + 65,536 + 294,912 + 12,288 + 38,400 + 32,768 = 509,440 = 497.5·1024
    expect(reducedModule(i4c).weights).toBe(509_440);
  });
});

describe('factorisation (lessons 7 and 8)', () => {
  it('5×5 into two 3×3: 25 against 18, 28%', () => {
    const f = symmetricFactorisation(5);
    expect([f.before, f.after]).toEqual([25, 18]);
    expect(f.saving).toBeCloseTo(0.28, 10);
  });
  it('7×7 into three 3×3: 49 against 27', () => {
    const f = symmetricFactorisation(7);
    expect([f.before, f.after]).toEqual([49, 27]);
    expect(f.saving).toBeCloseTo(22 / 49, 10);
  });
  it('rejects even kernels', () => {
    expect(() => symmetricFactorisation(4)).toThrow(RangeError);
  });
  it('3×3 into 1×3 + 3×1: 9 against 6, 33%', () => {
    const f = asymmetricFactorisation(3);
    expect([f.before, f.after]).toEqual([9, 6]);
    expect(f.saving).toBeCloseTo(1 / 3, 10);
  });
  it('7×7 into 1×7 + 7×1: 49 against 14, 71%; 5×5: 60%', () => {
    expect(asymmetricFactorisation(7).saving).toBeCloseTo(35 / 49, 10);
    expect(asymmetricFactorisation(5).saving).toBeCloseTo(0.6, 10);
  });
  it('3×3 into two 2×2: 9 against 8, 11%', () => {
    const f = twoByTwoFactorisation();
    expect([f.before, f.after]).toEqual([9, 8]);
    expect(f.saving).toBeCloseTo(1 / 9, 10);
  });
  it('MACs on a grid', () => {
    // 35²·64² = 1,225·4,096 = 5,017,600 per tap; ·25 = 125,440,000; ·18 = 90,316,800
    expect(factorisedMacs(symmetricFactorisation(5), 35, 64)).toEqual({
      before: 125_440_000,
      after: 90_316_800,
    });
  });
});

describe('grid reduction (lesson 9)', () => {
  it('d = 35, k = 320', () => {
    const g = gridReduction({ d: 35, k: 320 });
    // 2·35²·320² = 2·1,225·102,400 = 250,880,000; 2·17.5²·320² = 2·306.25·102,400 = 62,720,000
    expect(g.convThenPool).toBe(250_880_000);
    expect(g.poolThenConv).toBe(62_720_000);
    expect(g.ratio).toBe(4);
    expect(g.parallel).toBe(31_360_000);
    // 1,225·320 = 392,000; 306.25·320 = 98,000; ·2 = 196,000
    expect([g.input, g.bottleneck, g.target]).toEqual([392_000, 98_000, 196_000]);
  });
  it('d = 16, k = 10', () => {
    const g = gridReduction({ d: 16, k: 10 });
    // 2·256·100 = 51,200; 2·64·100 = 12,800; 64·100 = 6,400
    expect([g.convThenPool, g.poolThenConv, g.parallel]).toEqual([51_200, 12_800, 6_400]);
    expect([g.input, g.bottleneck, g.target]).toEqual([2_560, 640, 1_280]);
  });
});

describe('label smoothing (lesson 10)', () => {
  it('K = 1000, ε = 0.1: 0.9001 for the true class, 0.0001 elsewhere', () => {
    const q = smoothedTargets(1000, 3, 0.1);
    expect(q[3]).toBeCloseTo(0.9001, 12);
    expect(q[0]).toBeCloseTo(0.0001, 12);
    expect(q.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
  it('K = 5, ε = 0.2: 0.84 and 0.04', () => {
    const q = smoothedTargets(5, 0, 0.2);
    expect(q[0]).toBeCloseTo(0.84, 12);
    expect(q.slice(1).every((x) => Math.abs(x - 0.04) < 1e-12)).toBe(true);
  });
  it('ε = 0 is one-hot', () => {
    expect(smoothedTargets(3, 1, 0)).toEqual([0, 1, 0]);
  });
  it('rejects a class outside the range', () => {
    expect(() => smoothedTargets(3, 3, 0.1)).toThrow(RangeError);
  });
  it('cross-entropy and softmax', () => {
    expect(crossEntropy([0, 1], [0.5, 0.5])).toBeCloseTo(Math.LN2, 12);
    const p = softmax([0, Math.log(3)]);
    expect(p[0]).toBeCloseTo(0.25, 12);
    expect(p[1]).toBeCloseTo(0.75, 12);
  });
});

describe('Reduction-A (lesson 11)', () => {
  it('Inception-v4: k, l, m, n = 192, 224, 256, 384 on 35×35×384', () => {
    const r = reductionA({ cin: 384, size: 35, k: 192, l: 224, m: 256, n: 384 });
    expect(r.outSize).toBe(17);
    expect(r.outDepth).toBe(1024);
    // 9·384·384 = 1,327,104; 384·192 = 73,728; 9·192·224 = 387,072; 9·224·256 = 516,096
    expect(r.weights).toBe(2_304_000);
    // (73,728 + 387,072)·1,225 + (1,327,104 + 516,096)·289 = 564,480,000 + 532,684,800
    expect(r.macs).toBe(1_097_164_800);
  });
  it('output depths of IR-v1 and IR-v2', () => {
    expect(reductionA({ cin: 256, size: 35, k: 192, l: 192, m: 256, n: 384 }).outDepth).toBe(896);
    expect(reductionA({ cin: 384, size: 35, k: 256, l: 256, m: 384, n: 384 }).outDepth).toBe(1152);
  });
  it('a tiny one: 9×9×4, k, l, m, n = 1, 2, 3, 5', () => {
    // out ⌊(9−3)/2⌋+1 = 4; weights 180 + 4 + 18 + 54 = 256; MACs 22·81 + 234·16 = 1,782 + 3,744
    expect(reductionA({ cin: 4, size: 9, k: 1, l: 2, m: 3, n: 5 })).toEqual({
      outSize: 4,
      outDepth: 12,
      weights: 256,
      macs: 5_526,
    });
  });
});

describe('residual scaling toy model (lesson 12)', () => {
  it('scale 0.5, gain 2: variance doubles per block', () => {
    const g = activationGrowth(0.5, 2, 2);
    expect(g[0]).toBe(1);
    expect(g[1]).toBeCloseTo(Math.SQRT2, 12);
    expect(g[2]).toBeCloseTo(2, 12);
  });
  it('scale 0 keeps the identity', () => {
    expect(activationGrowth(0, 5, 3)).toEqual([1, 1, 1, 1]);
  });
  it('the paper’s range', () => {
    expect(inPaperRange([0.17, 0.1, 0.2])).toBe(true);
    expect(inPaperRange([0.05])).toBe(false);
    expect(inPaperRange([0.17, 1])).toBe(false);
  });
});

describe('small lessons', () => {
  it('aux loss: 2 + 0.3·(1 + 3) = 3.2', () => {
    expect(totalLoss(2, [1, 3], 0.3)).toBeCloseTo(3.2, 12);
  });
  it('widening two chained convs by c costs c²', () => {
    expect(wideningCost(2)).toBe(4);
    expect(wideningCost(1.5)).toBe(2.25);
  });
  it('weighted depth is the longest path of weighted nodes', () => {
    // a(conv) → b(conv) → d(concat); a → c(pool) → d; d → e(dense): a, b, e = 3
    const nodes = [
      { id: 'a', inputs: [], weighted: true },
      { id: 'b', inputs: ['a'], weighted: true },
      { id: 'c', inputs: ['a'], weighted: false },
      { id: 'd', inputs: ['b', 'c'], weighted: false },
      { id: 'e', inputs: ['d'], weighted: true },
    ];
    expect(weightedDepth(nodes)).toBe(3);
  });
});

describe('formats', () => {
  it('compact, percent, grouped, scientific', () => {
    expect(compact(163_328)).toBe('163.3K');
    expect(compact(1_582_671_872)).toBe('1.58G');
    expect(compact(250_880_000)).toBe('250.9M');
    expect(compact(42)).toBe('42');
    expect(percent(0.28)).toBe('28%');
    expect(percent(1 / 3)).toBe('33%');
    expect(percent(35 / 49, 1)).toBe('71.4%');
    expect(grouped(163_328)).toBe('163,328');
    expect(grouped(-1_234_567.5)).toBe('-1,234,567.5');
    expect(scientific(250_880_000)).toBe('2.51·10⁸');
    expect(scientific(62_720_000)).toBe('6.27·10⁷');
  });
});

describe('learning-rate schedule (lesson 10)', () => {
  it('0.045 decayed by 0.94 every two epochs', async () => {
    const { stepDecayRate } = await import('./schedule.js');
    expect(stepDecayRate(0)).toBeCloseTo(0.045, 12);
    expect(stepDecayRate(1)).toBeCloseTo(0.045, 12);
    // 0.045·0.94 = 0.0423; 0.045·0.94² = 0.045·0.8836 = 0.039762
    expect(stepDecayRate(2)).toBeCloseTo(0.0423, 12);
    expect(stepDecayRate(5)).toBeCloseTo(0.039762, 12);
    // another schedule: 1·0.5^⌊7/3⌋ = 0.25
    expect(stepDecayRate(7, 1, 0.5, 3)).toBeCloseTo(0.25, 12);
  });
});
