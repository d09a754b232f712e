/**
 * Axes as data: tick positions and labels from the d3 scales, grid lines, titles. The screen (Svelte
 * SVG) and the exported SVG draw the same model, so both look alike without a DOM in the export path.
 */
import type { Scales } from './scales';
import type { Frame } from './types';
import { plotHeight, plotWidth } from './types';

export interface Tick {
  at: number;
  label: string;
}

export interface AxisModel {
  x: Tick[];
  y: Tick[];
  /** Plot rectangle in pixels. */
  plot: { x: number; y: number; w: number; h: number };
}

function leading125(v: number): boolean {
  const m = v / Math.pow(10, Math.floor(Math.log10(v)));
  const r = Math.round(m);
  return Math.abs(m - r) < 1e-9 && (r === 1 || r === 2 || r === 5);
}

export function axisModel(
  s: Scales,
  frame: Frame,
  fmt: { x: (v: number) => string; y: (v: number) => string },
  logY: boolean,
  /** Only whole-number x ticks (steps): a short run does not get a tick at step 2.5. */
  xIntegers = false,
  logX = false,
): AxisModel {
  const w = plotWidth(frame);
  const h = plotHeight(frame);
  let xTicks = s.x.ticks(Math.max(2, Math.floor(w / 90)));
  if (xIntegers) xTicks = xTicks.filter((v) => Number.isInteger(v));
  // A log x axis keeps 1, 2, 5 × 10ⁿ when d3 offers every integer multiple.
  if (logX && xTicks.length > 8) xTicks = xTicks.filter(leading125);
  let yTicks = s.y.ticks(Math.max(2, Math.floor(h / 40)));
  // A log axis over several decades gets many ticks; keep the labelled ones readable.
  if (logY && yTicks.length > 12)
    yTicks = yTicks.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
  return {
    x: xTicks.map((v) => ({ at: s.x(v), label: fmt.x(v) })),
    y: yTicks.map((v) => ({ at: s.y(v), label: fmt.y(v) })),
    plot: { x: frame.margin.left, y: frame.margin.top, w, h },
  };
}
