/**
 * Conv2DBackpropFilter for the wasm backend, which does not have one (tfjs-backend-wasm 4.22.0:
 * "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'", upstream
 * https://github.com/tensorflow/tfjs/issues/8474). Without it no conv net trains on wasm.
 *
 * im2col + one matmul per batch chunk:
 *   P[n·oh·ow, (kh,kw,ci)] = xpad[n, oh·sh + kh, ow·sw + kw, ci]        (one strided slice per tap)
 *   dW[(kh,kw,ci), co]     = Pᵀ · dy[n·oh·ow, co]
 * Pᵀ is built directly (each tap slice transposed to [ci, N], then concatenated on axis 0) because
 * wasm's BatchMatMul with transposeA is ~10× slower than an explicit transpose plus a plain matmul.
 * It composes wasm's own kernels, so all the arithmetic runs in wasm (XNNPACK for the matmul).
 * NHWC only, dilation 1 (tfjs' conv2d gradient itself requires dilation 1).
 */
import {
  backend_util,
  getKernel,
  registerKernel,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/** Floats per im2col chunk; the chunk, its slices and their transposes coexist (~3× this). */
let chunkFloats = 1 << 24;

/** Changes the chunk size (tests use it to exercise chunking on small inputs); returns the old one. */
export function setIm2colChunkFloats(n: number): number {
  const old = chunkFloats;
  chunkFloats = Math.max(1, Math.floor(n));
  return old;
}

type Backend = { disposeData(dataId: object, force?: boolean): boolean };

function kernels(backend: Backend) {
  const run = (
    name: string,
    inputs: Record<string, TensorInfo> | TensorInfo[],
    attrs: object = {},
  ): TensorInfo => {
    const k = getKernel(name, 'wasm');
    if (!k) throw new Error(`wasm kernel ${name} is missing`);
    // Concat takes its inputs as an array; the cast mirrors how backends call each other's kernels.
    return k.kernelFunc({ inputs: inputs as never, backend, attrs: attrs as NamedAttrMap }) as TensorInfo;
  };
  return {
    reshape: (x: TensorInfo, shape: number[]) => run('Reshape', { x }, { shape }),
    pad: (x: TensorInfo, paddings: Array<[number, number]>) =>
      run('PadV2', { x }, { paddings, constantValue: 0 }),
    slice: (x: TensorInfo, begin: number[], size: number[]) => run('Slice', { x }, { begin, size }),
    stridedSlice: (x: TensorInfo, begin: number[], end: number[], strides: number[]) =>
      run(
        'StridedSlice',
        { x },
        {
          begin,
          end,
          strides,
          beginMask: 0,
          endMask: 0,
          ellipsisMask: 0,
          newAxisMask: 0,
          shrinkAxisMask: 0,
        },
      ),
    transpose: (x: TensorInfo, perm: number[]) => run('Transpose', { x }, { perm }),
    concat: (xs: TensorInfo[], axis: number) => run('Concat', xs, { axis }),
    matMul: (a: TensorInfo, b: TensorInfo) =>
      run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false }),
    add: (a: TensorInfo, b: TensorInfo) => run('Add', { a, b }),
    dispose: (...xs: TensorInfo[]) => xs.forEach((t) => backend.disposeData(t.dataId)),
  };
}

export const conv2DBackpropFilterWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    attrs as unknown as Conv2DBackpropFilterAttrs;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  if (info.dataFormat !== 'channelsLast')
    throw new Error('Conv2DBackpropFilter (wasm fix): only NHWC is supported');
  const k = kernels(backend as Backend);
  const { batchSize: B, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW, padInfo } = info;
  const K = KH * KW * CI;
  const padded = padInfo.top > 0 || padInfo.bottom > 0 || padInfo.left > 0 || padInfo.right > 0;
  const pointwise = KH === 1 && KW === 1 && SH === 1 && SW === 1 && !padded;

  const temps: TensorInfo[] = [];
  const keep = (t: TensorInfo) => (temps.push(t), t);
  let acc: TensorInfo | undefined;
  try {
    const xp = padded
      ? keep(
          k.pad(x, [
            [0, 0],
            [padInfo.top, padInfo.bottom],
            [padInfo.left, padInfo.right],
            [0, 0],
          ]),
        )
      : x;
    const chunk = Math.max(1, Math.floor(chunkFloats / Math.max(1, OH * OW * K)));
    for (let b0 = 0; b0 < B; b0 += chunk) {
      const n = Math.min(chunk, B - b0);
      const N = n * OH * OW;
      const whole = n === B;
      const dyc = whole ? dy : keep(k.slice(dy, [b0, 0, 0, 0], [n, OH, OW, CO]));
      const dy2 = keep(k.reshape(dyc, [N, CO]));
      let pT: TensorInfo;
      if (pointwise) {
        const xc = whole ? xp : keep(k.slice(xp, [b0, 0, 0, 0], [n, OH, OW, CI]));
        pT = keep(k.transpose(keep(k.reshape(xc, [N, CI])), [1, 0]));
      } else {
        const taps: TensorInfo[] = [];
        for (let kh = 0; kh < KH; kh++) {
          for (let kw = 0; kw < KW; kw++) {
            const s = keep(
              k.stridedSlice(
                xp,
                [b0, kh, kw, 0],
                [b0 + n, kh + (OH - 1) * SH + 1, kw + (OW - 1) * SW + 1, CI],
                [1, SH, SW, 1],
              ),
            );
            // [n, OH, OW, CI] → [CI, n·OH·OW]
            taps.push(keep(k.transpose(keep(k.reshape(s, [N, CI])), [1, 0])));
          }
        }
        pT = taps.length === 1 ? taps[0] : keep(k.concat(taps, 0));
      }
      const part = k.matMul(pT, dy2);
      if (acc) {
        const sum = k.add(acc, part);
        k.dispose(acc, part);
        acc = sum;
      } else acc = part;
      // Free this chunk's buffers before the next one.
      const xpKeep = padded ? temps.shift() : undefined;
      k.dispose(...temps);
      temps.length = 0;
      if (xpKeep) temps.push(xpKeep);
    }
    const out = k.reshape(acc!, filterShape);
    k.dispose(acc!);
    acc = undefined;
    return out;
  } finally {
    k.dispose(...temps);
    if (acc) k.dispose(acc);
  }
};

export const conv2DBackpropFilterWasmConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm,
};

/** Registers the kernel unless wasm already has one (a future tfjs may ship it). */
export function registerConv2DBackpropFilterWasm(): boolean {
  if (getKernel('Conv2DBackpropFilter', 'wasm')) return false;
  registerKernel(conv2DBackpropFilterWasmConfig);
  return true;
}
