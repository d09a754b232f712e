/**
 * Helpers for the Inception-v4 / Inception-ResNet spec tests: the reference fixture and lookups
 * into an analysis. Expected numbers come from the fixture (a copy of the shared reference file).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Analysis, AnalysedGroup, AnalysedNode, Shape } from '../../../src-main/analysis/types.js';

export interface RefChild {
  name: string;
  type: string;
  params: number;
  out_shape: number[];
}

export interface RefEntry {
  params_total: number;
  macs_eval_total: number;
  macs_eval_linear: number;
  conv2d: number;
  conv2d_with_bias: number;
  batchnorm2d: number;
  bn_channels_total: number;
  linear: number;
  children?: RefChild[];
  [k: string]: unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const REF: any = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../fixtures/reference-architectures.json', import.meta.url)),
    'utf8',
  ),
);

/** Reference shapes are [C, H, W] (or [C]); the analysis uses [H, W, C]. */
export const hwc = (s: number[]): Shape => (s.length === 3 ? [s[1]!, s[2]!, s[0]!] : s);

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

export const mainNodes = (a: Analysis): AnalysedNode[] => a.nodes.filter((n) => n.aux === undefined);

export const convsWithBias = (a: Analysis): number =>
  mainNodes(a).filter((n) => n.layer?.op === 'conv' && n.layer.bias).length;

export const denseMacs = (a: Analysis): number =>
  mainNodes(a)
    .filter((n) => n.layer?.op === 'dense')
    .reduce((s, n) => s + n.macs, 0);

/** Parameters of a conv→BN unit in the PyTorch convention: weights + γ + β (no bias). */
export const convBn = (cin: number, cout: number, kh: number, kw = kh): number =>
  kh * kw * cin * cout + 2 * cout;
