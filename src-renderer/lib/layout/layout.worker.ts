/// <reference lib="webworker" />
/**
 * The layout worker: elkjs runs here so the UI never freezes. Messages: { id, graph, options } in,
 * { id, layout, ms } or { id, error } out.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutGraph, type LayoutOptions } from './layout';
import { canvasMeasure, estimateWidth } from './measure';
import type { VEdge, VNode } from './visible-graph';

export interface LayoutRequest {
  id: number;
  graph: { nodes: VNode[]; edges: VEdge[] };
  options: LayoutOptions;
}

const elk = new ELK();
const measure = canvasMeasure() ?? estimateWidth;
const scope = self as unknown as DedicatedWorkerGlobalScope;

// elk.bundled claims self.onmessage when loaded inside a worker; this assignment takes it back.
scope.onmessage = async (ev: MessageEvent<LayoutRequest>) => {
  const { id, graph, options } = ev.data;
  const t0 = performance.now();
  try {
    const layout = await layoutGraph(elk, { ...graph, shownAs: new Map() }, measure, options);
    scope.postMessage({ id, layout, ms: performance.now() - t0 });
  } catch (e) {
    scope.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
};
