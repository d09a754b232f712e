/**
 * Figures from real specs. The inputs come from the engine's analysis; the expectations come from
 * the papers (GoogLeNet Table 1 row "inception (3a)", Rethinking Table 1), written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { analyse } from '../../../../src-main/analysis/analyse';
import { buildNetwork } from '../../../../src-main/zoo/index';
import { galleryEntries } from './gallery';
import { gridReductionAlternatives, INPUT_ID, isNaiveable, moduleFigure } from './figure-model';

const googlenet = analyse(buildNetwork('googlenet', { flavour: 'paper' }));
const v2 = analyse(buildNetwork('inception_v2', { flavour: 'paper' }));
const labels = (f: ReturnType<typeof moduleFigure>) => f!.graph.nodes.map((n) => n.label).sort();

describe('module figures', () => {
  it('draws inception (3a) as Figure 2(b): #1×1 64, reduce 96 → 3×3 128, reduce 16 → 5×5 32, pool → proj 32', () => {
    const f = moduleFigure(googlenet, 'inception3a')!;
    expect(labels(f)).toEqual(
      [
        '1×1 conv, 16',
        '1×1 conv, 32',
        '1×1 conv, 64',
        '1×1 conv, 96',
        '3×3 conv, 128',
        '3×3 max pool',
        '5×5 conv, 32',
        'Filter concat',
        'Previous layer',
      ].sort(),
    );
    // Previous layer 28×28×192 (Table 1, max pool before 3a) fans out to the four branches.
    const fanOut = f.graph.edges.filter((e) => e.source === INPUT_ID);
    expect(fanOut).toHaveLength(4);
    expect(fanOut.every((e) => e.label === '28×28×192')).toBe(true);
    expect(f.caption).toMatch(/Figure 2\(b\)/);
  });

  it('draws the aux head that inception (4a) feeds, dashed, with its loss weight (GoogLeNet §5: 0.3)', () => {
    const f = moduleFigure(googlenet, 'inception4a')!;
    const head = f.graph.nodes.find((n) => n.id === 'fig:aux:aux1')!;
    expect([head.aux, head.sub]).toEqual([true, 'training only · loss weight 0.3']);
    expect(f.graph.edges.find((e) => e.target === head.id)!.aux).toBe(true);
    expect(moduleFigure(googlenet, 'inception4b')!.graph.nodes.some((n) => n.aux)).toBe(false);
  });

  it('derives the naive Figure 2(a) by dropping the three reductions and the pool projection', () => {
    expect(isNaiveable(googlenet, 'inception3a')).toBe(true);
    const f = moduleFigure(googlenet, 'inception3a', { naive: true })!;
    expect(labels(f)).toEqual(
      [
        '1×1 conv, 64',
        '3×3 conv, 128',
        '3×3 max pool',
        '5×5 conv, 32',
        'Filter concat',
        'Previous layer',
      ].sort(),
    );
    // every branch now starts at the previous layer and ends at the concat
    expect(f.graph.edges.filter((e) => e.source === INPUT_ID)).toHaveLength(4);
    expect(f.graph.edges.every((e) => e.label === '')).toBe(true);
    expect(f.notes.join(' ')).toMatch(/not a module of any network/);
  });

  it('derives Figure 9 from the 35→17 grid reduction of Inception-v2: 35×35×288 → 17×17×768', () => {
    const f = gridReductionAlternatives(v2, 'Mixed_6a')!;
    const e = Object.fromEntries(f.graph.edges.map((x) => [x.id, x.label]));
    expect(e['L:pool->L:inc']).toBe('17×17×288');
    expect(e['R:inc->R:pool']).toBe('35×35×768');
    expect(f.graph.nodes.find((n) => n.id === 'L:inc')!.outShape).toEqual([17, 17, 768]);
  });

  it('lists the gallery in paper order with the derived figures beside their sources', () => {
    const g = galleryEntries([googlenet, v2]);
    const first = g.slice(0, 2).map((x) => [x.module, x.variant]);
    expect(first).toEqual([
      ['inception3a', 'naive'],
      ['inception3a', 'module'],
    ]);
    expect(g.filter((x) => x.variant === 'fig9')).toHaveLength(1);
    expect(g.some((x) => x.module === 'aux1')).toBe(true);
    // one entry per distinct module figure: GoogLeNet's nine inception modules share one
    expect(
      g.filter((x) => x.network === 'googlenet' && x.variant === 'module' && x.title.startsWith('inception')),
    ).toHaveLength(1);
  });
});
