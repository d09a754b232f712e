import type { GraphLayout } from '../../../lib/layout/layout';

/**
 * Records a layout's timings on `window` once it is painted; read by the layout benchmark
 * (bench/browse-layout.bench.ts) and the e2e tests.
 */
export function recordPaint(l: GraphLayout, layoutMs: number, t0: number): void {
  const w = window as unknown as {
    __browseTimings?: unknown[];
    __browsePaintAt?: Record<number, number>;
  };
  (w.__browseTimings ??= []).push({
    nodes: l.nodes.length,
    edges: l.edges.length,
    layoutMs,
    paintMs: performance.now() - t0,
  });
  (w.__browsePaintAt ??= {})[l.nodes.length] = performance.now();
}
