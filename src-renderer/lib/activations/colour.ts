/**
 * Colour scales for feature maps. A range is chosen per channel, per layer (one range for the
 * node), or globally (one range for the whole run, so layers compare); a range that spans zero is
 * drawn with a diverging map centred on zero, otherwise with a sequential map from its low end.
 */
import { interpolateInferno, interpolateRdBu } from 'd3-scale-chromatic';
import { rgb } from 'd3-color';
import type { ChannelStats, QTensor } from './quant';

export type ScaleMode = 'channel' | 'layer' | 'global';

export interface Range {
  lo: number;
  hi: number;
  /** lo < 0 < hi: zero maps to the middle of a diverging map. */
  diverging: boolean;
}

export function rangeOf(lo: number, hi: number): Range {
  return { lo, hi, diverging: lo < 0 && hi > 0 };
}

/** The union of ranges (e.g. every node of a run, or the panels of a residual block). */
export function unionRange(rs: readonly { lo: number; hi: number }[]): Range {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rs) {
    lo = Math.min(lo, r.lo);
    hi = Math.max(hi, r.hi);
  }
  return rs.length ? rangeOf(lo, hi) : rangeOf(0, 0);
}

/** Position of v in [0, 1] along the map: linear from lo to hi, or 0.5 + v / (2·max|·|) when diverging. */
export function unit(v: number, r: Range): number {
  let t: number;
  if (r.diverging) {
    const m = Math.max(-r.lo, r.hi);
    t = 0.5 + v / (2 * m);
  } else if (r.hi > r.lo) t = (v - r.lo) / (r.hi - r.lo);
  else t = 0;
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

/** The range channel c is drawn with under a mode. */
export function channelRange(
  mode: ScaleMode,
  stats: ChannelStats,
  c: number,
  layer: Range,
  global: Range,
): Range {
  if (mode === 'layer') return layer;
  if (mode === 'global') return global;
  return rangeOf(stats.min[c]!, stats.max[c]!);
}

/** 256 RGB entries sampled from an interpolator (t = i / 255). */
function lut(f: (t: number) => string): Uint8Array {
  const out = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = rgb(f(i / 255));
    out[i * 3] = c.r;
    out[i * 3 + 1] = c.g;
    out[i * 3 + 2] = c.b;
  }
  return out;
}

let seqLut: Uint8Array | undefined;
let divLut: Uint8Array | undefined;
/** Inferno for one-signed ranges; RdBu reversed (blue below zero, red above) for ranges across zero. */
export function paletteFor(r: Range): Uint8Array {
  if (r.diverging) return (divLut ??= lut((t) => interpolateRdBu(1 - t)));
  return (seqLut ??= lut(interpolateInferno));
}

/** A CSS gradient of the palette, for the colour bar. */
export function cssGradient(r: Range, stops = 9): string {
  const p = paletteFor(r);
  const parts: string[] = [];
  for (let i = 0; i < stops; i++) {
    const k = Math.round((i / (stops - 1)) * 255);
    parts.push(`rgb(${p[k * 3]},${p[k * 3 + 1]},${p[k * 3 + 2]}) ${((i / (stops - 1)) * 100).toFixed(1)}%`);
  }
  return `linear-gradient(to right, ${parts.join(', ')})`;
}

/**
 * Per channel, code → palette index (0–255): the 256 possible codes are mapped once per channel,
 * then every pixel is a table look-up.
 */
export function codeIndex(t: QTensor, c: number, r: Range): Uint8Array {
  const out = new Uint8Array(256);
  const s = t.scale[c]!;
  const o = t.offset[c]!;
  for (let k = 0; k < 256; k++) out[k] = Math.round(255 * unit(o + s * k, r));
  return out;
}

/** The value at position t of a range's map (the colour bar's tick labels). */
export function valueAtUnit(t: number, r: Range): number {
  if (r.diverging) {
    const m = Math.max(-r.lo, r.hi);
    return (t - 0.5) * 2 * m;
  }
  return r.lo + t * (r.hi - r.lo);
}
