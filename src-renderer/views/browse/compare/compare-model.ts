/**
 * Two networks side by side: their modules grouped by the grid each module outputs (a grid class:
 * 35×35 with GoogLeNet's 28×28, 17×17 with 14×14 …), the groups aligned, and a module-by-module diff
 * by role (stem, Inception-A/B/C, Reduction-A/B, aux, head) with shapes, params and MACs.
 * Pure, unit-tested.
 */
import type { AnalysedGroup, Analysis } from '../../../../src-main/shared/analysis-types';
import { countParams, type Convention } from '../table/table-model';
import { gridBucket } from '../../../lib/draw/colours';

export interface StageSummary {
  name: string;
  modules: number;
  /** The module ids the row covers. */
  ids?: string[];
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

/**
 * Rows of the grid table: the first stage (the stem) and a last stage ending on a vector (the head)
 * stay whole; every module between joins the row of the grid class it *outputs*, so a reduction
 * belongs to the smaller grid whether its network puts it at the end of a stage (GoogLeNet's
 * maxpool3 ends "inception3") or at the start of the next (v3's Mixed_6a starts "grid17").
 */
export function stageSummaries(x: Analysis, c: Convention): StageSummary[] {
  const byId = new Map(x.groups.map((g) => [g.id, g]));
  const stages = x.groups.filter((g): g is AnalysedGroup => g.kind === 'stage');
  const whole = (g: AnalysedGroup): StageSummary => ({
    name: g.name,
    modules: g.children.length,
    ids: [g.id],
    inShape: g.inShape,
    outShape: g.outShape,
    params: countParams(g.params, c),
    macs: g.macs,
  });
  const out: StageSummary[] = [];
  stages.forEach((st, i) => {
    if (i === 0 || (i === stages.length - 1 && st.outShape.length !== 3)) {
      out.push(whole(st));
      return;
    }
    for (const id of st.children) {
      const m = byId.get(id);
      if (!m) continue;
      const row: StageSummary = {
        name: st.name,
        modules: 1,
        ids: [m.id],
        inShape: m.inShape,
        outShape: m.outShape,
        params: countParams(m.params, c),
        macs: m.macs,
      };
      const prev = out[out.length - 1];
      if (out.length > 1 && gridKey(prev) === gridKey(row)) {
        out[out.length - 1] = {
          name: prev.name.split(' + ').includes(st.name) ? prev.name : `${prev.name} + ${st.name}`,
          modules: prev.modules + 1,
          ids: [...(prev.ids ?? []), m.id],
          inShape: prev.inShape,
          outShape: row.outShape,
          params: prev.params + row.params,
          macs: prev.macs + row.macs,
        };
      } else out.push(row);
    }
  });
  return out;
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
        ...(prev.ids || s.ids ? { ids: [...(prev.ids ?? []), ...(s.ids ?? [])] } : {}),
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

// ---- Module-by-module diff -------------------------------------------------------------------

/** One module (or the whole stem / head) with its role in the network. */
export interface ModuleInfo {
  /** The group id to select (the stem and head: their stage id). */
  id: string;
  name: string;
  type: string;
  role: string;
  inShape: number[];
  outShape: number[];
  params: number;
  macs: number;
}

const BLOCK_LETTER: Record<number, string> = { 3: 'A', 4: 'B', 5: 'C' };

/** "Inception-B", "Reduction-A", "stem" … from the grid classes a module reads and writes. */
export function roleLabel(role: string): string {
  const [kind, b] = role.split(':');
  if (kind === 'block') return BLOCK_LETTER[+b] ? `Inception-${BLOCK_LETTER[+b]}` : `blocks (grid ${b})`;
  if (kind === 'reduction')
    return BLOCK_LETTER[+b] ? `Reduction-${BLOCK_LETTER[+b]}` : `reduction (grid ${b})`;
  return kind;
}

function roleRank(role: string): number {
  const [kind, b] = role.split(':');
  if (kind === 'stem') return 0;
  if (kind === 'block') return 10 * +b;
  if (kind === 'reduction') return 10 * +b + 5;
  if (kind === 'head') return 1000;
  return 1001; // aux
}

/**
 * A network's modules in order with their roles: the stem and the head as one item each (GoogLeNet's
 * stem is seven one-layer modules, v4's is one), Inception blocks by the grid class they work on,
 * reductions by the grid class they read, and the auxiliary heads.
 */
export function moduleInfos(x: Analysis, c: Convention): ModuleInfo[] {
  const byId = new Map(x.groups.map((g) => [g.id, g]));
  const stages = x.groups.filter((g): g is AnalysedGroup => g.kind === 'stage');
  const info = (g: AnalysedGroup, role: string, name = g.paperName ?? g.name): ModuleInfo => ({
    id: g.id,
    name,
    type: g.type ?? g.name,
    role,
    inShape: g.inShape,
    outShape: g.outShape,
    params: countParams(g.params, c),
    macs: g.macs,
  });
  const out: ModuleInfo[] = [];
  stages.forEach((st, i) => {
    if (i === 0) return void out.push(info(st, 'stem', st.name));
    if (i === stages.length - 1 && st.outShape.length !== 3) return void out.push(info(st, 'head', st.name));
    for (const id of st.children) {
      const m = byId.get(id);
      if (!m || m.inShape.length !== 3 || m.outShape.length !== 3) continue;
      const bin = gridBucket(m.inShape[0]);
      const bout = gridBucket(m.outShape[0]);
      out.push(info(m, bout > bin ? `reduction:${bin}` : `block:${bout}`));
    }
  });
  for (const g of x.groups) if (g.kind === 'aux') out.push(info(g, 'aux'));
  return out;
}

export type DiffKind = 'same' | 'changed' | 'added' | 'removed';
export type Change = 'type' | 'output' | 'params' | 'macs';

export interface DiffRow {
  role: string;
  a?: ModuleInfo;
  b?: ModuleInfo;
  kind: DiffKind;
  changes: Change[];
}

const sameShape = (p: number[], q: number[]) => p.length === q.length && p.every((v, i) => v === q[i]);

/**
 * What changed from A to B, role by role: the i-th module of a role in A meets the i-th in B;
 * extra ones are added (only in B) or removed (only in A).
 */
export function moduleDiff(a: ModuleInfo[], b: ModuleInfo[]): DiffRow[] {
  const roles = [...new Set([...a, ...b].map((m) => m.role))].sort((p, q) => roleRank(p) - roleRank(q));
  const rows: DiffRow[] = [];
  for (const role of roles) {
    const ra = a.filter((m) => m.role === role);
    const rb = b.filter((m) => m.role === role);
    for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
      const x = ra[i];
      const y = rb[i];
      if (x && y) {
        const changes: Change[] = [];
        if (x.type !== y.type) changes.push('type');
        if (!sameShape(x.outShape, y.outShape)) changes.push('output');
        if (x.params !== y.params) changes.push('params');
        if (x.macs !== y.macs) changes.push('macs');
        rows.push({ role, a: x, b: y, kind: changes.length ? 'changed' : 'same', changes });
      } else rows.push({ role, ...(x ? { a: x } : { b: y }), kind: x ? 'removed' : 'added', changes: [] });
    }
  }
  return rows;
}

/** Per role: modules in A and in B ("Inception-A: 3 → 4"). */
export function roleCounts(rows: DiffRow[]): { role: string; a: number; b: number }[] {
  const out: { role: string; a: number; b: number }[] = [];
  for (const r of rows) {
    let last = out[out.length - 1];
    if (!last || last.role !== r.role) out.push((last = { role: r.role, a: 0, b: 0 }));
    if (r.a) last.a++;
    if (r.b) last.b++;
  }
  return out;
}

/**
 * Synchronised selection: the module of the other network that plays the same role (its row's
 * partner, or, for an added/removed one, the last module of that role on the other side).
 */
export function counterpart(rows: DiffRow[], side: 'a' | 'b', id: string): string | undefined {
  const other = side === 'a' ? 'b' : 'a';
  const i = rows.findIndex((r) => r[side]?.id === id);
  if (i < 0) return undefined;
  const row = rows[i];
  if (row[other]) return row[other].id;
  const same = rows.filter((r) => r.role === row.role && r[other]);
  return same[same.length - 1]?.[other]?.id;
}
