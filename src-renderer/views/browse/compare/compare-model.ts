/**
 * Two networks side by side: their stages aligned by output grid size class (35×35 with 35×35, and
 * with GoogLeNet's 28×28; 17×17 with 14×14 …)
 * and the difference in shapes, params and MACs per stage and in total. Pure, unit-tested.
 */
import type { AnalysedGroup, Analysis } from '../../../../src-main/analysis/types';
import { countParams, type Convention } from '../table/table-model';
import { gridBucket } from '../../../lib/draw/colours';

export interface StageSummary {
  name: string;
  modules: number;
  inShape: number[];
  outShape: number[];
  params: number;
  macs: number;
}

export interface CompareRow {
  /** Alignment key: the stage's output grid octave (so GoogLeNet's 28×28 meets v3's 35×35), or "vector". */
  key: string;
  a?: StageSummary;
  b?: StageSummary;
}

export function stageSummaries(x: Analysis, c: Convention): StageSummary[] {
  return x.groups
    .filter((g): g is AnalysedGroup => g.kind === 'stage')
    .map((g) => ({
      name: g.name,
      modules: g.children.length,
      inShape: g.inShape,
      outShape: g.outShape,
      params: countParams(g.params, c),
      macs: g.macs,
    }));
}

const gridKey = (s: StageSummary) =>
  s.outShape.length === 3 ? `grid${gridBucket(s.outShape[0])}` : 'vector';

/**
 * Consecutive stages ending on the same grid become one row ("reduction_a + inception_resnet_b"), so
 * that a network that reduces inside its 17×17 stage (v3) meets one with a separate reduction stage
 * (IR-v2). The first stage (the stem) stays on its own.
 */
export function mergeByGrid(stages: StageSummary[]): StageSummary[] {
  const out: StageSummary[] = [];
  stages.forEach((s, i) => {
    const prev = out[out.length - 1];
    if (i > 1 && prev && gridKey(prev) === gridKey(s)) {
      out[out.length - 1] = {
        name: `${prev.name} + ${s.name}`,
        modules: prev.modules + s.modules,
        inShape: prev.inShape,
        outShape: s.outShape,
        params: prev.params + s.params,
        macs: prev.macs + s.macs,
      };
    } else out.push({ ...s });
  });
  return out;
}

/** Longest-common-subsequence alignment of the two (merged) stage lists on their grid keys. */
export function alignStages(sa: StageSummary[], sb: StageSummary[]): CompareRow[] {
  const a = mergeByGrid(sa);
  const b = mergeByGrid(sb);
  const ka = a.map(gridKey);
  const kb = b.map(gridKey);
  const L = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      L[i][j] = ka[i] === kb[j] ? 1 + L[i + 1][j + 1] : Math.max(L[i + 1][j], L[i][j + 1]);
  const rows: CompareRow[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && ka[i] === kb[j]) {
      rows.push({ key: ka[i], a: a[i++], b: b[j++] });
    } else if (j >= b.length || (i < a.length && L[i + 1][j] >= L[i][j + 1])) {
      rows.push({ key: ka[i], a: a[i++] });
    } else {
      rows.push({ key: kb[j], b: b[j++] });
    }
  }
  return rows;
}

export interface CompareTotals {
  a: { params: number; macs: number };
  b: { params: number; macs: number };
}

export function compareTotals(a: Analysis, b: Analysis, c: Convention, training: boolean): CompareTotals {
  const t = (x: Analysis) => {
    const tt = training ? x.totalsWithAux : x.totals;
    return { params: countParams(tt.params, c), macs: tt.macs };
  };
  return { a: t(a), b: t(b) };
}

/** "b / a" as "×1.23", or "—" when a is zero. */
export function ratio(a: number, b: number): string {
  return a === 0 ? '—' : `×${(b / a).toFixed(2)}`;
}
