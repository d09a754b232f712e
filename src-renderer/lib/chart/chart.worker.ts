/// <reference lib="webworker" />
/** The chart worker: computeLines off the main thread; buffers go back as transferables. */
import { computeLines, type ComputeRequest } from './compute';

self.onmessage = (ev: MessageEvent<{ id: number; req: ComputeRequest }>) => {
  try {
    const result = computeLines(ev.data.req);
    const transfer = result.flatMap((r) => [r.smoothed.buffer, r.raw.buffer, r.line.buffer]);
    (self as unknown as Worker).postMessage({ id: ev.data.id, result }, transfer as Transferable[]);
  } catch (e) {
    (self as unknown as Worker).postMessage({
      id: ev.data.id,
      error: e instanceof Error ? e.message : String(e),
    });
  }
};
