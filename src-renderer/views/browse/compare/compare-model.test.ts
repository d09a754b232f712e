import { describe, expect, it } from 'vitest';
import { analyse } from '../../../../src-main/analysis/analyse';
import { buildNetwork } from '../../../../src-main/zoo/index';
import {
  alignStages,
  counterpart,
  moduleDiff,
  moduleInfos,
  ratio,
  roleCounts,
  roleLabel,
  stageSummaries,
  type StageSummary,
} from './compare-model';

const googlenet = analyse(buildNetwork('googlenet', { flavour: 'paper' }));
const v3 = analyse(buildNetwork('inception_v3', { flavour: 'released' }));
const v4 = analyse(buildNetwork('inception_v4', { flavour: 'paper' }));
const ir2 = analyse(buildNetwork('inception_resnet_v2', { flavour: 'paper' }));

const s = (name: string, out: number[]): StageSummary => ({
  name,
  modules: 1,
  inShape: [],
  outShape: out,
  params: 0,
  macs: 0,
});

describe('compare', () => {
  it('aligns stages by output grid, leaving unmatched stages on their own rows', () => {
    // v3-like: stem 35, grid35 35, grid17 17, grid8 8, head vector
    const a = [
      s('stem', [35, 35, 192]),
      s('grid35', [35, 35, 288]),
      s('grid17', [17, 17, 768]),
      s('grid8', [8, 8, 2048]),
      s('head', [1000]),
    ];
    // IR-v2-like: stem 35, A 35, red-A 17, B 17, red-B 8, C 8, head
    const b = [
      s('stem', [35, 35, 320]),
      s('a', [35, 35, 320]),
      s('ra', [17, 17, 1088]),
      s('b', [17, 17, 1088]),
      s('rb', [8, 8, 2080]),
      s('c', [8, 8, 1536]),
      s('head', [1000]),
    ];
    const rows = alignStages(a, b).map((r) => [r.a?.name ?? '-', r.b?.name ?? '-']);
    expect(rows).toEqual([
      ['stem', 'stem'],
      ['grid35', 'a'],
      ['grid17', 'ra + b'],
      ['grid8', 'rb + c'],
      ['head', 'head'],
    ]);
  });
  it('sums merged stages', () => {
    const p = (name: string, out: number[], params: number, macs: number): StageSummary => ({
      name,
      modules: 1,
      inShape: [],
      outShape: out,
      params,
      macs,
    });
    const rows = alignStages(
      [p('stem', [35, 35, 1], 1, 10), p('x', [17, 17, 1], 2, 20)],
      [p('stem', [35, 35, 1], 1, 10), p('r', [17, 17, 1], 3, 30), p('y', [17, 17, 1], 4, 40)],
    );
    expect(rows[1].b).toEqual({
      name: 'r + y',
      modules: 2,
      inShape: [],
      outShape: [17, 17, 1],
      params: 7,
      macs: 70,
    });
  });
  it("puts GoogLeNet's 28×28 modules in the 35×35 row and its pool reductions with the smaller grid", () => {
    // GoogLeNet Table 1: inception (3a), (3b) at 28×28; max pool → (4a)–(4e) at 14×14; max pool → (5a), (5b)
    // at 7×7. Rethinking Table 1: 3 × Figure 5 at 35×35, Figure 10 reduction + 4 × Figure 6 at 17×17 …
    const rows = alignStages(stageSummaries(googlenet, 'pytorch'), stageSummaries(v3, 'pytorch'));
    expect(rows.map((r) => [r.a?.ids, r.b?.ids])).toEqual([
      [['stem'], ['stem']],
      [
        ['inception3a', 'inception3b'],
        ['Mixed_5b', 'Mixed_5c', 'Mixed_5d'],
      ],
      [
        ['maxpool3', 'inception4a', 'inception4b', 'inception4c', 'inception4d', 'inception4e'],
        ['Mixed_6a', 'Mixed_6b', 'Mixed_6c', 'Mixed_6d', 'Mixed_6e'],
      ],
      [
        ['maxpool4', 'inception5a', 'inception5b'],
        ['Mixed_7a', 'Mixed_7b', 'Mixed_7c'],
      ],
      [['head'], ['head']],
    ]);
    expect(rows[1].a?.outShape).toEqual([28, 28, 480]);
    expect(rows[2].a?.outShape).toEqual([14, 14, 832]);
  });
  it('formats ratios', () => {
    expect(ratio(23834568, 55843464)).toBe('×2.34');
    expect(ratio(0, 5)).toBe('—');
  });
});

describe('module-by-module diff', () => {
  const diff = (a: typeof v3, b: typeof v3) =>
    moduleDiff(moduleInfos(a, 'pytorch'), moduleInfos(b, 'pytorch'));
  const counts = (a: typeof v3, b: typeof v3) =>
    roleCounts(diff(a, b)).map((r) => `${roleLabel(r.role)} ${r.a}→${r.b}`);

  it('v3 → v4: one more Inception-A, three more B, one more C (TF-slim v3: Mixed_5b–d, 6b–e, 7b–c; P4 Figure 9: 4/7/3)', () => {
    expect(counts(v3, v4)).toEqual([
      'stem 1→1',
      'Inception-A 3→4',
      'Reduction-A 1→1',
      'Inception-B 4→7',
      'Reduction-B 1→1',
      'Inception-C 2→3',
      'head 1→1',
      'aux 1→0',
    ]);
    const rows = diff(v3, v4);
    expect(rows.filter((r) => r.kind === 'added').map((r) => r.b!.id)).toEqual([
      'Mixed_5e',
      'Mixed_6f',
      'Mixed_6g',
      'Mixed_6h',
      'Mixed_7d',
    ]);
    expect(rows.filter((r) => r.kind === 'removed').map((r) => r.a!.id)).toEqual(['AuxLogits']);
    // v3's 35×35 blocks output 256/288 channels, v4's Inception-A 384 (P4 Figure 4).
    const firstA = rows.find((r) => r.role === 'block:3')!;
    expect(firstA.kind).toBe('changed');
    expect(firstA.changes).toContain('output');
    expect(firstA.b!.outShape).toEqual([35, 35, 384]);
  });

  it('v4 → Inception-ResNet-v2: residual blocks replace the Inception blocks (P4 Figure 15: 5 / 10 / 5)', () => {
    expect(counts(v4, ir2)).toEqual([
      'stem 1→1',
      'Inception-A 4→5',
      'Reduction-A 1→1',
      'Inception-B 7→10',
      'Reduction-B 1→1',
      'Inception-C 3→5',
      'head 1→1',
    ]);
    const rows = diff(v4, ir2);
    // The same Figure 3 stem in both: nothing changes.
    expect(rows[0].kind).toBe('same');
    // Reduction-A's k, l, m, n differ (P4 Table 1: 192, 224, 256, 384 vs 256, 256, 384, 384): 1024 vs 1152 out.
    const redA = rows.find((r) => r.role === 'reduction:3')!;
    expect(redA.a!.outShape).toEqual([17, 17, 1024]);
    expect(redA.b!.outShape).toEqual([17, 17, 1152]);
    expect(redA.changes).toEqual(['output', 'params', 'macs']);
  });

  it('selects the counterpart by role, in both directions', () => {
    const rows = diff(v3, v4);
    expect(counterpart(rows, 'a', 'Mixed_6c')).toBe('Mixed_6c');
    expect(counterpart(rows, 'a', 'Mixed_6a')).toBe('Mixed_6a');
    // An added module maps to the last one of its role on the other side.
    expect(counterpart(rows, 'b', 'Mixed_6h')).toBe('Mixed_6e');
    expect(counterpart(rows, 'a', 'AuxLogits')).toBeUndefined();
  });
});
