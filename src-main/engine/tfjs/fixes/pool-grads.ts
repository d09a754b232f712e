/**
 * Correct pooling gradients for the cpu and wasm backends (tfjs 4.22.0). Two bugs, both found by this
 * project's gradient tests (test/unit/tfjs/pool-grads.test.ts); no upstream issue was found for either:
 *  - AvgPoolGrad (cpu, wasm) divides every window by filterHeight·filterWidth, but the forward AvgPool
 *    excludes padding from the count (TF semantics). With 'same' padding — the 3×3/1 branch pools of
 *    Inception-v3/v4/ResNet — border gradients were wrong by up to 2.25×.
 *  - MaxPoolGrad (wasm) loses or misroutes the gradient when a window's maximum is negative.
 * Both kernels are replaced by plain loops over the backends' buffers (pool grads are a small share
 * of a training step). The geometry comes from tfjs' own computePool2DInfo, so every padding mode
 * (valid, same, explicit) matches the forward op. The native 'tensorflow' backend is correct and
 * untouched.
 */
import {
  backend_util,
  getKernel,
  registerKernel,
  unregisterKernel,
  type AvgPoolGradAttrs,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

type Geometry = backend_util.Conv2DInfo;

function geometry(xShape: number[], attrs: AvgPoolGradAttrs | MaxPoolGradAttrs): Geometry {
  const { filterSize, strides, pad } = attrs;
  const rounding = (attrs as MaxPoolGradAttrs).dimRoundingMode;
  return backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    rounding,
  );
}

/** A window's in-bounds input rows [hs, he) and columns [ws, we), and where its dy row starts. */
interface Window {
  b: number;
  hs: number;
  he: number;
  ws: number;
  we: number;
  dyBase: number;
}

/** Visits every output position's window (the same geometry the forward op used). */
function forEachWindow(g: Geometry, visit: (win: Window) => void): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = g;
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * g.strideHeight - g.padInfo.top;
      const hs = Math.max(h0, 0);
      const he = Math.min(h0 + g.filterHeight, H);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * g.strideWidth - g.padInfo.left;
        const ws = Math.max(w0, 0);
        const we = Math.min(w0 + g.filterWidth, W);
        visit({ b, hs, he, ws, we, dyBase: ((b * OH + oh) * OW + ow) * C });
      }
    }
}

/** dx for AvgPool: each output spreads dy/count over its window's in-bounds inputs. */
export function avgPoolGradValues(dy: Float32Array, dx: Float32Array, g: Geometry): void {
  const { inHeight: H, inWidth: W, inChannels: C } = g;
  dx.fill(0);
  forEachWindow(g, ({ b, hs, he, ws, we, dyBase }) => {
    const count = (he - hs) * (we - ws);
    if (count <= 0) return;
    const inv = 1 / count;
    for (let h = hs; h < he; h++)
      for (let w = ws; w < we; w++) {
        const dxBase = ((b * H + h) * W + w) * C;
        for (let c = 0; c < C; c++) dx[dxBase + c] += dy[dyBase + c] * inv;
      }
  });
}

/** dx for MaxPool: each output's dy goes to the first maximum of its window (TF's and tfjs-cpu's rule). */
export function maxPoolGradValues(dy: Float32Array, x: Float32Array, dx: Float32Array, g: Geometry): void {
  const { inHeight: H, inWidth: W, inChannels: C } = g;
  dx.fill(0);
  const best = new Float32Array(C);
  const where = new Int32Array(C);
  forEachWindow(g, ({ b, hs, he, ws, we, dyBase }) => {
    best.fill(-Infinity);
    where.fill(-1);
    for (let h = hs; h < he; h++)
      for (let w = ws; w < we; w++) {
        const base = ((b * H + h) * W + w) * C;
        for (let c = 0; c < C; c++) {
          const v = x[base + c];
          if (v > best[c]) {
            best[c] = v;
            where[c] = base + c;
          }
        }
      }
    for (let c = 0; c < C; c++) if (where[c] >= 0) dx[where[c]] += dy[dyBase + c];
  });
}

/** Float32 views of inputs and a fresh output, for either backend. */
type Io = (
  inputs: TensorInfo[],
  outShape: number[],
  compute: (ins: Float32Array[], out: Float32Array) => void,
) => TensorInfo;

interface WasmLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): ArrayLike<number>;
}
interface CpuLike {
  readSync(dataId: object): ArrayLike<number>;
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

const f32 = (a: ArrayLike<number>): Float32Array => (a instanceof Float32Array ? a : Float32Array.from(a));

const ioFor = (backendName: 'cpu' | 'wasm', backend: unknown): Io =>
  backendName === 'wasm'
    ? (inputs, outShape, compute) => {
        const be = backend as WasmLike;
        const out = be.makeOutput(outShape, 'float32'); // allocate first: heap growth detaches older views
        compute(
          inputs.map((t) => f32(be.typedArrayFromHeap(t))),
          be.typedArrayFromHeap(out) as Float32Array,
        );
        return out;
      }
    : (inputs, outShape, compute) => {
        const be = backend as CpuLike;
        const out = new Float32Array(outShape.reduce((a, b) => a * b, 1));
        compute(
          inputs.map((t) => f32(be.readSync(t.dataId))),
          out,
        );
        return be.makeTensorInfo(outShape, 'float32', out);
      };

const avgPoolGrad =
  (backendName: 'cpu' | 'wasm'): KernelFunc =>
  ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const g = geometry(input.shape, attrs as unknown as AvgPoolGradAttrs);
    return ioFor(backendName, backend)([dy], input.shape, ([d], dx) => avgPoolGradValues(d, dx, g));
  };

const maxPoolGrad =
  (backendName: 'cpu' | 'wasm'): KernelFunc =>
  ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const g = geometry(input.shape, attrs as unknown as MaxPoolGradAttrs);
    return ioFor(backendName, backend)([dy, input], input.shape, ([d, x], dx) =>
      maxPoolGradValues(d, x, dx, g),
    );
  };

const REPLACEMENTS: Array<{ kernelName: string; backendName: 'cpu' | 'wasm'; kernelFunc: KernelFunc }> = [
  { kernelName: 'AvgPoolGrad', backendName: 'cpu', kernelFunc: avgPoolGrad('cpu') },
  { kernelName: 'AvgPoolGrad', backendName: 'wasm', kernelFunc: avgPoolGrad('wasm') },
  { kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: maxPoolGrad('wasm') },
];
const installed = new Set<KernelFunc>(REPLACEMENTS.map((r) => r.kernelFunc));

/** Replaces the faulty kernels (once); returns how many it replaced now. */
export function registerPoolGradFixes(): number {
  let n = 0;
  for (const r of REPLACEMENTS) {
    const current = getKernel(r.kernelName, r.backendName);
    if (current && installed.has(current.kernelFunc)) continue;
    if (current) unregisterKernel(r.kernelName, r.backendName);
    registerKernel({ kernelName: r.kernelName, backendName: r.backendName, kernelFunc: r.kernelFunc });
    n++;
  }
  return n;
}
