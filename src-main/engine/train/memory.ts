/**
 * Will a training step fit? wasm32 addresses at most 4 GiB, and tfjs-wasm aborts (RuntimeError: Aborted()
 * in Transpose) when a step needs more: full Inception-v3 at 299² aborts at batch 8 (stack-facts §3b).
 * The estimate is linear in the batch:
 *   bytes ≈ 64 MiB + 30 B · params + 55 B · (activation elements per image) · micro-batch
 * calibrated on those measurements (full v3: 27.2 M weights incl. aux, 14.6 M activation elements per
 * image; peaks 2.30 GiB at batch 2 and 3.80 GiB at batch 4, i.e. ≈0.75 GiB per image over ≈0.8 GiB).
 * Larger batches are split into micro-batches whose gradients are summed (gradient accumulation).
 */
import type { Analysis } from '../../shared/analysis-types.js';
import type { TextMsg } from './types.js';

export const WASM_HEAP_BYTES = 4 * 2 ** 30;
/** Keep this much of the heap in reserve: the estimate is ±15 % and the allocator fragments. */
export const WASM_BUDGET_BYTES = 3.4 * 2 ** 30;

export interface MemoryPlan {
  bytesPerImage: number;
  baseBytes: number;
  /** Largest micro-batch that fits the budget (Infinity when the backend has no ceiling). */
  maxMicroBatch: number;
  microBatch: number;
  accumulate: number;
  /** Estimated peak for one micro-batch step. */
  peakBytes: number;
  /** For the UI and the CLI; mentions accumulation when it is used. */
  text: string;
  /** `text` as a dictionary key and values. */
  msg: TextMsg;
}

export class MemoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryError';
  }
}

export function activationElements(a: Analysis): number {
  return a.nodes.reduce((s, n) => s + n.outShape.reduce((p, d) => p * d, 1), 0);
}

export function paramCount(a: Analysis): number {
  const p = a.totalsWithAux.params;
  return p.kerasTrainable + p.kerasNonTrainable;
}

const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;

/**
 * Plan micro-batches for `batch` on `backend`. `accumulate` ≥ 1 asks for at least that many micro-batches.
 * Throws MemoryError when even one image per micro-batch does not fit.
 */
export function planMemory(a: Analysis, batch: number, backend: string, accumulate = 1): MemoryPlan {
  const bytesPerImage = 55 * activationElements(a);
  const baseBytes = 64 * 2 ** 20 + 30 * paramCount(a);
  const limited = backend === 'wasm';
  const maxMicroBatch = limited ? Math.floor((WASM_BUDGET_BYTES - baseBytes) / bytesPerImage) : Infinity;
  if (maxMicroBatch < 1) {
    throw new MemoryError(
      `This network needs about ${gib(baseBytes + bytesPerImage)} for one training image, more than the wasm backend's ` +
        `4 GiB heap allows (budget ${gib(WASM_BUDGET_BYTES)}). Use a smaller width or input, or the tensorflow backend.`,
    );
  }
  let acc = Math.max(1, accumulate, Math.ceil(batch / maxMicroBatch));
  while (batch % acc !== 0) acc++;
  const microBatch = batch / acc;
  const peakBytes = baseBytes + bytesPerImage * microBatch;
  let text = `Estimated peak ${gib(peakBytes)} per step (micro-batch ${microBatch}).`;
  let msg: TextMsg = { key: 'train.msg.memory.peak', params: { peak: gib(peakBytes), micro: microBatch } };
  if (limited && acc > Math.max(1, accumulate)) {
    text =
      `Batch ${batch} would need about ${gib(baseBytes + bytesPerImage * batch)}, over the wasm backend's 4 GiB heap, ` +
      `so each step sums the gradients of ${acc} micro-batches of ${microBatch} (gradient accumulation; same update, ` +
      `except that batch-norm statistics come from each micro-batch). Estimated peak ${gib(peakBytes)}.`;
    msg = {
      key: 'train.msg.memory.wasmSplit',
      params: {
        batch,
        need: gib(baseBytes + bytesPerImage * batch),
        acc,
        micro: microBatch,
        peak: gib(peakBytes),
      },
    };
  } else if (acc > 1) {
    text = `Each step sums the gradients of ${acc} micro-batches of ${microBatch}. Estimated peak ${gib(peakBytes)}.`;
    msg = { key: 'train.msg.memory.accumulate', params: { acc, micro: microBatch, peak: gib(peakBytes) } };
  }
  return { bytesPerImage, baseBytes, maxMicroBatch, microBatch, accumulate: acc, peakBytes, text, msg };
}
