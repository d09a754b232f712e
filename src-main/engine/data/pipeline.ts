/**
 * From loaded images to training batches: the train/validation split, the data order, augmentation and
 * the float batch at the network's input size. Everything random here is a pure function of
 * (seed, epoch, image index), so two runs with one seed see the same batches, and a resumed run needs
 * only its step to continue the exact sequence.
 */
import { resampleToFloat, type Crop } from './image.js';
import { permutation, Rng, deriveSeed } from './rng.js';
import { subset, type ImageSet, type LoadedData } from './types.js';

export interface SplitOptions {
  /** Fraction of the training images held out for validation when the source has no validation set. */
  valFraction: number;
  seed: number;
  /** Caps, to keep CPU runs short. */
  maxTrain?: number;
  maxVal?: number;
}

export interface AugmentOptions {
  /** Random crop covering [minArea, 1] of the image with aspect ratio in [3/4, 4/3] (the Inception sampling). */
  crop: boolean;
  minArea: number;
  /** Random horizontal flip. */
  flip: boolean;
}

export const DEFAULT_AUGMENT: AugmentOptions = { crop: true, minArea: 0.5, flip: true };
export const NO_AUGMENT: AugmentOptions = { crop: false, minArea: 1, flip: false };

export interface PreparedData {
  name: string;
  classNames: string[];
  train: ImageSet;
  val: ImageSet;
  notes: string[];
}

export function prepare(data: LoadedData, o: SplitOptions): PreparedData {
  let train = data.train;
  let val = data.val;
  const notes = [...data.notes];
  if (!val) {
    const order = permutation(train.count, o.seed, 'split');
    const nVal = Math.max(1, Math.round(train.count * o.valFraction));
    if (train.count - nVal < 1)
      throw new Error(`Only ${train.count} image(s): too few to split off validation.`);
    val = subset(train, order.subarray(0, nVal));
    train = subset(train, order.subarray(nVal));
    notes.push(
      `Validation: ${nVal} images (${Math.round(o.valFraction * 100)}%) split off with seed ${o.seed}.`,
    );
  }
  if (o.maxTrain && train.count > o.maxTrain) train = subset(train, range(o.maxTrain));
  if (o.maxVal && val.count > o.maxVal) val = subset(val, range(o.maxVal));
  return { name: data.name, classNames: train.classNames, train, val, notes };
}

const range = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** Where step s falls: epoch, position and the image indices of its batch. Drops the ragged last batch. */
export class BatchOrder {
  readonly stepsPerEpoch: number;
  private cache: { epoch: number; perm: Int32Array } | null = null;

  constructor(
    readonly count: number,
    readonly batch: number,
    readonly seed: number,
  ) {
    if (batch > count) throw new Error(`Batch size ${batch} is larger than the ${count} training images.`);
    this.stepsPerEpoch = Math.floor(count / batch);
  }

  at(step: number): { epoch: number; offset: number; indices: Int32Array } {
    const epoch = Math.floor(step / this.stepsPerEpoch);
    const offset = (step % this.stepsPerEpoch) * this.batch;
    if (!this.cache || this.cache.epoch !== epoch)
      this.cache = { epoch, perm: permutation(this.count, this.seed, 'order', epoch) };
    return { epoch, offset, indices: this.cache.perm.slice(offset, offset + this.batch) };
  }
}

export interface Batch {
  /** n × H × W × C floats in [-1, 1]. */
  x: Float32Array;
  y: Int32Array;
  n: number;
}

/** Build the batch of `indices` at input [H, W, C]; `aug` null means validation (whole image, no flip). */
export function makeBatch(
  set: ImageSet,
  indices: ArrayLike<number>,
  input: [number, number, number],
  aug: AugmentOptions | null,
  seed: number,
  epoch: number,
): Batch {
  const [H, W, C] = input;
  const n = indices.length;
  const x = new Float32Array(n * H * W * C);
  const y = new Int32Array(n);
  const per = set.height * set.width * set.channels;
  for (let i = 0; i < n; i++) {
    const idx = indices[i];
    let crop: Crop = { y: 0, x: 0, h: set.height, w: set.width };
    let flip = false;
    if (aug && (aug.crop || aug.flip)) {
      const rng = new Rng(deriveSeed(seed, 'aug', epoch, idx));
      if (aug.crop) crop = randomCrop(rng, set.height, set.width, aug.minArea);
      if (aug.flip) flip = rng.next() < 0.5;
    }
    resampleToFloat(
      set.pixels,
      idx * per,
      set.height,
      set.width,
      set.channels,
      crop,
      H,
      W,
      C,
      flip,
      x,
      i * H * W * C,
    );
    y[i] = set.labels[idx];
  }
  return { x, y, n };
}

function randomCrop(rng: Rng, h: number, w: number, minArea: number): Crop {
  const area = rng.range(minArea, 1) * h * w;
  const aspect = Math.exp(rng.range(Math.log(3 / 4), Math.log(4 / 3)));
  const ch = Math.min(h, Math.max(1, Math.sqrt(area / aspect)));
  const cw = Math.min(w, Math.max(1, Math.sqrt(area * aspect)));
  return { y: rng.range(0, h - ch), x: rng.range(0, w - cw), h: ch, w: cw };
}
