import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutGraph } from './layout';
import { estimateWidth } from './measure';
import { buildVisibleGraph, runId } from './visible-graph';
import { tinyAnalysis } from './fixture.test-data';

const elk = new ELK();
const overlaps = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('layout', () => {
  it('lays the collapsed chain out top to bottom', async () => {
    const g = buildVisibleGraph(tinyAnalysis(), { expanded: new Set(), unfolded: new Set(), showAux: false });
    const l = await layoutGraph(elk, g, estimateWidth);
    const ys = l.nodes.map((n) => n.y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    for (const e of l.edges) {
      expect(e.points.length).toBeGreaterThanOrEqual(2);
      // downward edges
      expect(e.points[e.points.length - 1][1]).toBeGreaterThan(e.points[0][1]);
    }
  });

  it("puts an expanded module's layers inside its container, without overlaps", async () => {
    const g = buildVisibleGraph(tinyAnalysis(), {
      expanded: new Set(['M1', 'R1']),
      unfolded: new Set([runId('M1')]),
      showAux: true,
    });
    const l = await layoutGraph(elk, g, estimateWidth);
    const byId = new Map(l.nodes.map((n) => [n.id, n]));
    for (const n of l.nodes) {
      if (!n.parent) continue;
      const c = byId.get(n.parent)!;
      expect(n.x).toBeGreaterThanOrEqual(c.x);
      expect(n.y).toBeGreaterThanOrEqual(c.y);
      expect(n.x + n.w).toBeLessThanOrEqual(c.x + c.w + 0.01);
      expect(n.y + n.h).toBeLessThanOrEqual(c.y + c.h + 0.01);
    }
    const top = l.nodes.filter((n) => !n.parent);
    for (let i = 0; i < top.length; i++)
      for (let j = i + 1; j < top.length; j++) expect(overlaps(top[i], top[j])).toBe(false);
    // two branches of M1 sit side by side
    const a = byId.get('M1/a/c')!;
    const b = byId.get('M1/b/c')!;
    expect(a.y).toBe(b.y);
    expect(a.x).toBeLessThan(b.x);
    // one tensor label per tail, just below the source box and right of the line
    const sources = new Set(l.edges.filter((e) => e.label).map((e) => e.source));
    for (const s of sources) expect(l.edges.filter((e) => e.source === s && e.lw > 0)).toHaveLength(1);
    for (const e of l.edges.filter((x) => x.lw > 0)) {
      const src = byId.get(e.source)!;
      expect(e.ly).toBeGreaterThanOrEqual(src.y + src.h);
      expect(e.lx).toBeGreaterThan(e.points[0][0]);
    }
  });
});
