/**
 * Module figures: one module's block tree as boxes with paper-style labels, drawn bottom to top like
 * the papers ("Previous layer" at the bottom, "Filter concat" on top). Also the two derived figures:
 * GoogLeNet's Figure 2(a) naive module (a 2(b) module without its 1×1 reductions) and Rethinking's
 * Figure 9 (the two grid-reduction alternatives, from a Figure 10 module's input and output sizes).
 */
import type { AnalysedGroup, AnalysedNode, Analysis } from '../../../../src-main/shared/analysis-types';
import type { FigureRef } from '../../../../src-main/shared/spec';
import { formatShape } from '../../../lib/format';
import { nodeLabel } from '../../../lib/draw/labels';
import { auxCaption, type VEdge, type VGraph, type VNode } from '../../../lib/layout/visible-graph';
import { enTr, type Tr } from '../../../i18n/plain';
import type { FigureOp } from '../../../lib/draw/colours';
import { printedExpansion } from './printed';

export interface FigureSpec {
  title: string;
  caption: string;
  notes: string[];
  graph: VGraph;
  /** The operation of each box (for the papers' colour-by-operation and the key). */
  ops: Map<string, FigureOp>;
  /** Boxes whose width the paper misprints: box id → the printed width. */
  misprints: Map<string, number>;
}

export const INPUT_ID = 'fig:input';

function group(a: Analysis, id: string): AnalysedGroup | undefined {
  return a.groups.find((g) => g.id === id && (g.kind === 'module' || g.kind === 'aux'));
}

export function figureRefOf(a: Analysis, g: AnalysedGroup): FigureRef | undefined {
  if (g.kind === 'aux') return a.spec.aux.find((h) => h.name === g.name)?.figure;
  for (const s of a.spec.stages) for (const m of s.modules) if (m.name === g.name) return m.figure;
  return undefined;
}

/** The paper and its figure ("Rethinking paper, Figure 10"); the figure's name is notation. */
export function refText(ref: FigureRef | undefined, tr: Tr = enTr): string {
  return ref ? tr('fig.ref', { paper: tr(`fig.paper.${ref.paper}`), figure: ref.figure }) : tr('fig.noRef');
}

/** The operation a box stands for, coloured as the papers' figures colour them. */
export function opOf(n: AnalysedNode): FigureOp {
  if (n.kind === 'input') return 'input';
  if (n.kind === 'concat') return 'concat';
  if (n.kind === 'add') return 'add';
  const l = n.layer;
  if (!l) return 'other';
  switch (l.op) {
    case 'conv':
      return l.activation === 'linear' ? 'linear' : 'conv';
    case 'maxpool':
    case 'avgpool':
    case 'globalavgpool':
      return 'pool';
    case 'relu':
      return 'relu';
    case 'dense':
    case 'softmax':
      return 'dense';
    default:
      return 'other';
  }
}

const x = (p: readonly [number, number]) => `${p[0]}×${p[1]}`;
const isValidPad = (p: unknown) =>
  p === 'valid' ||
  (typeof p === 'object' && p !== null && Object.values(p as Record<string, number>).every((v) => v === 0));

/**
 * The Inception-v4 paper's box wording (arXiv:1602.07261 Figures 3–19): "3×3 Conv (384 stride 2 V)",
 * "1×1 Conv (896 Linear)", "3×3 MaxPool (stride 2 V)"; the width is the one the network uses.
 */
function p4Label(n: AnalysedNode): string | undefined {
  const l = n.layer;
  if (!l) return undefined;
  const stride = (s: readonly [number, number]) =>
    s[0] === 1 && s[1] === 1 ? '' : s[0] === s[1] ? `stride ${s[0]}` : `stride ${x(s)}`;
  const extras = (parts: string[]) => parts.filter(Boolean).join(' ');
  if (l.op === 'conv') {
    const width = n.outShape[n.outShape.length - 1];
    const inner = extras([
      String(width),
      stride(l.strides),
      isValidPad(l.padding) ? 'V' : '',
      l.activation === 'linear' ? 'Linear' : '',
    ]);
    return `${x(l.kernel)} Conv (${inner})`;
  }
  if (l.op === 'maxpool' || l.op === 'avgpool') {
    const kind = l.op === 'maxpool' ? 'MaxPool' : 'Avg Pooling';
    const inner = extras([stride(l.strides), isValidPad(l.padding) ? 'V' : '']);
    return `${x(l.pool)} ${kind}${inner ? ` (${inner})` : ''}`;
  }
  return undefined;
}

function figureLabel(n: AnalysedNode, tr: Tr, p4: boolean): string {
  if (n.kind === 'concat') return tr('fig.filterConcat');
  if (n.kind === 'add') {
    // The ReLU after the add is its own box, as the papers draw it.
    return n.scale !== undefined && n.scale !== 1 ? `+ (${tr('fig.scale', { scale: n.scale })})` : '+';
  }
  return (p4 && p4Label(n)) || nodeLabel(n);
}

/** Is this a GoogLeNet Figure 2(b) module, from which the naive Figure 2(a) can be derived? */
export function isNaiveable(a: Analysis, moduleId: string): boolean {
  const g = group(a, moduleId);
  if (!g || g.kind !== 'module') return false;
  const ref = figureRefOf(a, g);
  return ref?.paper === 'P1' && ref.figure.startsWith('Figure 2');
}

/** The 1×1 convolutions that reduce or project inside a multi-layer branch (dropped for Figure 2(a)). */
function reductionNodes(a: Analysis, g: AnalysedGroup): Set<string> {
  const groups = new Map(a.groups.map((x) => [x.id, x]));
  const nodes = new Map(a.nodes.map((n) => [n.id, n]));
  const out = new Set<string>();
  for (const id of g.nodes) {
    const n = nodes.get(id)!;
    const l = n.layer;
    if (!l || l.op !== 'conv' || l.kernel[0] !== 1 || l.kernel[1] !== 1) continue;
    const branch = [...n.groups]
      .reverse()
      .map((x) => groups.get(x))
      .find((x) => x?.kind === 'seq');
    if (branch && branch.nodes.length > 1) out.add(id);
  }
  return out;
}

export interface FigureOptions {
  naive?: boolean;
  /** Tensor shapes on the edges. */
  shapes?: boolean;
  /** Draw the auxiliary heads this module feeds (default true). */
  aux?: boolean;
}

/** The figure of a module or aux head of an analysed network. */
export function moduleFigure(
  a: Analysis,
  moduleId: string,
  o: FigureOptions = {},
  tr: Tr = enTr,
): FigureSpec | undefined {
  const g = group(a, moduleId);
  if (!g) return undefined;
  const naive = !!o.naive && isNaiveable(a, moduleId);
  const shapes = (o.shapes ?? true) && !naive;
  const byId = new Map(a.nodes.map((n) => [n.id, n]));
  const ref = figureRefOf(a, g);
  const p4 = ref?.paper === 'P4';
  const inside = new Set(g.nodes);
  // Concats that only feed another concat (the 1×3/3×1 splits of Rethinking Figure 7 and v4 Figure 6)
  // are drawn by the papers straight into the one Filter concat: they are dissolved.
  const consumers = new Map<string, string[]>();
  for (const id of g.nodes)
    for (const i of byId.get(id)!.inputs) consumers.set(i, [...(consumers.get(i) ?? []), id]);
  const nested = new Set(
    g.nodes.filter((id) => {
      const c = consumers.get(id) ?? [];
      return (
        byId.get(id)!.kind === 'concat' &&
        id !== g.output &&
        c.length > 0 &&
        c.every((y) => byId.get(y)!.kind === 'concat')
      );
    }),
  );
  const drop = naive ? reductionNodes(a, g) : new Set<string>();
  for (const id of nested) drop.add(id);
  // A dropped node passes its inputs on (a reduction its one input, a nested concat all of its own).
  const sources = (id: string): string[] => {
    if (!inside.has(id)) return [INPUT_ID];
    if (!drop.has(id)) return [id];
    const n = byId.get(id)!;
    return nested.has(id) ? n.inputs.flatMap(sources) : sources(n.inputs[0]);
  };
  const isAux = g.kind === 'aux';
  const ops = new Map<string, FigureOp>([[INPUT_ID, 'input']]);
  const misprints = new Map<string, number>();
  const notes: string[] = [];
  const name = g.paperName ?? g.name;
  const printed = printedExpansion(ref);
  const nodes: VNode[] = [
    {
      id: INPUT_ID,
      kind: 'node',
      expandable: false,
      // Its tensor is the label on the edges leaving it.
      label: isAux
        ? tr('fig.outputOf', { name: g.attachTo ?? tr('fig.theModule') })
        : byId.get(g.nodes[0])?.inputs[0] === 'input'
          ? tr('fig.input')
          : tr('fig.previousLayer'),
      outShape: g.inShape,
      aux: false,
      members: [],
    },
  ];
  const edges: VEdge[] = [];
  const seen = new Set<string>();
  const shapeOf = (s: string) => (s === INPUT_ID ? g.inShape : byId.get(s)!.outShape);
  for (const id of g.nodes) {
    if (drop.has(id)) continue;
    const n = byId.get(id)!;
    const op = isAux ? 'aux' : opOf(n);
    ops.set(id, op);
    const node: VNode = {
      id,
      kind: 'node',
      expandable: false,
      label: figureLabel(n, tr, p4),
      outShape: n.outShape,
      aux: isAux,
      members: [id],
    };
    // The residual branch's 1×1 expansion: the paper prints its width, sometimes wrongly.
    const used = n.outShape[n.outShape.length - 1];
    if (
      op === 'linear' &&
      printed !== undefined &&
      (consumers.get(id) ?? []).some((c) => byId.get(c)?.kind === 'add')
    ) {
      if (printed !== used) {
        misprints.set(id, printed);
        node.sub = tr('fig.printedAs', { printed });
        // In the paper's own form the print cannot be right (the add needs the input depth); a
        // released form simply differs from the figure.
        notes.push(
          tr(a.spec.flavour === 'paper' ? 'fig.misprint' : 'fig.printedDiffers', {
            figure: ref!.figure,
            printed,
            used,
          }),
        );
      }
    }
    nodes.push(node);
    for (const inp of n.inputs) {
      for (const s of sources(inp)) {
        const key = `${s}->${id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        edges.push({
          id: key,
          source: s,
          target: id,
          label: shapes ? formatShape(shapeOf(s)) : '',
          aux: isAux,
        });
      }
    }
    if (n.kind === 'add' && n.activation === 'relu') {
      const rid = `${id}:relu`;
      ops.set(rid, 'relu');
      nodes.push({
        id: rid,
        kind: 'node',
        expandable: false,
        label: p4 ? 'Relu activation' : 'ReLU',
        outShape: n.outShape,
        aux: isAux,
        members: [],
      });
      edges.push({
        id: `${id}->${rid}`,
        source: id,
        target: rid,
        label: shapes ? formatShape(n.outShape) : '',
        aux: isAux,
      });
    }
  }
  // Auxiliary heads fed by this module, drawn as dashed training-only boxes on its output.
  if (!isAux && !naive && (o.aux ?? true)) {
    const last = g.output ?? g.nodes[g.nodes.length - 1];
    const out = ops.has(`${last}:relu`) ? `${last}:relu` : last;
    for (const h of a.groups.filter(
      (x) =>
        x.kind === 'aux' && (x.attachTo ?? a.spec.aux.find((y) => y.name === x.name)?.attachTo) === g.name,
    )) {
      const id = `fig:aux:${h.id}`;
      ops.set(id, 'aux');
      nodes.push({
        id,
        kind: 'aux',
        expandable: false,
        label: h.paperName ?? h.name,
        sub: auxCaption(a, h),
        outShape: h.outShape,
        aux: true,
        members: [],
      });
      edges.push({
        id: `${out}->${id}`,
        source: out,
        target: id,
        label: shapes ? formatShape(g.outShape) : '',
        aux: true,
      });
    }
  }
  if (naive) {
    notes.push(tr('fig.naiveNote', { name, n: drop.size }), tr('fig.naiveNoShapes'));
  }
  if (isAux)
    notes.push(
      tr('fig.auxNote', {
        weight: g.lossWeight ?? a.spec.aux.find((h) => h.name === g.name)?.lossWeight ?? '?',
      }),
    );
  return {
    title: naive ? tr('fig.naiveTitle') : `${name} — ${a.spec.title}`,
    caption: naive
      ? tr('fig.derivedFrom', { name, ref: refText(ref, tr) })
      : `${g.id} · ${refText(ref, tr)} · ${a.spec.flavour}`,
    notes,
    graph: {
      nodes,
      edges,
      shownAs: new Map(nodes.flatMap((n) => n.members.map((m) => [m, n.id] as [string, string]))),
    },
    ops,
    misprints,
  };
}

/** Is this a Rethinking Figure 10 grid reduction (from which Figure 9 is derived)? */
export function isGridReduction(a: Analysis, moduleId: string): boolean {
  const g = group(a, moduleId);
  const ref = g ? figureRefOf(a, g) : undefined;
  return (
    !!g &&
    ref?.paper === 'P3' &&
    ref.figure === 'Figure 10' &&
    g.inShape.length === 3 &&
    g.outShape[0] < g.inShape[0]
  );
}

/**
 * Rethinking Figure 9: the two ways to shrink a grid that Figure 10 improves on, drawn with the
 * sizes of a real Figure 10 module: pooling first (cheap, a representational bottleneck) or the
 * Inception block first at full resolution (expressive, about three times the cost).
 */
export function gridReductionAlternatives(
  a: Analysis,
  moduleId: string,
  tr: Tr = enTr,
): FigureSpec | undefined {
  const g = group(a, moduleId);
  if (!g || !isGridReduction(a, moduleId)) return undefined;
  const [d, , k] = g.inShape;
  const [d2, , k2] = g.outShape;
  const box = (id: string, label: string, sub: string, shape: number[]): VNode => ({
    id,
    kind: 'node',
    expandable: false,
    label,
    sub,
    outShape: shape,
    aux: false,
    members: [],
  });
  const e = (s: string, t: string, shape: number[]): VEdge => ({
    id: `${s}->${t}`,
    source: s,
    target: t,
    label: formatShape(shape),
    aux: false,
  });
  const nodes: VNode[] = [
    box('L:in', tr('fig.previousLayer'), formatShape([d, d, k]), [d, d, k]),
    box('L:pool', tr('fig9.pooling'), tr('fig9.stride2'), [d2, d2, k]),
    box('L:inc', 'Inception', `${k} → ${k2}`, [d2, d2, k2]),
    box('R:in', tr('fig.previousLayer'), formatShape([d, d, k]), [d, d, k]),
    box('R:inc', 'Inception', `${k} → ${k2}`, [d, d, k2]),
    box('R:pool', tr('fig9.pooling'), tr('fig9.stride2'), [d2, d2, k2]),
  ];
  const edges = [
    e('L:in', 'L:pool', [d, d, k]),
    e('L:pool', 'L:inc', [d2, d2, k]),
    e('R:in', 'R:inc', [d, d, k]),
    e('R:inc', 'R:pool', [d, d, k2]),
  ];
  return {
    title: tr('fig9.title'),
    caption: tr('fig9.caption', {
      name: g.paperName ?? g.name,
      ref: refText(figureRefOf(a, g), tr),
      from: formatShape(g.inShape),
      to: formatShape(g.outShape),
    }),
    notes: [
      tr('fig9.left', { d2, k }),
      tr('fig9.right', { d }),
      tr('fig9.both', { name: g.paperName ?? g.name }),
    ],
    graph: { nodes, edges, shownAs: new Map() },
    ops: new Map(
      nodes.map(
        (n) => [n.id, n.id.endsWith(':in') ? 'input' : n.id.endsWith(':pool') ? 'pool' : 'module'] as const,
      ),
    ),
    misprints: new Map(),
  };
}
