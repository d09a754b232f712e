/**
 * Colours by grid size. Grids fall into octave buckets (≥200, ≥100, ≥50, ≥25, ≥12, ≥5, ≥2, 1) so that
 * GoogLeNet's 28×28 and Inception-v3's 35×35 share a colour and compare views stay consistent.
 */
import type { Shape } from '../../../src-main/shared/analysis-types';

/** Pastel fills, from the largest grid to 1×1; dark text stays readable on all of them. */
const FILLS = ['#f3d9d0', '#f6e3c3', '#eef0c4', '#d3ecd0', '#cde6ee', '#d6dcf5', '#e6d8f2', '#eddde6'];
const STROKES = ['#b5695a', '#b88a3e', '#9a9a3a', '#4f9a5a', '#3f8aa0', '#5468b0', '#8a5ab0', '#a05a80'];
const VECTOR = { fill: '#e8e8e8', stroke: '#808080' };

export const AUX_COLOUR = { fill: '#fff1e0', stroke: '#d9822b', text: '#a85a0f' };
export const INK = '#1f2430';
/** Secondary text, drawn on the boxes' fills too: ≥ 4.5:1 on the darkest of them (WCAG AA; contrast.e2e). */
export const MUTED = '#4e5866';
export const EDGE = '#8a94a3';
export const HIGHLIGHT = '#f5b400';
export const SELECT = '#1f6feb';

/** Bucket index of a grid side length (0 = largest). */
export function gridBucket(h: number): number {
  if (h >= 200) return 0;
  if (h >= 100) return 1;
  if (h >= 50) return 2;
  if (h >= 25) return 3;
  if (h >= 12) return 4;
  if (h >= 5) return 5;
  if (h >= 2) return 6;
  return 7;
}

/** Grid side of a shape, or undefined for vectors ([C]). */
export function gridOf(shape: Shape | undefined): number | undefined {
  return shape && shape.length === 3 ? shape[0] : undefined;
}

export function gridColour(h: number | undefined): { fill: string; stroke: string } {
  if (h === undefined) return VECTOR;
  const b = gridBucket(h);
  return { fill: FILLS[b], stroke: STROKES[b] };
}

export interface LegendEntry {
  label: string;
  fill: string;
  stroke: string;
}

/** Legend rows for the grids present, largest first; grids sharing a colour share a row ("149×149, 147×147"). */
export function gridLegend(shapes: Iterable<Shape>): LegendEntry[] {
  const byBucket = new Map<number, Set<number>>();
  let vector = false;
  for (const s of shapes) {
    const g = gridOf(s);
    if (g === undefined) {
      vector = true;
      continue;
    }
    const b = gridBucket(g);
    if (!byBucket.has(b)) byBucket.set(b, new Set());
    byBucket.get(b)!.add(g);
  }
  const rows: LegendEntry[] = [...byBucket.keys()]
    .sort((a, b) => a - b)
    .map((b) => ({
      label: [...byBucket.get(b)!]
        .sort((x, y) => y - x)
        .map((g) => `${g}×${g}`)
        .join(', '),
      fill: FILLS[b],
      stroke: STROKES[b],
    }));
  if (vector) rows.push({ label: 'vector', ...VECTOR });
  return rows;
}

/**
 * Operations, coloured as the papers' module figures colour their boxes (Inception-v4 paper
 * Figures 3–19: convolutions, pools, the filter concat, the residual add and the ReLU each in their
 * own colour; the linear 1×1 expansion apart from the ReLU convolutions).
 */
export type FigureOp =
  'input' | 'conv' | 'linear' | 'pool' | 'concat' | 'add' | 'relu' | 'dense' | 'aux' | 'module' | 'other';

export const OP_COLOURS: Record<FigureOp, { fill: string; stroke: string }> = {
  input: { fill: '#ffffff', stroke: '#6b7280' },
  conv: { fill: '#fde2c4', stroke: '#c27a2c' },
  linear: { fill: '#e9dcf7', stroke: '#7d4fb3' },
  pool: { fill: '#d2e6f7', stroke: '#3b7bbf' },
  concat: { fill: '#fbf1a9', stroke: '#a88f12' },
  add: { fill: '#cfeccf', stroke: '#3c8c3c' },
  relu: { fill: '#e4e8ec', stroke: '#6b7785' },
  dense: { fill: '#f6d3dc', stroke: '#b04a66' },
  aux: { fill: '#fff1e0', stroke: '#d9822b' },
  module: { fill: '#d6dcf5', stroke: '#5468b0' },
  other: { fill: '#eeeeee', stroke: '#8a8a8a' },
};

/** The order of the key under a figure. */
export const OP_ORDER: FigureOp[] = [
  'input',
  'conv',
  'linear',
  'pool',
  'concat',
  'add',
  'relu',
  'dense',
  'module',
  'aux',
  'other',
];

/** The operations present, in key order. */
export function opLegend(ops: Iterable<FigureOp>): FigureOp[] {
  const have = new Set(ops);
  return OP_ORDER.filter((o) => have.has(o));
}
