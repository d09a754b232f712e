/**
 * Main-thread side of the layout worker: one worker, promise per request. A newer request does not
 * cancel an older one (ELK cannot be interrupted), but callers drop stale answers by comparing ids.
 */
import type { GraphLayout, LayoutOptions } from './layout';
import type { VGraph } from './visible-graph';

interface Pending {
  resolve: (l: GraphLayout) => void;
  reject: (e: Error) => void;
}

export interface LayoutResult {
  layout: GraphLayout;
  /** Time spent in the worker, ms. */
  ms: number;
}

let worker: Worker | undefined;
let seq = 0;
const pending = new Map<number, Pending & { ms?: number }>();
const lastMs = new Map<number, number>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (
    ev: MessageEvent<{ id: number; layout?: GraphLayout; ms?: number; error?: string }>,
  ) => {
    const p = pending.get(ev.data.id);
    if (!p) return;
    pending.delete(ev.data.id);
    if (ev.data.layout) {
      lastMs.set(ev.data.id, ev.data.ms ?? 0);
      p.resolve(ev.data.layout);
    } else p.reject(new Error(ev.data.error ?? 'layout failed'));
  };
  worker.onerror = (ev) => {
    for (const p of pending.values()) p.reject(new Error(`layout worker error: ${ev.message}`));
    pending.clear();
    worker?.terminate();
    worker = undefined;
  };
  return worker;
}

/** Lays out a visible graph in the worker. */
export async function layoutInWorker(g: VGraph, options: LayoutOptions = {}): Promise<LayoutResult> {
  const id = ++seq;
  const w = getWorker();
  const layout = await new Promise<GraphLayout>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ id, graph: { nodes: g.nodes, edges: g.edges }, options });
  });
  const ms = lastMs.get(id) ?? 0;
  lastMs.delete(id);
  return { layout, ms };
}
