import { describe, expect, it } from 'vitest';
import { easeInOut, keepInPlace, lerpRect, startRects } from './animate';
import type { GraphLayout, LNode } from '../../../lib/layout/layout';

const box = (id: string, x: number, y: number, w: number, h: number, extra: Partial<LNode> = {}): LNode => ({
  id,
  kind: 'module',
  expandable: true,
  label: id,
  outShape: [],
  aux: false,
  members: [],
  x,
  y,
  w,
  h,
  ...extra,
});

describe('expand animation', () => {
  // before: collapsed module M at (0,100) 80×40, showing nodes m/a and m/b
  const prev: GraphLayout = {
    nodes: [box('M', 0, 100, 80, 40, { members: ['m/a', 'm/b'] })],
    edges: [],
    width: 80,
    height: 140,
  };
  const shownAs = new Map([
    ['m/a', 'M'],
    ['m/b', 'M'],
  ]);
  // after: M open at (10, 50) 200×160 with its two layers inside
  const next = [
    box('M', 10, 50, 200, 160, { open: true, members: ['m/a', 'm/b'] }),
    box('m/a', 20, 80, 40, 20, { parent: 'M', members: ['m/a'] }),
    box('m/b', 120, 80, 40, 20, { parent: 'M', members: ['m/b'] }),
  ];

  it('starts a kept box at its old place and children at the centre of the box that showed them', () => {
    const s = startRects({ layout: prev, shownAs, dx: 5, dy: -10 }, next);
    expect(s.get('M')).toEqual({ x: 5, y: 90, w: 80, h: 40 });
    // centre of old M shifted: (45, 110); child 40×20 starts half size around it
    expect(s.get('m/a')).toEqual({ x: 35, y: 105, w: 20, h: 10 });
  });

  it('keeps the toggled module on screen: offset = old position − new position', () => {
    const nextLayout: GraphLayout = { nodes: next, edges: [], width: 210, height: 210 };
    expect(keepInPlace(prev, { x: 1, y: 2 }, 'M', nextLayout, new Map([['m/a', 'm/a']]))).toEqual({
      x: -9,
      y: 52,
    });
  });

  it('interpolates and eases', () => {
    expect(lerpRect({ x: 0, y: 0, w: 10, h: 10 }, { x: 10, y: 20, w: 30, h: 10 }, 0.5)).toEqual({
      x: 5,
      y: 10,
      w: 20,
      h: 10,
    });
    expect(easeInOut(0)).toBe(0);
    expect(easeInOut(1)).toBe(1);
    expect(easeInOut(0.5)).toBe(0.5);
  });
});
