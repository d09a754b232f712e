import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import type { Module } from '../../../src-main/shared/spec.js';
import { PRINTED, group, node } from './helpers.js';

describe('inception_v2 (P3 Table 1)', () => {
  const a = analyse(buildNetwork('inception_v2'));
  const mods: Module[] = a.spec.stages.flatMap((s) => s.modules);
  const rows = PRINTED.rethinking_table1 as { type: string; input: number[] }[];

  it('every Table 1 row gets the printed input size', () => {
    // The rows, in order: 7 stem layers, the three module runs (Table 1 has no rows for the Figure 10
    // reductions, so a run's input is the reduction's output), the pool, the linear, the softmax.
    const stemIds = [
      'Conv2d_1a_3x3',
      'Conv2d_2a_3x3',
      'Conv2d_2b_3x3',
      'maxpool1',
      'Conv2d_3a_3x3',
      'Conv2d_3b_3x3',
      'Conv2d_4a_3x3',
    ];
    const ids = [...stemIds, 'Mixed_5b', 'Mixed_6b', 'Mixed_7b', 'avgpool', 'fc', 'softmax'];
    rows.forEach((row, i) => {
      const g = group(a, ids[i]!);
      const inShape = g.inShape.length === 1 ? [1, 1, g.inShape[0]!] : g.inShape;
      expect([row.type, inShape]).toEqual([row.type, row.input]);
    });
  });

  it('has 3 × Figure 5, 5 × Figure 6, 2 × Figure 7 modules and two Figure 10 reductions', () => {
    const byFig = (f: string) =>
      mods.filter((m) => m.figure?.paper === 'P3' && m.figure.figure === f).map((m) => m.name);
    expect(byFig('Figure 5')).toEqual(['Mixed_5b', 'Mixed_5c', 'Mixed_5d']);
    expect(byFig('Figure 6')).toEqual(['Mixed_6b', 'Mixed_6c', 'Mixed_6d', 'Mixed_6e', 'Mixed_6f']);
    expect(byFig('Figure 7')).toEqual(['Mixed_7b', 'Mixed_7c']);
    expect(byFig('Figure 10')).toEqual(['Mixed_6a', 'Mixed_7a']);
  });

  it('§6 widths: 288 at 35×35, 768 at 17×17, 1280 after the second reduction, 2048 at 8×8', () => {
    for (const id of ['Mixed_5b', 'Mixed_5c', 'Mixed_5d'])
      expect(group(a, id).outShape).toEqual([35, 35, 288]);
    for (const id of ['Mixed_6a', 'Mixed_6b', 'Mixed_6c', 'Mixed_6d', 'Mixed_6e', 'Mixed_6f'])
      expect(group(a, id).outShape).toEqual([17, 17, 768]);
    expect(group(a, 'Mixed_7a').outShape).toEqual([8, 8, 1280]);
    expect(group(a, 'Mixed_7c').outShape).toEqual([8, 8, 2048]);
    expect(a.output).toEqual([1000]);
  });

  it('a Figure 5 module on 288 channels has the hand-counted parameters', () => {
    // conv k×k in→out: k²·in·out weights + 2·out BN (γ, β); no bias.
    const c = (k: number, i: number, o: number) => k * k * i * o + 2 * o;
    const expected =
      c(1, 288, 64) +
      c(1, 288, 48) +
      c(3, 48, 64) +
      c(1, 288, 64) +
      c(3, 64, 96) +
      c(3, 96, 96) +
      c(1, 288, 64);
    expect(group(a, 'Mixed_5c').params.pytorch).toBe(expected);
  });

  it("Figure 6 modules factorise 7×7 as 1×7 then 7×1 (the figure's order)", () => {
    const k = (id: string) => (node(a, id).layer as { kernel: number[] }).kernel;
    expect(k('Mixed_6b/Branch_2/Conv2d_0b_1x7')).toEqual([1, 7]);
    expect(k('Mixed_6b/Branch_2/Conv2d_0c_7x1')).toEqual([7, 1]);
  });

  it('records every width the paper leaves open as a choice, with a reason', () => {
    const topics = a.spec.choices.map((c) => c.topic);
    for (const t of [
      'stem widths',
      'last stem conv',
      'Figure 5 widths (×3)',
      'Figure 10 reduction 35→17',
      'Figure 6 widths (×5, n = 7)',
      'Figure 10 reduction 17→8',
      'Figure 7 widths (×2)',
      'aux head',
      'aux loss weight',
    ]) {
      expect(topics).toContain(t);
    }
    for (const c of a.spec.choices) expect(c.decision.length).toBeGreaterThan(20);
  });

  it('has one aux head on the last 17×17 module, training only', () => {
    expect(a.spec.aux.map((h) => [h.attachTo, h.trainingOnly])).toEqual([['Mixed_6f', true]]);
    expect(group(a, 'AuxLogits').outShape).toEqual([1000]);
  });
});
