import { describe, expect, it } from 'vitest';
import {
  GOOGLENET_PRINTED,
  paperTable,
  RETHINKING_PRINTED,
  V4_TABLE1_PRINTED,
} from '../../../src-main/analysis/paper-tables.js';
import { PRINTED } from '../specs/helpers.js';

type Row = {
  type: string;
  patch?: string;
  output: number[];
  depth: number;
  cols?: number[];
  params?: string;
  ops?: string;
};

describe('GoogLeNet Table 1 (P1)', () => {
  const t = paperTable('googlenet');
  const printed = PRINTED.googlenet_table1 as Row[];

  it('the printed params/ops in the app equal the transcription fixture', () => {
    for (const r of printed.filter((x) => x.params)) {
      const key = r.type === 'convolution' ? `convolution ${r.patch}` : r.type;
      expect([key, GOOGLENET_PRINTED[key]]).toEqual([key, { params: r.params, ops: r.ops }]);
    }
  });

  it("has the paper's 19 rows with their type, patch, output size, depth and branch columns", () => {
    expect(t.rows.map((r) => r.cells.type)).toEqual(printed.map((r) => r.type));
    t.rows.forEach((row, i) => {
      const p = printed[i]!;
      expect([p.type, row.cells.output]).toEqual([p.type, p.output.join('×')]);
      expect([p.type, row.cells.depth]).toEqual([p.type, p.depth]);
      if (p.patch) expect([p.type, row.cells.patch]).toEqual([p.type, p.patch]);
      if (p.cols) {
        const c = row.cells;
        expect([c.n1x1, c.n3x3red, c.n3x3, c.n5x5red, c.n5x5, c.poolProj]).toEqual(p.cols);
      }
      expect(row.cells.paramsPrinted).toBe(p.params ?? null);
      expect(row.cells.opsPrinted).toBe(p.ops ?? null);
    });
  });

  it("shows conv1's printed 2.7K beside the computed 9.4K, with a one-line explanation", () => {
    const conv1 = t.rows[0]!;
    expect(conv1.cells.paramsComputed).toBe('9.4K'); // 7·7·3·64 = 9,408 weights
    expect(conv1.cells.opsComputed).toBe('118M'); // 112·112·64·7·7·3 = 118,013,952
    expect(conv1.note).toMatch(/9,408 weights/);
    expect(conv1.note).not.toMatch(/\n/);
  });

  it('explains every row whose printed and computed params differ, and only those', () => {
    for (const r of t.rows) {
      const differs = r.cells.paramsPrinted !== null && r.cells.paramsPrinted !== r.cells.paramsComputed;
      expect([r.cells.type, r.note !== undefined]).toEqual([r.cells.type, differs]);
    }
    // 3a: 163,328 weights; with K = 1024 that is the printed 159K (rounded).
    expect(t.rows.find((r) => r.cells.type === 'inception (3a)')!.note).toMatch(/163,328 \/ 1024/);
  });
});

describe('Rethinking Table 1 (P3)', () => {
  const t = paperTable('inception_v2');

  it('the printed rows in the app equal the transcription fixture', () => {
    expect(RETHINKING_PRINTED).toEqual(PRINTED.rethinking_table1);
  });

  it("every printed row's input size is what the spec computes; the two reductions are added rows", () => {
    const printedRows = t.rows.filter((r) => !r.added);
    expect(printedRows.map((r) => r.cells.type)).toEqual(RETHINKING_PRINTED.map((r) => r.type));
    for (const r of printedRows)
      expect([r.cells.type, r.cells.input]).toEqual([r.cells.type, r.cells.inputPrinted]);
    expect(t.rows.filter((r) => r.added).map((r) => r.groups)).toEqual([['Mixed_6a'], ['Mixed_7a']]);
    expect(t.rows.find((r) => r.cells.type === '5×Inception')!.groups).toHaveLength(5);
  });
});

describe('Inception-v4 Table 1 (P4)', () => {
  const t = paperTable('inception_v4');

  it('the printed k, l, m, n in the app equal the transcription fixture', () => {
    for (const p of V4_TABLE1_PRINTED)
      expect({ k: p.k, l: p.l, m: p.m, n: p.n }).toEqual(PRINTED.v4_table1[p.network]);
  });

  it("each network's Reduction-A builds the printed k, l, m, n, and outputs input + n + m channels", () => {
    for (const r of t.rows) {
      const c = r.cells;
      expect([c.kSpec, c.lSpec, c.mSpec, c.nSpec]).toEqual([c.k, c.l, c.m, c.n]);
      expect(r.note).toBeUndefined();
    }
    // docs/papers.md#p4 (Reduction-A): v4 384 + 384 + 256 = 1024; IR-v1 256 + 384 + 256 = 896.
    expect(t.rows[0]!.cells.output).toMatch(/^17×17×1024/);
    expect(t.rows[1]!.cells.output).toMatch(/^17×17×896/);
  });
});
