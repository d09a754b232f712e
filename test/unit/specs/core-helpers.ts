/**
 * Helpers for the GoogLeNet / v2 / v3 / BN-Inception spec tests. Expected values come from
 * test/fixtures (copies of the shared reference files); these helpers only look things up.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Analysis, AnalysedGroup, AnalysedNode, Shape } from '../../../src-main/analysis/types.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), 'utf8'));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const REF: any = fixture('reference-architectures.json');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const PRINTED: any = fixture('paper-tables-printed.json');

/**
 * Compare shapes across layouts: the reference is [C, H, W] (or [C]); the analysis is [H, W, C].
 * A 1×1 map and a flat vector are the same thing here (pooling heads differ only in that).
 */
export function normShape(s: number[], layout: 'chw' | 'hwc'): number[] {
  const hwc = layout === 'chw' && s.length === 3 ? [s[1]!, s[2]!, s[0]!] : s;
  return hwc.length === 3 && hwc[0] === 1 && hwc[1] === 1 ? [hwc[2]!] : hwc;
}

export interface RefChild {
  name: string;
  params: number;
  out_shape: number[];
}

/** A reference entry's per-child rows as [name, row] pairs for it.each. */
export const children = (entry: { children: RefChild[] }): [string, RefChild][] =>
  entry.children.map((c) => [c.name, c]);

export function group(a: Analysis, id: string): AnalysedGroup {
  const g = a.groups.find((x) => x.id === id);
  if (!g) throw new Error(`no group '${id}'`);
  return g;
}

export function node(a: Analysis, id: string): AnalysedNode {
  const n = a.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node '${id}'`);
  return n;
}

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

export const allPositive = (s: Shape): boolean => s.every((d) => Number.isInteger(d) && d > 0);
