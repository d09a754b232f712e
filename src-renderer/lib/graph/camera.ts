/**
 * The Browse graph's camera, as pure functions (issue #18.4): a d3-zoom transform (x, y, k) maps a
 * scene point p to the screen as p·k + (x, y). The drawn scene is the layout shifted by `offset`
 * (which keeps a toggled box in place) and by the scene margin. GraphView.svelte only feeds these
 * functions its viewport and applies what they return.
 */

export interface Camera {
  x: number;
  y: number;
  k: number;
}

export interface Viewport {
  w: number;
  h: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A rectangle in layout coordinates. */
export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The part of the layout on screen: the screen's corners mapped back through the camera. */
export function viewBounds(cam: Camera, vp: Viewport, offset: Point, margin: number): Bounds {
  return {
    x0: -cam.x / cam.k - offset.x - margin,
    y0: -cam.y / cam.k - offset.y - margin,
    x1: (vp.w - cam.x) / cam.k - offset.x - margin,
    y1: (vp.h - cam.y) / cam.k - offset.y - margin,
  };
}

/** Whether a layout box lies wholly inside bounds. */
export function contains(b: Bounds, r: Box): boolean {
  return r.x >= b.x0 && r.y >= b.y0 && r.x + r.w <= b.x1 && r.y + r.h <= b.y1;
}

/** Whether a layout box overlaps bounds at all (culling). */
export function overlaps(b: Bounds, r: Box): boolean {
  return !(r.x > b.x1 || r.y > b.y1 || r.x + r.w < b.x0 || r.y + r.h < b.y0);
}

/**
 * The whole layout (plus its margins) on screen, centred, never above 1.5×. `readable` fits the
 * width instead at no less than 80% (capped at 1:1) and starts at the top, for long chains that
 * would otherwise fit as a hairline.
 */
export function fitCamera(
  size: { width: number; height: number },
  vp: Viewport,
  offset: Point,
  margin: number,
  readable = false,
): Camera {
  const w = size.width + 2 * margin;
  const h = size.height + 2 * margin;
  let k = Math.min(vp.w / w, vp.h / h, 1.5);
  if (readable && k < 0.8) k = Math.min(1, Math.max(0.8, vp.w / w));
  return {
    x: Math.max(0, (vp.w - w * k) / 2) - offset.x * k,
    y: Math.max(0, (vp.h - h * k) / 2) - offset.y * k,
    k,
  };
}

/** A box at the centre of the screen, zoomed in to at least 80% so that it can be read. */
export function centreCamera(r: Box, cam: Camera, vp: Viewport, offset: Point, margin: number): Camera {
  const k = Math.max(cam.k, 0.8);
  const cx = (r.x + r.w / 2 + offset.x + margin) * k;
  const cy = (r.y + r.h / 2 + offset.y + margin) * k;
  return { x: vp.w / 2 - cx, y: vp.h / 2 - cy, k };
}

/** A layout point at the centre of the screen, at zoom k (the minimap's click). */
export function panCamera(p: Point, k: number, vp: Viewport, offset: Point, margin: number): Camera {
  return { x: vp.w / 2 - (p.x + offset.x + margin) * k, y: vp.h / 2 - (p.y + offset.y + margin) * k, k };
}

/** The culling window: the view plus half a screen around it, and the zoom it was made at. */
export interface Cull extends Bounds {
  k: number;
}

/**
 * The culling window to use for a view: the same one while the view stays inside it and the zoom
 * within 1.3× of the one it was made at (so panning does not re-render every frame), else a new one.
 */
export function nextCull(cull: Cull, view: Bounds, k: number): Cull {
  const inside = view.x0 >= cull.x0 && view.y0 >= cull.y0 && view.x1 <= cull.x1 && view.y1 <= cull.y1;
  const kChanged = k / cull.k > 1.3 || cull.k / k > 1.3;
  if (inside && !kChanged) return cull;
  const mx = (view.x1 - view.x0) / 2;
  const my = (view.y1 - view.y0) / 2;
  return { x0: view.x0 - mx, y0: view.y0 - my, x1: view.x1 + mx, y1: view.y1 + my, k };
}
