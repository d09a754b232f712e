// Expected cameras worked out by hand (each in its comment), never by running the code.
import { describe, expect, it } from 'vitest';
import { centreCamera, contains, fitCamera, nextCull, overlaps, panCamera, viewBounds } from './camera.js';

const none = { x: 0, y: 0 };

describe('graph camera', () => {
  it('maps the screen back to layout coordinates', () => {
    // screen 0..800 at k = 2, shifted by x = 100: layout x from −100/2 = −50 to 700/2 = 350, less margin 10
    const b = viewBounds({ x: 100, y: 0, k: 2 }, { w: 800, h: 600 }, none, 10);
    expect(b).toEqual({ x0: -60, y0: -10, x1: 340, y1: 290 });
    // an offset shifts the drawn layout, so the view over the layout moves the other way
    expect(viewBounds({ x: 0, y: 0, k: 1 }, { w: 800, h: 600 }, { x: 5, y: 7 }, 0).x0).toBe(-5);
  });

  it('fits the whole graph, centred, at no more than 1.5×', () => {
    // 380 × 180 layout + 2·10 margin = 400 × 200 in 800 × 600: min(2, 3, 1.5) = 1.5; 600 × 300 drawn,
    // centred: x = (800 − 600)/2 = 100, y = (600 − 300)/2 = 150
    expect(fitCamera({ width: 380, height: 180 }, { w: 800, h: 600 }, none, 10)).toEqual({
      x: 100,
      y: 150,
      k: 1.5,
    });
    // a 3980 × 90 chain: k = 800/4000 = 0.2
    expect(fitCamera({ width: 3980, height: 90 }, { w: 800, h: 600 }, none, 10).k).toBeCloseTo(0.2);
  });

  it('a readable fit keeps at least 80% and starts at the left and top', () => {
    // 4000 wide → k 0.2 < 0.8 → max(0.8, 0.2) = 0.8; drawn 3200 wide so x = 0; 100·0.8 = 80 tall: y = 260
    const c = fitCamera({ width: 3980, height: 80 }, { w: 800, h: 600 }, none, 10, true);
    expect(c).toEqual({ x: 0, y: 260, k: 0.8 });
    // the offset is undone at the fitted zoom: −(20·0.8)
    expect(fitCamera({ width: 3980, height: 80 }, { w: 800, h: 600 }, { x: 20, y: 0 }, 10, true).x).toBe(-16);
  });

  it('centres a box and zooms in to 80% when further out', () => {
    // box centre (150, 75) + margin 10 = (160, 85) · 0.8 = (128, 68); screen centre (400, 300)
    const c = centreCamera(
      { x: 100, y: 50, w: 100, h: 50 },
      { x: 0, y: 0, k: 0.1 },
      { w: 800, h: 600 },
      none,
      10,
    );
    expect(c.k).toBe(0.8);
    expect(c.x).toBeCloseTo(272);
    expect(c.y).toBeCloseTo(232);
    // already closer than 80%: the zoom is kept
    expect(
      centreCamera({ x: 0, y: 0, w: 0, h: 0 }, { x: 0, y: 0, k: 2 }, { w: 800, h: 600 }, none, 0),
    ).toEqual({
      x: 400,
      y: 300,
      k: 2,
    });
  });

  it('pans a layout point to the centre at the same zoom', () => {
    // (90 + 10) · 2 = 200 → x = 400 − 200 = 200; (40 + 10) · 2 = 100 → y = 300 − 100 = 200
    expect(panCamera({ x: 90, y: 40 }, 2, { w: 800, h: 600 }, none, 10)).toEqual({ x: 200, y: 200, k: 2 });
  });

  it('inside and overlapping', () => {
    const b = { x0: 0, y0: 0, x1: 100, y1: 100 };
    expect(contains(b, { x: 10, y: 10, w: 90, h: 90 })).toBe(true);
    expect(contains(b, { x: 10, y: 10, w: 91, h: 10 })).toBe(false);
    expect(overlaps(b, { x: 100, y: 100, w: 5, h: 5 })).toBe(true);
    expect(overlaps(b, { x: 101, y: 0, w: 5, h: 5 })).toBe(false);
  });

  it('keeps the culling window while panning inside it, remakes it on leaving or zooming', () => {
    const cull = { x0: -50, y0: -50, x1: 150, y1: 150, k: 1 };
    expect(nextCull(cull, { x0: 0, y0: 0, x1: 100, y1: 100 }, 1.2)).toBe(cull);
    // zoom 1.4 / 1 > 1.3: a new window half a view (50) around the view
    expect(nextCull(cull, { x0: 0, y0: 0, x1: 100, y1: 100 }, 1.4)).toEqual({
      x0: -50,
      y0: -50,
      x1: 150,
      y1: 150,
      k: 1.4,
    });
    // panned out: view 100..200 → window 50..250
    expect(nextCull(cull, { x0: 100, y0: 0, x1: 200, y1: 100 }, 1)).toEqual({
      x0: 50,
      y0: -50,
      x1: 250,
      y1: 150,
      k: 1,
    });
  });
});
