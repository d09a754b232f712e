/**
 * The channel grid: one tile per channel, laid out to fill an area, drawn into an RGBA buffer
 * (nearest-neighbour, so each activation stays a crisp square). Pure: the view puts the buffer
 * on a canvas.
 */
import { codeIndex, paletteFor, type Range } from './colour';
import type { QTensor } from './quant';

export interface GridLayout {
  channels: number;
  cols: number;
  rows: number;
  /** Tile size in CSS pixels. */
  tileW: number;
  tileH: number;
  gap: number;
  width: number;
  height: number;
}

export interface GridOptions {
  /** Width available. */
  maxWidth: number;
  /** Height the grid should aim for (it grows past it when the tiles hit minTile). */
  targetHeight: number;
  gap?: number;
  minTile?: number;
  maxTile?: number;
}

/**
 * Square-ish tiles whose side d is the largest that fits C tiles of (d + gap)² into the target
 * area, clamped to [minTile, maxTile], then as many columns as the width takes. The longer side of
 * a plane gets d; the other keeps the aspect.
 */
export function gridLayout(C: number, H: number, W: number, o: GridOptions): GridLayout {
  const gap = o.gap ?? 1;
  const minTile = o.minTile ?? 4;
  const maxTile = o.maxTile ?? 160;
  const area = Math.max(1, o.maxWidth) * Math.max(1, o.targetHeight);
  let d = Math.floor(Math.sqrt(area / Math.max(1, C))) - gap;
  d = Math.max(minTile, Math.min(maxTile, d, Math.max(minTile, o.maxWidth)));
  const tileW = W >= H ? d : Math.max(1, Math.round((d * W) / H));
  const tileH = H >= W ? d : Math.max(1, Math.round((d * H) / W));
  const cols = Math.max(1, Math.min(C, Math.floor((o.maxWidth + gap) / (tileW + gap))));
  const rows = Math.ceil(C / cols);
  return {
    channels: C,
    cols,
    rows,
    tileW,
    tileH,
    gap,
    width: cols * (tileW + gap) - gap,
    height: rows * (tileH + gap) - gap,
  };
}

/** Top-left corner of channel c's tile. */
export function tileOrigin(g: GridLayout, c: number): { x: number; y: number } {
  return { x: (c % g.cols) * (g.tileW + g.gap), y: Math.floor(c / g.cols) * (g.tileH + g.gap) };
}

/** The channel under a point of the grid, or -1 on a gap or past the last channel. */
export function hitTest(g: GridLayout, x: number, y: number): number {
  if (x < 0 || y < 0) return -1;
  const col = Math.floor(x / (g.tileW + g.gap));
  const row = Math.floor(y / (g.tileH + g.gap));
  if (col >= g.cols || x - col * (g.tileW + g.gap) >= g.tileW || y - row * (g.tileH + g.gap) >= g.tileH)
    return -1;
  const c = row * g.cols + col;
  return c < g.channels ? c : -1;
}

/** The plane position (row, column, flat index) under a point inside a tile of size tw × th. */
export function cellAt(
  t: { H: number; W: number },
  tw: number,
  th: number,
  x: number,
  y: number,
): { row: number; col: number; index: number } {
  const col = Math.min(t.W - 1, Math.max(0, Math.floor((x * t.W) / tw)));
  const row = Math.min(t.H - 1, Math.max(0, Math.floor((y * t.H) / th)));
  return { row, col, index: row * t.W + col };
}

/** Draws channel c into an RGBA buffer of width `stride` at (x0, y0), scaled to tw × th. */
export function drawChannel(
  out: Uint8ClampedArray,
  stride: number,
  t: QTensor,
  c: number,
  r: Range,
  x0: number,
  y0: number,
  tw: number,
  th: number,
): void {
  const idx = codeIndex(t, c, r);
  const pal = paletteFor(r);
  const plane = c * t.H * t.W;
  for (let y = 0; y < th; y++) {
    const sy = Math.floor((y * t.H) / th);
    let o = ((y0 + y) * stride + x0) * 4;
    for (let x = 0; x < tw; x++) {
      const k = idx[t.codes[plane + sy * t.W + Math.floor((x * t.W) / tw)]!]! * 3;
      out[o] = pal[k]!;
      out[o + 1] = pal[k + 1]!;
      out[o + 2] = pal[k + 2]!;
      out[o + 3] = 255;
      o += 4;
    }
  }
}

/** The whole grid as RGBA (gaps transparent); `rangeFor(c)` picks each channel's colour range. */
export function renderGrid(
  t: QTensor,
  g: GridLayout,
  rangeFor: (c: number) => Range,
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(g.width * g.height * 4);
  for (let c = 0; c < Math.min(t.C, g.channels); c++) {
    const { x, y } = tileOrigin(g, c);
    drawChannel(out, g.width, t, c, rangeFor(c), x, y, g.tileW, g.tileH);
  }
  return out;
}
