/**
 * The expand/collapse transition: every box of the new layout starts where the box that showed it
 * before was (a module's layers grow out of the collapsed module, a run's modules out of the run),
 * then moves to its new place.
 */
import type { GraphLayout, LNode } from '../../../lib/layout/layout';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Previous {
  layout: GraphLayout;
  /** Analysis node id → box id in the previous graph. */
  shownAs: Map<string, string>;
  /** Translation from the previous layout's coordinates to the new one's. */
  dx: number;
  dy: number;
}

/** Where each new box starts, in the new layout's coordinates; boxes with no origin fade in. */
export function startRects(prev: Previous, next: readonly LNode[]): Map<string, Rect> {
  const old = new Map(prev.layout.nodes.map((n) => [n.id, n]));
  const out = new Map<string, Rect>();
  const shift = (r: Rect): Rect => ({ x: r.x + prev.dx, y: r.y + prev.dy, w: r.w, h: r.h });
  for (const n of next) {
    let from: LNode | undefined = old.get(n.id);
    if (!from && n.members.length) {
      const rep = prev.shownAs.get(n.members[0]);
      if (rep) from = old.get(rep);
    }
    if (!from && n.parent) from = old.get(n.parent);
    if (!from) continue;
    if (from.id === n.id) out.set(n.id, shift(from));
    else {
      // Grow from the centre of the box that used to show this one.
      const c = shift(from);
      out.set(n.id, { x: c.x + c.w / 2 - n.w / 4, y: c.y + c.h / 2 - n.h / 4, w: n.w / 2, h: n.h / 2 });
    }
  }
  return out;
}

export const lerp = (a: number, b: number, t: number) => a + (b - a) * t;

export function lerpRect(a: Rect, b: Rect, t: number): Rect {
  return { x: lerp(a.x, b.x, t), y: lerp(a.y, b.y, t), w: lerp(a.w, b.w, t), h: lerp(a.h, b.h, t) };
}

export function easeInOut(t: number): number {
  return t < 0.5 ? 4 * t * t * t : 1 - Math.pow(-2 * t + 2, 3) / 2;
}

/**
 * The offset (added to the new layout's coordinates) that keeps the toggled box where it was on
 * screen. The new box is whichever now shows the old box's first member, or its container.
 */
export function keepInPlace(
  prev: GraphLayout | undefined,
  prevOffset: { x: number; y: number },
  toggledId: string | undefined,
  next: GraphLayout,
  nextShownAs: Map<string, string>,
): { x: number; y: number } {
  if (!prev || !toggledId) return prevOffset;
  const a = prev.nodes.find((n) => n.id === toggledId);
  if (!a) return prevOffset;
  const byId = new Map(next.nodes.map((n) => [n.id, n]));
  let b = byId.get(a.id);
  if (!b && a.members.length) {
    const shown = nextShownAs.get(a.members[0]);
    b = shown ? byId.get(shown) : undefined;
    if (b?.parent) b = byId.get(b.parent);
  }
  if (!b) return prevOffset;
  return { x: prevOffset.x + a.x - b.x, y: prevOffset.y + a.y - b.y };
}
