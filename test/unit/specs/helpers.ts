/**
 * Helpers for the spec tests: the reference fixtures and look-ups into an analysis. Expected values
 * come from test/fixtures (copies of the shared reference files); these helpers only look things up.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type {
  Analysis,
  AnalysedGroup,
  AnalysedNode,
  Shape,
} from '../../../src-main/shared/analysis-types.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), 'utf8'));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const REF: any = fixture('reference-architectures.json');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const PRINTED: any = fixture('paper-tables-printed.json');

/** One per-child row of a reference entry (timm / torchvision modules). */
export interface RefChild {
  name: string;
  type?: string;
  params: number;
  out_shape: number[];
}

/** A reference entry's per-child rows as [name, row] pairs for it.each. */
export const children = (entry: { children: RefChild[] }): [string, RefChild][] =>
  entry.children.map((c) => [c.name, c]);

// ---- shapes

/**
 * Compare shapes across layouts: the reference is [C, H, W] (or [C]); the analysis is [H, W, C].
 * A 1×1 map and a flat vector are the same thing here (pooling heads differ only in that).
 */
export function normShape(s: number[], layout: 'chw' | 'hwc'): number[] {
  const hwc = layout === 'chw' && s.length === 3 ? [s[1]!, s[2]!, s[0]!] : s;
  return hwc.length === 3 && hwc[0] === 1 && hwc[1] === 1 ? [hwc[2]!] : hwc;
}

/** Reference shapes are [C, H, W] (or [C]); the analysis uses [H, W, C]. */
export const hwc = (s: number[]): Shape => (s.length === 3 ? [s[1]!, s[2]!, s[0]!] : s);

export const allPositive = (s: Shape): boolean => s.every((d) => Number.isInteger(d) && d > 0);

// ---- look-ups

export function node(a: Analysis, id: string): AnalysedNode {
  const n = a.nodes.find((x) => x.id === id);
  if (!n)
    throw new Error(
      `no node '${id}' (have e.g. ${a.nodes
        .slice(0, 5)
        .map((x) => x.id)
        .join(', ')})`,
    );
  return n;
}

export function group(a: Analysis, id: string): AnalysedGroup {
  const g = a.groups.find((x) => x.id === id);
  if (!g) throw new Error(`no group '${id}'`);
  return g;
}

/** Params (PyTorch convention) and output shape of a node or group, by id. */
export function measure(a: Analysis, id: string): { params: number; shape: Shape } {
  const g = a.groups.find((x) => x.id === id);
  if (g) return { params: g.params.pytorch, shape: g.outShape };
  const n = node(a, id);
  return { params: n.params.pytorch, shape: n.outShape };
}

/** Sum over several groups (e.g. timm's `repeat` Sequential = several of our modules). */
export function sumGroups(a: Analysis, ids: string[]): { params: number; shape: Shape } {
  const gs = ids.map((id) => group(a, id));
  return { params: gs.reduce((s, g) => s + g.params.pytorch, 0), shape: gs[gs.length - 1]!.outShape };
}

export const range = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}_${from + i}`);

// ---- counts (main graph only unless `main` is false)

export const layerNodes = (a: Analysis, main = true): AnalysedNode[] =>
  a.nodes.filter((n) => n.kind === 'layer' && (!main || n.aux === undefined));

export const count = (a: Analysis, pred: (n: AnalysedNode) => boolean, main = true): number =>
  a.nodes.filter((n) => (!main || n.aux === undefined) && pred(n)).length;

export const convsWithBias = (a: Analysis, main = true): number =>
  count(a, (n) => n.layer?.op === 'conv' && n.layer.bias, main);

export const denseMacs = (a: Analysis): number =>
  layerNodes(a)
    .filter((n) => n.layer?.op === 'dense')
    .reduce((s, n) => s + n.macs, 0);

/** Distinct conv kernels, sorted like the reference's conv_kernel_sizes. */
export function kernels(a: Analysis, main = true): number[][] {
  const set = new Set(
    layerNodes(a, main).flatMap((n) => (n.layer?.op === 'conv' ? [n.layer.kernel.join('x')] : [])),
  );
  return [...set].map((k) => k.split('x').map(Number)).sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!);
}

/** Parameters of a conv→BN unit in the PyTorch convention: weights + γ + β (no bias). */
export const convBn = (cin: number, cout: number, kh: number, kw = kh): number =>
  kh * kw * cin * cout + 2 * cout;
