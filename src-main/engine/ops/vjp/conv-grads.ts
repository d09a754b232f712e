/**
 * The two gradients of a 2-D convolution y = conv(x, W) (stride s, explicit pads, dilation 1), in
 * standard ONNX ops.
 *
 * dX at stride 1 is a plain Conv of dy with the kernel flipped in space and its two channel axes
 * swapped, padded by k − 1 − pad on each side: the runtime runs it on its fastest conv path (and folds
 * the flip when the kernel is a constant). At other strides, or pads wider than the kernel, it is
 * the transposed convolution of dy with the same kernel (ConvTranspose, whose weight layout
 * [C_in_of_transpose = C_out, C_out_of_transpose = C_in, kh, kw] is exactly the forward OIHW tensor).
 * Its output size is s·(Ho − 1) + output_padding + k − pad_begin − pad_end; the forward's pads give
 * the beginning, and the end is chosen so the result has the input's size: rows the forward never
 * reached (the stride's remainder) come out as zeros through output_padding, rows of padding it did
 * reach are cropped. (ONNX ConvTranspose: https://onnx.ai/onnx/operators/onnx__ConvTranspose.html)
 *
 * dW[o, i, a, b] = Σ_{n, y, x} dy[n, o, y, x] · x_pad[n, i, a + s·y, b + s·x]: for each kernel tap
 * (a, b) one strided Slice of the padded input and one MatMul whose inner dimension is N·Ho·Wo, the
 * shape matrix-multiply kernels are fastest at.
 */
import type { Pair } from '../../../shared/spec.js';
import { attrInt, attrInts } from '../../onnx/proto.js';
import type { OnnxEmitter } from '../types.js';
import { reshape } from './util.js';

export interface ConvGeometry {
  inHW: Pair;
  outHW: Pair;
  kernel: Pair;
  strides: Pair;
  /** [top, left, bottom, right] */
  pads: [number, number, number, number];
}

/** Per axis: how far the last window ends past the input's far edge (negative: rows never reached). */
function endCrop(g: ConvGeometry, axis: 0 | 1): number {
  const full = g.strides[axis] * (g.outHW[axis] - 1) + g.kernel[axis];
  return full - g.pads[axis] - g.inHW[axis];
}

/** dL/dx of a conv (or of a sum pool when `group` = C and W is all ones). */
export function convInputGrad(e: OnnxEmitter, gy: string, w: string, g: ConvGeometry, group = 1): string {
  const [kh, kw] = g.kernel;
  const [t, l, b, r] = g.pads;
  const flippedPads = [kh - 1 - t, kw - 1 - l, kh - 1 - b, kw - 1 - r];
  if (g.strides[0] === 1 && g.strides[1] === 1 && flippedPads.every((p) => p >= 0)) {
    // Grouped (the pools' depthwise ones kernel, [C, 1, kh, kw]) needs no channel swap.
    let wt = group === 1 ? e.node('Transpose', [w], [attrInts('perm', [1, 0, 2, 3])]) : w;
    if (kh > 1 || kw > 1) {
      const end = -Number.MAX_SAFE_INTEGER;
      wt = e.node('Slice', [
        wt,
        e.constInt64([-1, -1]),
        e.constInt64([end, end]),
        e.constInt64([2, 3]),
        e.constInt64([-1, -1]),
      ]);
    }
    return e.node(
      'Conv',
      [gy, wt],
      [attrInts('kernel_shape', g.kernel), attrInts('pads', flippedPads), attrInt('group', group)],
    );
  }
  const crop = [endCrop(g, 0), endCrop(g, 1)];
  return e.node(
    'ConvTranspose',
    [gy, w],
    [
      attrInts('kernel_shape', g.kernel),
      attrInts('strides', g.strides),
      attrInts('pads', [g.pads[0], g.pads[1], Math.max(crop[0]!, 0), Math.max(crop[1]!, 0)]),
      attrInts('output_padding', [Math.max(-crop[0]!, 0), Math.max(-crop[1]!, 0)]),
      attrInt('group', group),
    ],
  );
}

/** dL/dW of a conv, OIHW [Cout, Cin, kh, kw]; x is the NCHW input. */
export function convKernelGrad(
  e: OnnxEmitter,
  x: string,
  gy: string,
  g: ConvGeometry,
  cin: number,
  cout: number,
): string {
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.strides;
  const [ho, wo] = g.outHW;
  // dy as [Cout, N·Ho·Wo]; x as NHWC so every tap's slice flattens to [N·Ho·Wo, Cin].
  const dyT = reshape(e, e.node('Transpose', [gy], [attrInts('perm', [1, 0, 2, 3])]), [cout, -1]);
  let xs = e.node('Transpose', [x], [attrInts('perm', [0, 2, 3, 1])]);
  const [t, l, b, r] = g.pads;
  if (t || l || b || r) xs = e.node('Pad', [xs, e.constInt64([0, t, l, 0, 0, b, r, 0])]);
  const taps: string[] = [];
  for (let a = 0; a < kh; a++) {
    for (let c = 0; c < kw; c++) {
      let tap = xs;
      const whole =
        kh === 1 &&
        kw === 1 &&
        sh === 1 &&
        sw === 1 &&
        ho === g.inHW[0] &&
        wo === g.inHW[1] &&
        !(t || l || b || r);
      if (!whole) {
        tap = e.node('Slice', [
          xs,
          e.constInt64([a, c]),
          e.constInt64([a + sh * (ho - 1) + 1, c + sw * (wo - 1) + 1]),
          e.constInt64([1, 2]),
          e.constInt64([sh, sw]),
        ]);
      }
      taps.push(e.node('MatMul', [dyT, reshape(e, tap, [-1, cin])]));
    }
  }
  // [kh·kw, Cout, Cin] → [Cout, Cin, kh, kw]
  const stacked = taps.length === 1 ? taps[0]! : e.node('Concat', taps, [attrInt('axis', 0)]);
  const k4 = reshape(e, stacked, [kh, kw, cout, cin]);
  return e.node('Transpose', [k4], [attrInts('perm', [2, 3, 0, 1])]);
}
