/**
 * Layers the specs need that tfjs-layers lacks. Each is registered for (de)serialisation so that
 * models with them can be saved and loaded (checkpoints). Class names carry a project prefix.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { adaptiveWindow } from '../ops/adaptive-pool.js';

type Shape = Array<number | null>;
type LayerArgs = { name?: string; trainable?: boolean };
const PREFIX = 'InceptionExplorer>';

/** Keras' CustomScaleLayer: inputs [x, up] → x + scale·up (Inception-ResNet's residual sum). */
export class ScaleAdd extends tfl.layers.Layer {
  static className = `${PREFIX}ScaleAdd`;
  readonly scale: number;
  constructor(args: LayerArgs & { scale: number }) {
    super(args);
    this.scale = args.scale;
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (inputShape as Shape[])[0];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, up] = inputs as tf.Tensor[];
    return tf.tidy(() => tf.add(x, tf.mul(up, this.scale)));
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), scale: this.scale };
  }
}

/** Local response normalisation across channels, in TensorFlow's parameters. */
export class LocalResponseNorm extends tfl.layers.Layer {
  static className = `${PREFIX}LocalResponseNorm`;
  readonly depthRadius: number;
  readonly bias: number;
  readonly alpha: number;
  readonly beta: number;
  constructor(args: LayerArgs & { depthRadius: number; bias: number; alpha: number; beta: number }) {
    super(args);
    this.depthRadius = args.depthRadius;
    this.bias = args.bias;
    this.alpha = args.alpha;
    this.beta = args.beta;
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return inputShape as Shape;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.localResponseNormalization(x, this.depthRadius, this.bias, this.alpha, this.beta);
  }
  override getConfig(): tf.serialization.ConfigDict {
    const { depthRadius, bias, alpha, beta } = this;
    return { ...super.getConfig(), depthRadius, bias, alpha, beta };
  }
}

/**
 * Max/average pooling with explicit per-side padding that is excluded from the max and from the
 * average's count (PyTorch ceil_mode overhang, PyTorch max-pool padding). tfjs-layers' pools only
 * offer 'same'/'valid'.
 */
export class PadPool2D extends tfl.layers.Layer {
  static className = `${PREFIX}PadPool2D`;
  readonly mode: 'max' | 'avg';
  readonly poolSize: [number, number];
  readonly strides: [number, number];
  /** [top, bottom, left, right] */
  readonly pads: [number, number, number, number];
  constructor(
    args: LayerArgs & {
      mode: 'max' | 'avg';
      poolSize: [number, number];
      strides: [number, number];
      pads: [number, number, number, number];
    },
  ) {
    super(args);
    this.mode = args.mode;
    this.poolSize = args.poolSize;
    this.strides = args.strides;
    this.pads = args.pads;
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [b, h, w, c] = inputShape as Shape;
    const [t, bo, l, r] = this.pads;
    const out = (size: number | null, k: number, s: number, p: number) =>
      size === null ? null : Math.floor((size + p - k) / s) + 1;
    return [
      b,
      out(h, this.poolSize[0], this.strides[0], t + bo),
      out(w, this.poolSize[1], this.strides[1], l + r),
      c,
    ];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const [t, b, l, r] = this.pads;
    const pad: [[0, 0], [number, number], [number, number], [0, 0]] = [
      [0, 0],
      [t, b],
      [l, r],
      [0, 0],
    ];
    return this.mode === 'max'
      ? tf.maxPool(x, this.poolSize, this.strides, pad)
      : tf.avgPool(x, this.poolSize, this.strides, pad);
  }
  override getConfig(): tf.serialization.ConfigDict {
    const { mode, poolSize, strides, pads } = this;
    return { ...super.getConfig(), mode, poolSize, strides, pads };
  }
}

export { adaptiveWindow };

/** outSize×inSize matrix whose row i averages input cells in adaptiveWindow(i). */
function poolingMatrix(inSize: number, outSize: number): tf.Tensor2D {
  const m = new Float32Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const [s, e] = adaptiveWindow(i, inSize, outSize);
    for (let j = s; j < e; j++) m[i * inSize + j] = 1 / (e - s);
  }
  return tf.tensor2d(m, [outSize, inSize]);
}

/**
 * PyTorch's AdaptiveAvgPool2d: windows of uneven stride so that any input gives `outputSize`.
 * Computed as two matrix products (rows, then columns), which every backend can differentiate.
 */
export class AdaptiveAvgPool2D extends tfl.layers.Layer {
  static className = `${PREFIX}AdaptiveAvgPool2D`;
  readonly outputSize: [number, number];
  constructor(args: LayerArgs & { outputSize: [number, number] }) {
    super(args);
    this.outputSize = args.outputSize;
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [s[0], this.outputSize[0], this.outputSize[1], s[3]];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const [B, H, W, C] = x.shape;
    const [oh, ow] = this.outputSize;
    return tf.tidy(() => {
      // Rows: [H, B·W·C] → [oh, B·W·C]; then columns: [W, B·oh·C] → [ow, B·oh·C].
      const rows = tf.matMul(poolingMatrix(H, oh), tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [H, B * W * C]));
      const byCol = tf.reshape(tf.transpose(tf.reshape(rows, [oh, B, W, C]), [2, 1, 0, 3]), [W, B * oh * C]);
      const cols = tf.reshape(tf.matMul(poolingMatrix(W, ow), byCol), [ow, B, oh, C]);
      return tf.transpose(cols, [1, 2, 0, 3]);
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), outputSize: this.outputSize };
  }
}

/**
 * PyTorch's AdaptiveMaxPool2d: the max over each adaptiveWindow cell (uneven, overlapping windows),
 * as slices and max reductions, which every backend can differentiate.
 */
export class AdaptiveMaxPool2D extends tfl.layers.Layer {
  static className = `${PREFIX}AdaptiveMaxPool2D`;
  readonly outputSize: [number, number];
  constructor(args: LayerArgs & { outputSize: [number, number] }) {
    super(args);
    this.outputSize = args.outputSize;
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [s[0], this.outputSize[0], this.outputSize[1], s[3]];
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    const [, H, W] = x.shape;
    const [oh, ow] = this.outputSize;
    return tf.tidy(() => {
      const rows = Array.from({ length: oh }, (_, i) => {
        const [r0, r1] = adaptiveWindow(i, H, oh);
        const cells = Array.from({ length: ow }, (_, j) => {
          const [c0, c1] = adaptiveWindow(j, W, ow);
          return tf.max(tf.slice(x, [0, r0, c0, 0], [-1, r1 - r0, c1 - c0, -1]), [1, 2], true);
        });
        return tf.concat(cells, 2);
      });
      return tf.concat(rows, 1);
    });
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), outputSize: this.outputSize };
  }
}

for (const cls of [ScaleAdd, LocalResponseNorm, PadPool2D, AdaptiveAvgPool2D, AdaptiveMaxPool2D])
  tf.serialization.registerClass(cls);
