/**
 * A laid-out graph as drawable glyphs. The screen (Svelte) and the SVG exporter both draw exactly
 * these shapes with the same attributes, so an exported SVG looks like the screen.
 * A glyph is positioned by (x, y); its shapes are in local coordinates and depend on (w, h), so a
 * node can be animated by interpolating only x, y, w and h.
 */
import type { GraphLayout, LEdge, LNode } from '../layout/layout';
import { PAD, SIZE } from '../layout/measure';
import { AUX_COLOUR, EDGE, gridColour, gridOf, INK, MUTED } from './colours';

export type Shape =
  | {
      t: 'rect';
      x: number;
      y: number;
      w: number;
      h: number;
      rx: number;
      fill: string;
      stroke: string;
      sw: number;
      dash?: string;
    }
  | {
      t: 'text';
      x: number;
      y: number;
      text: string;
      size: number;
      weight?: number;
      fill: string;
      anchor: 'start' | 'middle' | 'end';
      italic?: boolean;
    }
  | { t: 'path'; d: string; stroke: string; sw: number; dash?: string; arrow?: 'arrow' | 'arrow-aux' }
  | { t: 'circle'; cx: number; cy: number; r: number; fill: string };

/** Draw order: containers, edges, edge labels, boxes. */
export type GlyphLayer = 0 | 1 | 2 | 3;

export interface Glyph {
  key: string;
  /** The visible-graph node (or edge) id, for interaction. */
  id: string;
  kind: 'container' | 'box' | 'edge' | 'edge-label';
  layer: GlyphLayer;
  x: number;
  y: number;
  w: number;
  h: number;
  node?: LNode;
  edge?: LEdge;
  /** A box's own colours (figures colour by operation); otherwise by grid size. */
  paint?: Paint;
}

export interface Paint {
  fill: string;
  stroke: string;
  /** A heavier, dashed outline (a width the paper misprints). */
  flag?: boolean;
}

export interface Scene {
  glyphs: Glyph[];
  width: number;
  height: number;
}

const MARGIN = 20;

/** `paint` colours boxes by something other than their grid (the figures: by operation). */
export function buildScene(l: GraphLayout, paint?: (n: LNode) => Paint | undefined): Scene {
  const glyphs: Glyph[] = [];
  for (const n of l.nodes) {
    const open = !!n.open;
    const p = paint?.(n);
    glyphs.push({
      ...(p ? { paint: p } : {}),
      key: `n:${n.id}`,
      id: n.id,
      kind: open ? 'container' : 'box',
      layer: open ? 0 : 3,
      x: n.x,
      y: n.y,
      w: n.w,
      h: n.h,
      node: n,
    });
  }
  for (const e of l.edges) {
    const xs = e.points.map((p) => p[0]);
    const ys = e.points.map((p) => p[1]);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    glyphs.push({
      key: `e:${e.id}`,
      id: e.id,
      kind: 'edge',
      layer: 1,
      x,
      y,
      w: Math.max(...xs) - x,
      h: Math.max(...ys) - y,
      edge: e,
    });
    if (e.label && e.lw > 0) {
      glyphs.push({
        key: `l:${e.id}`,
        id: e.id,
        kind: 'edge-label',
        layer: 2,
        x: e.lx,
        y: e.ly,
        w: e.lw,
        h: e.lh,
        edge: e,
      });
    }
  }
  glyphs.sort((a, b) => a.layer - b.layer);
  return { glyphs, width: l.width + 2 * MARGIN, height: l.height + 2 * MARGIN };
}

/** The scene's offset: layout coordinates start at (0, 0); the drawing has a margin. */
export const SCENE_MARGIN = MARGIN;

function nodeColours(n: LNode, paint?: Paint): { fill: string; stroke: string; text: string } {
  if (paint) return { fill: paint.fill, stroke: paint.stroke, text: INK };
  if (n.aux) return { fill: AUX_COLOUR.fill, stroke: AUX_COLOUR.stroke, text: INK };
  if (n.kind === 'anchor') return { fill: EDGE, stroke: EDGE, text: INK };
  const c = gridColour(gridOf(n.outShape));
  if (n.kind === 'node' && n.label === 'input') return { fill: '#ffffff', stroke: '#6b7280', text: INK };
  return { ...c, text: INK };
}

/** Local shapes of a glyph at a given size (w, h may be animated). */
export function glyphShapes(g: Glyph, w = g.w, h = g.h): Shape[] {
  if (g.kind === 'edge') {
    const e = g.edge!;
    const d = e.points
      .map(([x, y], i) => `${i ? 'L' : 'M'}${(x - g.x).toFixed(1)},${(y - g.y).toFixed(1)}`)
      .join('');
    return [
      e.aux
        ? { t: 'path', d, stroke: AUX_COLOUR.stroke, sw: 1.3, dash: '5 3', arrow: 'arrow-aux' }
        : { t: 'path', d, stroke: EDGE, sw: 1.2, arrow: 'arrow' },
    ];
  }
  if (g.kind === 'edge-label') {
    const e = g.edge!;
    return [
      { t: 'rect', x: 0, y: 0, w, h, rx: 2, fill: '#ffffff', stroke: 'none', sw: 0 },
      {
        t: 'text',
        x: w / 2,
        y: h - 3,
        text: e.label,
        size: SIZE.edge,
        fill: e.aux ? AUX_COLOUR.text : MUTED,
        anchor: 'middle',
      },
    ];
  }
  const n = g.node!;
  const c = nodeColours(n, g.paint);
  if (n.kind === 'anchor') return [{ t: 'circle', cx: w / 2, cy: h / 2, r: Math.min(w, h) / 2, fill: EDGE }];
  if (g.kind === 'container') {
    const fill = n.aux ? AUX_COLOUR.fill : '#fbfbfd';
    const shapes: Shape[] = [
      {
        t: 'rect',
        x: 0,
        y: 0,
        w,
        h,
        rx: 8,
        fill,
        stroke: c.stroke,
        sw: 1.5,
        ...(n.aux ? { dash: '6 4' } : {}),
      },
      {
        t: 'text',
        x: PAD.container,
        y: 18,
        text: n.label,
        size: SIZE.header,
        weight: 600,
        fill: INK,
        anchor: 'start',
      },
    ];
    if (n.sub) {
      shapes.push({
        t: 'text',
        x: w - PAD.container,
        y: 18,
        text: n.sub,
        size: SIZE.sub,
        fill: n.aux ? AUX_COLOUR.text : MUTED,
        anchor: 'end',
      });
    }
    return shapes;
  }
  const shapes: Shape[] = [];
  const dash = n.aux ? '5 3' : g.paint?.flag ? '4 2' : undefined;
  const rx = n.kind === 'node' ? 3 : 6;
  if (n.kind === 'run') {
    // A stack of cards: the run folds several identical modules.
    shapes.push({ t: 'rect', x: 6, y: 0, w: w - 6, h: h - 6, rx, fill: c.fill, stroke: c.stroke, sw: 1 });
    shapes.push({ t: 'rect', x: 3, y: 3, w: w - 6, h: h - 6, rx, fill: c.fill, stroke: c.stroke, sw: 1 });
    shapes.push({ t: 'rect', x: 0, y: 6, w: w - 6, h: h - 6, rx, fill: c.fill, stroke: c.stroke, sw: 1.3 });
  } else {
    const bold = n.kind === 'module' && n.expandable;
    shapes.push({
      t: 'rect',
      x: 0,
      y: 0,
      w,
      h,
      rx,
      fill: c.fill,
      stroke: c.stroke,
      sw: bold || g.paint?.flag ? 1.6 : 1,
      ...(dash ? { dash } : {}),
    });
  }
  const top = n.kind === 'run' ? 6 : 0;
  const cx = n.kind === 'run' ? (w - 6) / 2 : w / 2;
  const weight = n.kind === 'node' ? undefined : 600;
  if (n.sub) {
    shapes.push({
      t: 'text',
      x: cx,
      y: top + 15,
      text: n.label,
      size: SIZE.label,
      ...(weight ? { weight } : {}),
      fill: c.text,
      anchor: 'middle',
    });
    shapes.push({
      t: 'text',
      x: cx,
      y: top + 29,
      text: n.sub,
      size: SIZE.sub,
      fill: n.aux ? AUX_COLOUR.text : MUTED,
      anchor: 'middle',
    });
  } else {
    shapes.push({
      t: 'text',
      x: cx,
      y: top + h / 2 + 4,
      text: n.label,
      size: SIZE.label,
      ...(weight ? { weight } : {}),
      fill: c.text,
      anchor: 'middle',
    });
  }
  return shapes;
}
