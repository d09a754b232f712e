/**
 * The layer table (in the spirit of Netscope's CNN Analyzer): module rows with their layers,
 * output shape, params in the chosen convention, MACs and their shares, a TOTAL row, sorting, and
 * the aux heads' deltas. Pure; the TOTAL comes from the analysis' totals, not from summing rows.
 */
import type {
  AnalysedGroup,
  AnalysedNode,
  Analysis,
  ParamCount,
  Totals,
} from '../../../../src-main/shared/analysis-types';
import { formatShape } from '../../../lib/format';
import { nodeLabel } from '../../../lib/draw/labels';
import { membership } from '../../../lib/layout/visible-graph';

export type Convention = 'pytorch' | 'keras';
export type SortKey = 'order' | 'name' | 'type' | 'shape' | 'params' | 'macs';

export interface TableRow {
  /** Analysis node id or module/aux group id (selection ids, shared with the graph). */
  id: string;
  kind: 'module' | 'aux' | 'layer';
  name: string;
  type: string;
  shape: string;
  /** Output elements, for sorting by shape. */
  size: number;
  params: number;
  macs: number;
  order: number;
  aux: boolean;
  children: TableRow[];
}

export interface TableModel {
  rows: TableRow[];
  total: { params: number; macs: number; trainable: number; nonTrainable: number };
  /** What the aux heads add (training graph minus inference graph). */
  auxDelta: { params: number; macs: number };
  convention: Convention;
}

export function countParams(p: ParamCount, c: Convention): number {
  return c === 'pytorch' ? p.pytorch : p.kerasTrainable + p.kerasNonTrainable;
}

function totalsOf(t: Totals, c: Convention) {
  return {
    params: countParams(t.params, c),
    macs: t.macs,
    trainable: c === 'pytorch' ? t.params.pytorch : t.params.kerasTrainable,
    nonTrainable: c === 'pytorch' ? 0 : t.params.kerasNonTrainable,
  };
}

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

export function buildTable(a: Analysis, o: { convention: Convention; training: boolean }): TableModel {
  const c = o.convention;
  const byId = new Map(a.nodes.map((n) => [n.id, n]));
  const { moduleOf, auxOf } = membership(a);
  const groups = new Map(a.groups.map((g) => [g.id, g]));
  let order = 0;
  const layerRow = (n: AnalysedNode, aux: boolean): TableRow => ({
    id: n.id,
    kind: 'layer',
    name: n.id,
    type: nodeLabel(n),
    shape: formatShape(n.outShape),
    size: size(n.outShape),
    params: countParams(n.params, c),
    macs: n.macs,
    order: order++,
    aux,
    children: [],
  });
  const groupRow = (g: AnalysedGroup): TableRow => {
    const aux = g.kind === 'aux';
    const row: TableRow = {
      id: g.id,
      kind: aux ? 'aux' : 'module',
      name: g.paperName && g.paperName !== g.id ? `${g.id} · ${g.paperName}` : g.id,
      type: aux ? 'auxiliary head' : (g.type ?? 'module'),
      shape: formatShape(g.outShape),
      size: size(g.outShape),
      params: countParams(g.params, c),
      macs: g.macs,
      order: order++,
      aux,
      children: [],
    };
    row.children = g.nodes.map((id) => layerRow(byId.get(id)!, aux));
    return row;
  };
  const rows: TableRow[] = [];
  const done = new Set<string>();
  const auxByModule = new Map<string, AnalysedGroup[]>();
  for (const g of a.groups) {
    if (g.kind !== 'aux') continue;
    const at = g.attachTo ?? a.spec.aux.find((h) => h.name === g.name)?.attachTo ?? '';
    if (!auxByModule.has(at)) auxByModule.set(at, []);
    auxByModule.get(at)!.push(g);
  }
  for (const n of a.nodes) {
    if (auxOf.has(n.id)) continue;
    const m = moduleOf.get(n.id);
    if (!m) {
      rows.push(layerRow(n, false));
      continue;
    }
    if (done.has(m)) continue;
    done.add(m);
    const g = groups.get(m)!;
    // A one-layer module is one row: its layer.
    rows.push(g.nodes.length === 1 ? { ...layerRow(n, false), name: g.id } : groupRow(g));
    if (o.training) for (const h of auxByModule.get(g.name) ?? []) rows.push(groupRow(h));
  }
  const inf = totalsOf(a.totals, c);
  const train = totalsOf(a.totalsWithAux, c);
  return {
    rows,
    total: o.training ? train : inf,
    auxDelta: { params: train.params - inf.params, macs: train.macs - inf.macs },
    convention: c,
  };
}

function compare(k: SortKey): (x: TableRow, y: TableRow) => number {
  switch (k) {
    case 'name':
      return (x, y) => x.name.localeCompare(y.name);
    case 'type':
      return (x, y) => x.type.localeCompare(y.type);
    case 'shape':
      return (x, y) => x.size - y.size;
    case 'params':
      return (x, y) => x.params - y.params;
    case 'macs':
      return (x, y) => x.macs - y.macs;
    case 'order':
      return (x, y) => x.order - y.order;
  }
}

/** Sorts module rows among themselves and each module's layers among themselves (stable). */
export function sortRows(rows: readonly TableRow[], key: SortKey, dir: 'asc' | 'desc'): TableRow[] {
  const cmp = compare(key);
  const f = (x: TableRow, y: TableRow) => (dir === 'asc' ? cmp(x, y) : -cmp(x, y)) || x.order - y.order;
  return [...rows].sort(f).map((r) => (r.children.length ? { ...r, children: [...r.children].sort(f) } : r));
}
