/**
 * Text widths and box sizes. One font stack everywhere (screen, layout, SVG export) so boxes fit.
 * Layout runs in a worker: it measures with OffscreenCanvas where there is one and falls back to a
 * per-character estimate (Node, tests), which errs on the wide side.
 */
import type { VNode } from './visible-graph';

export const FONT = "'DejaVu Sans', 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
export const SIZE = { label: 12, sub: 10, edge: 10, header: 12 } as const;

export type Measure = (text: string, size: number, bold?: boolean) => number;

const NARROW = new Set([..."ijlI.,:;|!'()[] "]);
const WIDE = new Set([...'mwMW×@%']);

/** Deterministic fallback: DejaVu Sans is about 0.6 em per average glyph. */
export const estimateWidth: Measure = (text, size, bold = false) => {
  let em = 0;
  for (const ch of text) em += NARROW.has(ch) ? 0.34 : WIDE.has(ch) ? 0.86 : /[A-Z0-9]/.test(ch) ? 0.66 : 0.6;
  return em * size * (bold ? 1.07 : 1);
};

/** A canvas-backed measure when available (browser main thread or worker). */
export function canvasMeasure(): Measure | undefined {
  const Off = (globalThis as { OffscreenCanvas?: typeof OffscreenCanvas }).OffscreenCanvas;
  if (!Off) return undefined;
  const ctx = new Off(1, 1).getContext('2d');
  if (!ctx) return undefined;
  const cache = new Map<string, number>();
  return (text, size, bold = false) => {
    const key = `${size}|${bold ? 1 : 0}|${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      ctx.font = `${bold ? '600 ' : ''}${size}px ${FONT}`;
      w = ctx.measureText(text).width;
      cache.set(key, w);
    }
    return w;
  };
}

export const PAD = { x: 10, container: 12, header: 28 } as const;
export const ANCHOR = 8;

/** Size of a box that is not an open container. */
export function boxSize(n: VNode, measure: Measure): { w: number; h: number } {
  if (n.kind === 'anchor') return { w: ANCHOR, h: ANCHOR };
  const bold = n.kind !== 'node';
  const lw = measure(n.label, SIZE.label, bold);
  const sw = n.sub ? measure(n.sub, SIZE.sub) : 0;
  const w = Math.ceil(Math.max(lw, sw) + 2 * PAD.x);
  const h = n.sub ? 36 : 24;
  return { w: Math.max(w, 48), h: n.kind === 'run' ? h + 6 : h };
}

export function edgeLabelSize(text: string, measure: Measure): { w: number; h: number } {
  return { w: Math.ceil(measure(text, SIZE.edge) + 6), h: 13 };
}
