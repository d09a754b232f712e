/**
 * Where a node sits in the network, for stepping through a run: moving along the topological
 * order, mapping a graph or table selection (a node, a module, a folded run of modules) to a node,
 * and what an Inception module or residual block is made of.
 */
import type { AnalysedNode, Analysis } from '../../../src-main/shared/analysis-types';
import { moduleRuns } from '../layout/visible-graph';
import { indexOf } from '../../../src-main/shared/analysis-index';

/** The index after a step of `delta`, kept inside [0, count). */
export function step(index: number, delta: number, count: number): number {
  if (count <= 0) return 0;
  return Math.max(0, Math.min(count - 1, index + delta));
}

/**
 * The run node a selection stands for: the node itself, else the output of the group it names
 * (a module's concat or sum), else undefined.
 */
export function nodeForSelection(
  a: Analysis,
  order: readonly string[],
  selected: string | undefined,
): string | undefined {
  if (!selected) return undefined;
  if (order.includes(selected)) return selected;
  const g = a.groups.find((x) => x.id === selected);
  if (g && order.includes(g.output)) return g.output;
  // A folded run of repeated modules: its first module's output.
  const run = moduleRuns(a).find((r) => r.id === selected);
  const first = run?.modules[0];
  return first && order.includes(first.output) ? first.output : undefined;
}

export type Composition =
  | { kind: 'concat'; node: string; parts: string[] }
  | {
      kind: 'residual';
      node: string;
      /** The block's input (the shortcut). */
      input: string;
      /** The residual branch's output, before scaling. */
      branch: string;
      /** The residual scale (1 when there is none). */
      scale: number;
      /** Applied after the sum (e.g. 'relu'), if any. */
      activation?: string;
    };

/**
 * For a concat: the branch outputs in order. For an add: which input is the shortcut and which the
 * branch. The branch is the input computed inside the block's module; failing that, the second.
 */
export function composition(a: Analysis, nodeId: string): Composition | undefined {
  const n = indexOf(a).byId.get(nodeId);
  if (!n) return undefined;
  if (n.kind === 'concat') return { kind: 'concat', node: n.id, parts: [...n.inputs] };
  if (n.kind !== 'add' || n.inputs.length !== 2) return undefined;
  const byId = new Map(a.nodes.map((x) => [x.id, x] as const));
  const inside = n.inputs.filter((i) => byId.get(i)?.module === n.module);
  const branch = inside.length === 1 ? inside[0]! : n.inputs[1]!;
  const input = n.inputs.find((i) => i !== branch)!;
  const c: Composition = { kind: 'residual', node: n.id, input, branch, scale: n.scale ?? 1 };
  if (n.activation && n.activation !== 'linear') c.activation = n.activation;
  return c;
}

/** The output of the module a node belongs to, when that is another node (to jump to the concat or sum). */
export function moduleOutput(a: Analysis, nodeId: string): string | undefined {
  const n = indexOf(a).byId.get(nodeId);
  const g = n && a.groups.find((x) => x.id === n.module && x.kind === 'module');
  return g && g.output !== nodeId ? g.output : undefined;
}

/** A short description of what a node computes: 'conv 3×3 /2 · relu', 'concat of 4', 'add ×0.17 · relu'. */
export function describeNode(n: AnalysedNode): string {
  if (n.kind === 'input') return 'input';
  if (n.kind === 'concat') return `concat of ${n.inputs.length}`;
  if (n.kind === 'add') {
    const s = n.scale !== undefined && n.scale !== 1 ? ` ×${n.scale}` : '';
    const act = n.activation && n.activation !== 'linear' ? ` · ${n.activation}` : '';
    return `add${s}${act}`;
  }
  const l = n.layer;
  if (!l) return n.op ?? n.kind;
  const parts: string[] = [l.op];
  const win = l.op === 'conv' ? l.kernel : l.op === 'maxpool' || l.op === 'avgpool' ? l.pool : undefined;
  if (win) parts.push(`${win[0]}×${win[1]}`);
  const strides = l.op === 'conv' || l.op === 'maxpool' || l.op === 'avgpool' ? l.strides : undefined;
  if (strides && Math.max(strides[0], strides[1]) > 1) parts.push(`/${Math.max(strides[0], strides[1])}`);
  let out = parts.join(' ');
  if ((l.op === 'conv' || l.op === 'dense') && l.activation !== 'linear') out += ` · ${l.activation}`;
  return out;
}

/** Whether zeros in this node's output come from a ReLU (so the zero fraction means dead units). */
export function endsInRelu(n: AnalysedNode): boolean {
  if (n.kind === 'add') return n.activation === 'relu';
  const l = n.layer;
  return !!l && (l.op === 'relu' || ((l.op === 'conv' || l.op === 'dense') && l.activation === 'relu'));
}
