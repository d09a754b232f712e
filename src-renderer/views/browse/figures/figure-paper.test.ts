/**
 * Figures at paper grade, from real specs. Expectations are the Inception-v4 paper's printed boxes
 * (arXiv:1602.07261): Figure 6 (Inception-C: the 1×3/3×1 splits go straight into the one Filter
 * concat), Figure 7 (Reduction-A), Figure 11 ("1x1 Conv (896 Linear)"), Figure 17 ("1x1 Conv (1154
 * Linear)", where Reduction-A's output is 384 + 384 + 384 = 1152), written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../../src-main/analysis/analyse';
import { buildNetwork } from '../../../../src-main/zoo/index';
import { galleryEntries } from './gallery';
import { moduleFigure } from './figure-model';

const v4 = analyse(buildNetwork('inception_v4', { flavour: 'paper' }));
const ir1 = analyse(buildNetwork('inception_resnet_v1', { flavour: 'paper' }));
const ir2 = analyse(buildNetwork('inception_resnet_v2', { flavour: 'paper' }));
const v3 = analyse(buildNetwork('inception_v3', { flavour: 'released' }));

describe('paper-grade figures', () => {
  it('draws one Filter concat in Inception-C and Rethinking Figure 7 (the splits feed it directly)', () => {
    for (const [a, id] of [
      [v4, 'Mixed_7b'],
      [v3, 'Mixed_7b'],
    ] as const) {
      const f = moduleFigure(a, id)!;
      const concats = f.graph.nodes.filter((n) => f.ops.get(n.id) === 'concat');
      expect(concats).toHaveLength(1);
      // 1 + 2 + 2 + 1 branch ends (Figure 6 / Rethinking Figure 7) meet the concat.
      expect(f.graph.edges.filter((e) => e.target === concats[0].id)).toHaveLength(6);
    }
  });

  it('words Reduction-A (Figure 7) as the paper does, k, l, m, n = 192, 224, 256, 384', () => {
    const labels = moduleFigure(v4, 'Mixed_6a')!
      .graph.nodes.map((n) => n.label)
      .sort();
    expect(labels).toEqual(
      [
        'Previous layer',
        '3×3 MaxPool (stride 2 V)',
        '3×3 Conv (384 stride 2 V)',
        '1×1 Conv (192)',
        '3×3 Conv (224)',
        '3×3 Conv (256 stride 2 V)',
        'Filter concat',
      ].sort(),
    );
  });

  it('prints Figure 11\'s "1×1 Conv (896 Linear)" with no misprint mark, and its Relu activation box', () => {
    const f = moduleFigure(ir1, 'block17_1')!;
    const lin = f.graph.nodes.find((n) => f.ops.get(n.id) === 'linear')!;
    expect(lin.label).toBe('1×1 Conv (896 Linear)');
    expect(lin.sub).toBeUndefined();
    expect(f.misprints.size).toBe(0);
    expect(f.graph.nodes.filter((n) => f.ops.get(n.id) === 'relu').map((n) => n.label)).toEqual([
      'Relu activation',
    ]);
    expect(f.graph.nodes.filter((n) => f.ops.get(n.id) === 'add').map((n) => n.label)).toEqual([
      '+ (scale 0.1)',
    ]);
  });

  it("marks Figure 17's printed 1154 as a misprint of the 1152 the network uses", () => {
    const f = moduleFigure(ir2, 'block17_1')!;
    const lin = f.graph.nodes.find((n) => f.ops.get(n.id) === 'linear')!;
    expect(lin.label).toBe('1×1 Conv (1152 Linear)');
    expect(lin.sub).toBe('printed: 1154 ✱');
    expect(f.misprints.get(lin.id)).toBe(1154);
    expect(f.notes.join(' ')).toMatch(/Figure 17 prints 1154 .*misprint.*1152/);
  });

  it('says a released form differs from the figure, without calling it a misprint', () => {
    // The released IR-v2's Block35 input is mixed_5b's 96 + 64 + 96 + 64 = 320 channels; Figure 16 prints 384.
    const released = analyse(buildNetwork('inception_resnet_v2', { flavour: 'released' }));
    const f = moduleFigure(released, 'block35_1')!;
    expect(f.notes.join(' ')).toMatch(/Figure 16 prints 384 here; this released network uses 320/);
    expect(f.notes.join(' ')).not.toMatch(/misprint/);
  });

  it('colours every box by its operation', () => {
    const f = moduleFigure(ir2, 'block35_1')!;
    const ops = new Set(f.ops.values());
    expect([...ops].sort()).toEqual(['add', 'concat', 'conv', 'input', 'linear', 'relu']);
    expect(f.graph.nodes.every((n) => f.ops.has(n.id))).toBe(true);
  });

  it('lists each printed figure once per network (Inception-ResNet-C once, not for its linear last block too)', () => {
    const titles = galleryEntries([ir2, ir2]).map((e) => `${e.title} | ${e.ref}`);
    expect(titles.filter((t) => t.includes('Figure 19'))).toHaveLength(1);
    expect(new Set(titles).size).toBe(titles.length);
  });
});
