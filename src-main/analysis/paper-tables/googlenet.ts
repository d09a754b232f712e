/**
 * P1 Table 1 ("GoogLeNet incarnation of the Inception architecture") row by row from the paper
 * flavour's spec, with the printed params and ops beside the computed ones (P1 Table 1).
 */
import { buildNetwork } from '../../zoo/index.js';
import type { ConvLayer, PoolLayer } from '../../shared/spec.js';
import { analyse } from '../analyse.js';
import type { Analysis, AnalysedNode } from '../../shared/analysis-types.js';
import { dims, fmtK, fmtM, parsePrinted, relDiff } from './format.js';
import type { PaperTable, PaperTableColumn, PaperTableRow } from './types.js';
import { GOOGLENET_PRINTED } from '../../shared/paper-printed.js';

// The printed params / ops, by row type (P1 Table 1): shared/paper-printed.ts, which the lessons quote too.
export { GOOGLENET_PRINTED };

/** Rows whose printed numbers do not reproduce under either K, with the reason. */
const UNREPRODUCIBLE: Record<string, string> = {
  'convolution 7×7/2':
    'a plain 7×7×3→64 conv; the printed 2.7K / 34M follow from no reading of the row (P1 Table 1)',
  'inception (4c)': 'the branch columns do not give the printed 463K (P1 Table 1)',
  'inception (5a)': 'the branch columns do not give the printed 1072K / 54M (P1 Table 1)',
};

/** Printed and computed agree within this fraction (the paper rounds and truncates). */
const TOLERANCE = 0.02;

const n0 = (n: number) => n.toLocaleString('en-US');

/**
 * The one-line explanation of a row whose printed params/ops differ from the computed ones.
 * The paper's K is evidently 1024 (its linear row prints 1000K for 1,024,000 weights).
 */
function explain(
  key: string,
  printed: { params?: string; ops?: string },
  w: number,
  macs: number,
): string | undefined {
  const pp = printed.params ? parsePrinted(printed.params) : undefined;
  const po = printed.ops ? parsePrinted(printed.ops) : undefined;
  const k1024 = fmtK((w / 1024) * 1000);
  const opsOff = po !== undefined && fmtM(macs) !== printed.ops && relDiff(po, macs) > TOLERANCE;
  const reason = UNREPRODUCIBLE[key];
  if (reason) return `${n0(w)} weights (${k1024} with K = 1024) and ${fmtM(macs)} MACs: ${reason}.`;
  if (pp !== undefined && fmtK(w) !== printed.params) {
    const off = relDiff(pp, w / 1.024);
    const tail = off <= 0.005 ? '' : `, ${(off * 100).toFixed(1)}% off the printed ${printed.params}`;
    return `With K = 1024: ${n0(w)} / 1024 = ${k1024}${tail}.${opsOff ? ` Ops: ${fmtM(macs)} computed.` : ''}`;
  }
  if (opsOff) return `The printed ops ${printed.ops} differ from the ${n0(macs)} MACs the row computes.`;
  return undefined;
}

export const GOOGLENET_COLUMNS: PaperTableColumn[] = [
  { key: 'type', label: 'type', source: 'spec' },
  { key: 'patch', label: 'patch size/stride', source: 'spec' },
  { key: 'output', label: 'output size', source: 'computed' },
  { key: 'depth', label: 'depth', source: 'computed' },
  { key: 'n1x1', label: '#1×1', source: 'spec' },
  { key: 'n3x3red', label: '#3×3 reduce', source: 'spec' },
  { key: 'n3x3', label: '#3×3', source: 'spec' },
  { key: 'n5x5red', label: '#5×5 reduce', source: 'spec' },
  { key: 'n5x5', label: '#5×5', source: 'spec' },
  { key: 'poolProj', label: 'pool proj', source: 'spec' },
  { key: 'paramsPrinted', label: 'params (paper)', source: 'paper' },
  { key: 'paramsComputed', label: 'params (computed)', source: 'computed' },
  { key: 'opsPrinted', label: 'ops (paper)', source: 'paper' },
  { key: 'opsComputed', label: 'ops (computed)', source: 'computed' },
];

/** Longest chain of parametrised layers through the row's nodes: the paper's "depth". */
function depthOf(a: Analysis, ids: Set<string>): number {
  const memo = new Map<string, number>();
  const byId = new Map(a.nodes.map((n) => [n.id, n]));
  const d = (n: AnalysedNode): number => {
    const hit = memo.get(n.id);
    if (hit !== undefined) return hit;
    const own = n.layer?.op === 'conv' || n.layer?.op === 'dense' ? 1 : 0;
    const up = Math.max(0, ...n.inputs.filter((i) => ids.has(i)).map((i) => d(byId.get(i)!)));
    memo.set(n.id, own + up);
    return own + up;
  };
  return Math.max(0, ...[...ids].map((i) => d(byId.get(i)!)));
}

/** Weights without biases: what the paper's params column counts. */
const weights = (n: AnalysedNode): number => {
  const l = n.layer;
  if (l?.op === 'conv') return l.kernel[0] * l.kernel[1] * n.inShapes[0]!.at(-1)! * (l.filters as number);
  if (l?.op === 'dense') return n.inShapes[0]![0]! * (l.units as number);
  return 0;
};

export function googlenetTable(): PaperTable {
  const a = analyse(buildNetwork('googlenet', { flavour: 'paper' }));
  const modules = a.spec.stages.flatMap((s) => s.modules);
  const group = (id: string) => a.groups.find((g) => g.id === id)!;
  const rows: PaperTableRow[] = [];

  // Consecutive modules that Table 1 prints as one row (LRN and flatten have no row of their own).
  const rowOf = (name: string, op: string): string | null => {
    if (op === 'lrn' || op === 'flatten') return null;
    if (name === 'conv2') return 'conv2+3';
    return name;
  };
  const spans: { key: string; mods: string[] }[] = [];
  for (const m of modules) {
    const op = 'op' in m.body ? m.body.op : m.body.kind;
    const key = rowOf(m.name, op);
    if (key === null || (m.name === 'conv3' && spans.at(-1)?.key === 'conv2+3'))
      spans.at(-1)!.mods.push(m.name);
    else spans.push({ key, mods: [m.name] });
  }

  for (const span of spans) {
    const first = modules.find((m) => m.name === span.mods[0])!;
    const nodeIds = new Set(span.mods.flatMap((id) => group(id).nodes));
    const nodes = a.nodes.filter((n) => nodeIds.has(n.id));
    const out = nodes.filter((n) => n.op !== 'lrn').at(-1)!.outShape;
    const cells: PaperTableRow['cells'] = {
      type: null,
      patch: null,
      output: dims(out),
      depth: depthOf(a, nodeIds),
      n1x1: null,
      n3x3red: null,
      n3x3: null,
      n5x5red: null,
      n5x5: null,
      poolProj: null,
      paramsPrinted: null,
      paramsComputed: null,
      opsPrinted: null,
      opsComputed: null,
    };
    const body = first.body;
    if ('kind' in body) {
      cells.type = first.paperName;
      const p = first.params!;
      Object.assign(cells, {
        n1x1: p['#1×1'],
        n3x3red: p['#3×3 reduce'],
        n3x3: p['#3×3'],
        n5x5red: p['#5×5 reduce'],
        n5x5: p['#5×5'],
        poolProj: p['pool proj'],
      });
    } else if (body.op === 'conv') {
      const c = body as ConvLayer;
      cells.type = 'convolution';
      const last = nodes.filter((n) => n.op === 'conv').at(-1)!.layer as ConvLayer;
      cells.patch = `${last.kernel.join('×').replace(/^(\d+)×\1$/, '$1×$1')}/${last.strides[0]}`;
      if (span.mods.includes('conv3')) {
        cells.n3x3red = c.filters as number;
        cells.n3x3 = last.filters as number;
      }
    } else if (body.op === 'maxpool' || body.op === 'avgpool') {
      const p = body as PoolLayer;
      cells.type = body.op === 'maxpool' ? 'max pool' : 'avg pool';
      cells.patch = `${p.pool[0]}×${p.pool[1]}/${p.strides[0]}`;
    } else if (body.op === 'dropout') {
      cells.type = `dropout (${Math.round(body.rate * 100)}%)`;
    } else if (body.op === 'dense') {
      cells.type = 'linear';
    } else {
      cells.type = body.op;
    }
    const w = nodes.reduce((s, n) => s + weights(n), 0);
    const macs = nodes.reduce((s, n) => s + n.macs, 0);
    if (w > 0) {
      cells.paramsComputed = fmtK(w);
      cells.opsComputed = fmtM(macs);
    }
    const printedKey = cells.type === 'convolution' ? `convolution ${cells.patch}` : String(cells.type);
    const printed = GOOGLENET_PRINTED[printedKey];
    const row: PaperTableRow = { cells, groups: span.mods };
    if (printed) {
      cells.paramsPrinted = printed.params ?? null;
      cells.opsPrinted = printed.ops ?? null;
      const note = explain(printedKey, printed, w, macs);
      if (note) row.note = note;
    }
    rows.push(row);
  }
  // The softmax row: no module of its own params, kept for the table's shape.
  return {
    id: 'googlenet',
    network: 'googlenet',
    flavour: 'paper',
    title: 'GoogLeNet incarnation of the Inception architecture',
    source: { paper: 'P1', figure: 'Table 1' },
    columns: GOOGLENET_COLUMNS,
    rows,
    notes: [
      'Computed params are weights without biases (what the printed column counts), shown in K = 1000; computed ops are multiply-accumulates.',
      "The paper's K is evidently 1024: its linear row prints 1000K for 1024 × 1000 weights. Most rows match within 2% with K = 1024; the notes say where.",
      `Totals of the spec: ${a.totals.params.pytorch.toLocaleString('en-US')} parameters with biases, ${a.totals.macs.toLocaleString('en-US')} MACs (the aux heads excluded).`,
      'LRN layers (after pool1 and after conv3) have no row in the table; they are folded into the rows before them.',
    ],
  };
}
