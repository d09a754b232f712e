/**
 * Where computeLines runs: inline for small charts (a worker round trip costs more than the work), in
 * a shared worker thread once a chart holds more than WORKER_POINTS points. Without Worker (tests,
 * old environments) everything runs inline.
 */
import { computeLines, type ComputedSeries, type ComputeRequest } from './compute';

export const WORKER_POINTS = 5000;

let worker: Worker | null | undefined;
let seq = 0;
const pending = new Map<number, { resolve: (r: ComputedSeries[]) => void; reject: (e: Error) => void }>();

function getWorker(): Worker | null {
  if (worker !== undefined) return worker;
  if (typeof Worker === 'undefined') return (worker = null);
  try {
    const w = new Worker(new URL('./chart.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (ev: MessageEvent<{ id: number; result?: ComputedSeries[]; error?: string }>) => {
      const p = pending.get(ev.data.id);
      if (!p) return;
      pending.delete(ev.data.id);
      if (ev.data.result) p.resolve(ev.data.result);
      else p.reject(new Error(ev.data.error ?? 'chart worker failed'));
    };
    w.onerror = () => {
      // A worker that cannot start (CSP, bundling): fall back to inline for good.
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new Error('chart worker failed'));
      }
      w.terminate();
      worker = null;
    };
    worker = w;
  } catch {
    worker = null;
  }
  return worker;
}

export function pointCount(req: ComputeRequest): number {
  return req.series.reduce((n, s) => n + s.xs.length, 0);
}

export async function computeChart(req: ComputeRequest): Promise<ComputedSeries[]> {
  const w = pointCount(req) > WORKER_POINTS ? getWorker() : null;
  if (!w) return computeLines(req);
  const id = ++seq;
  try {
    return await new Promise<ComputedSeries[]>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ id, req });
    });
  } catch {
    return computeLines(req);
  }
}
