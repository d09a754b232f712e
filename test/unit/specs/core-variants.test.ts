import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import type { ConvLayer, DenseLayer, FlavourId, NetworkId } from '../../../src-main/shared/spec.js';
import { allPositive, group, node } from './helpers.js';

const NETS: [NetworkId, FlavourId][] = [
  ['googlenet', 'paper'],
  ['googlenet', 'torchvision'],
  ['inception_v2', 'paper'],
  ['inception_v3', 'released'],
  ['inception_v3', 'torchvision'],
  ['bn_inception', 'paper'],
];
const VARIANTS = [
  { width: 0.25 },
  { input: 75 },
  { input: 32 },
  { width: 0.125, input: 32, classes: 10 },
  { width: 0.25, input: 75, classes: 100 },
];

describe.each(NETS)('%s %s reduced variants', (id, flavour) => {
  it.each(VARIANTS)('%o builds with valid shapes', (v) => {
    const a = analyse(buildNetwork(id, { flavour, ...v }));
    expect(a.output).toEqual([v.classes ?? 1000]);
    expect(a.spec.variant).toEqual({
      input: [v.input ?? a.spec.variant.input[0], v.input ?? a.spec.variant.input[0], 3],
      classes: v.classes ?? 1000,
      width: v.width ?? 1,
    });
    for (const n of a.nodes) expect([n.id, allPositive(n.outShape)]).toEqual([n.id, true]);
    for (const h of a.spec.aux) expect(group(a, h.name).outShape).toEqual([v.classes ?? 1000]);
    if (v.input === 32) {
      // The stem is adapted for 32×32, and says so.
      expect(a.spec.choices.map((c) => c.topic)).toContain('small input');
      // The last module before the head still has a real grid rather than a vanished one.
      const trunk = a.spec.stages.at(-2)!.modules.at(-1)!;
      expect(group(a, trunk.name).outShape[0]).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('width multiplier', () => {
  const full = analyse(buildNetwork('googlenet'));
  const quarter = analyse(buildNetwork('googlenet', { width: 0.25 }));

  it('scales every conv and hidden dense layer, rounding, but not the classifier', () => {
    const f = (a: typeof full, id: string) => (node(a, id).layer as ConvLayer).filters;
    expect(f(quarter, 'conv1')).toBe(16);
    expect(f(quarter, 'inception3a/branch3/5x5_reduce')).toBe(4); // 16 · 0.25
    expect(f(quarter, 'inception4b/branch3/5x5_reduce')).toBe(6); // 24 · 0.25
    expect((node(quarter, 'aux1/fc1').layer as DenseLayer).units).toBe(256);
    expect((node(quarter, 'fc').layer as DenseLayer).units).toBe(1000);
    expect(group(quarter, 'inception3a').outShape).toEqual([28, 28, 64]);
  });

  it('never goes below one filter', () => {
    const tiny = analyse(buildNetwork('googlenet', { width: 0.01 }));
    expect((node(tiny, 'inception3a/branch3/5x5_reduce').layer as ConvLayer).filters).toBe(1);
  });

  it('keeps the full-size network exact at width 1', () => {
    expect(analyse(buildNetwork('googlenet', { width: 1 })).totals).toEqual(full.totals);
  });
});

describe('registry', () => {
  it('rejects unknown flavours and bad knobs with a clear message', () => {
    expect(() => buildNetwork('googlenet', { flavour: 'released' })).toThrow(
      /googlenet has no flavour 'released'/,
    );
    expect(() => buildNetwork('inception_v3', { input: -3 })).toThrow(/input size/);
    expect(() => buildNetwork('inception_v3', { width: 0 })).toThrow(/width/);
    expect(() => buildNetwork('inception_v3', { classes: 0 })).toThrow(/class count/);
  });
});
