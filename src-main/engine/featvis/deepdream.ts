/**
 * DeepDream as the original Inception demonstration does it (tensorflow/examples/tutorials/deepdream/
 * deepdream.ipynb, render_deepdream and calc_grad_tiled; Mordvintsev, Olah & Tyka, "Inceptionism",
 * Google Research Blog, 2015): gradient ascent on the image of mean(node²), octave by octave (the
 * image split into a Laplacian-style pyramid of octave_n levels at octave_scale 1.4, the detail of
 * each level added back as it is upscaled), each step normalised by the gradient's mean |g|, the
 * image randomly rolled before each gradient so tile seams do not show.
 * The notebook's network takes any size and tiles at 512 px; the app's networks take S×S, so tiles
 * are S×S (the last ones moved back inside the image, overlapping), and an octave smaller than S is
 * padded by reflection to S. Pixel values here are in [0, 1]: the notebook's step 1.5 on 0–255
 * pixels is 1.5/255.
 */
import { indexOf } from '../../shared/analysis-index.js';
import { Rng } from '../data/rng.js';
import type { GradientBackend } from '../gradients/types.js';
import { FeatvisError, throwIfCancelled } from './errors.js';
import { affineAdjoint, applyAffine, type Affine } from './normalise.js';
import { add, resizeBilinear, subtract, type FloatImage } from './resample.js';
import { inputSize } from './visualise.js';

export interface DreamOptions {
  node: string;
  affine: Affine;
  octaves?: number;
  octaveScale?: number;
  /** Gradient steps per octave. */
  iterations?: number;
  /** Step size in [0, 1] pixel units. */
  step?: number;
  seed?: number;
  signal?: AbortSignal;
  onStep?: (step: number, steps: number, objective: number) => void;
}

const reflect = (i: number, n: number): number => {
  if (n === 1) return 0;
  const p = 2 * (n - 1);
  const m = ((i % p) + p) % p;
  return m < n ? m : p - m;
};

/** Tile origins along a side of length n for tiles of size s (≥ 1 tile; the last one flush with the end). */
function origins(n: number, s: number): number[] {
  if (n <= s) return [0];
  const out: number[] = [];
  for (let o = 0; o < n; o += s) out.push(Math.min(o, n - s));
  return [...new Set(out)];
}

/**
 * d mean(node²)/d image for one octave: roll by a random shift, cut S×S tiles (reflect-padded when
 * the image is smaller), one batched gradient call, paste each tile's gradient back, roll back.
 */
async function tiledGradient(
  backend: GradientBackend,
  img: FloatImage,
  o: DreamOptions,
  size: number,
  rng: Rng,
): Promise<{ grad: Float32Array; objective: number }> {
  const { width: w, height: h } = img;
  const sx = rng.int(Math.max(w, 1));
  const sy = rng.int(Math.max(h, 1));
  const xs = origins(w, size);
  const ys = origins(h, size);
  const tiles: [number, number][] = ys.flatMap((y) => xs.map((x): [number, number] => [x, y]));
  const batch = tiles.length;
  const input = new Float32Array(batch * size * size * 3);
  // Rolled image pixel (x, y) is the original at ((x − sx) mod w, (y − sy) mod h), as np.roll.
  const srcIndex = (tx: number, ty: number, u: number, v: number) => {
    const rx = reflect(tx + u, w);
    const ry = reflect(ty + v, h);
    const ox = (((rx - sx) % w) + w) % w;
    const oy = (((ry - sy) % h) + h) % h;
    return oy * w + ox;
  };
  tiles.forEach(([tx, ty], b) => {
    for (let v = 0; v < size; v++)
      for (let u = 0; u < size; u++) {
        const s = srcIndex(tx, ty, u, v) * 3;
        const d = ((b * size + v) * size + u) * 3;
        input[d] = img.data[s]!;
        input[d + 1] = img.data[s + 1]!;
        input[d + 2] = img.data[s + 2]!;
      }
  });
  const res = await backend.gradient({
    input: applyAffine(o.affine, input),
    batch,
    target: { kind: 'l2', node: o.node },
    wrt: ['input'],
    signal: o.signal,
  });
  const g = affineAdjoint(o.affine, res.grads.input!.data);
  const grad = new Float32Array(w * h * 3);
  tiles.forEach(([tx, ty], b) => {
    // Only the tile's part inside the image (the reflected padding is not pasted), later tiles win.
    for (let v = 0; v < Math.min(size, h - ty); v++)
      for (let u = 0; u < Math.min(size, w - tx); u++) {
        const s = srcIndex(tx, ty, u, v) * 3;
        const d = ((b * size + v) * size + u) * 3;
        grad[s] = g[d]!;
        grad[s + 1] = g[d + 1]!;
        grad[s + 2] = g[d + 2]!;
      }
  });
  const objective = res.objective.reduce((a, v) => a + v, 0) / batch;
  return { grad, objective };
}

export async function deepDream(
  backend: GradientBackend,
  image: FloatImage,
  o: DreamOptions,
): Promise<FloatImage> {
  if (!indexOf(backend.analysis).byId.has(o.node))
    throw new FeatvisError('not_found', `The network has no node '${o.node}'.`);
  const size = inputSize(backend);
  const octaves = o.octaves ?? 4;
  const scale = o.octaveScale ?? 1.4;
  const iterations = o.iterations ?? 10;
  const step = o.step ?? 1.5 / 255;
  if (!(octaves >= 1 && octaves <= 8 && scale > 1 && scale <= 4 && iterations >= 1))
    throw new FeatvisError(
      'bad_request',
      'DeepDream needs 1–8 octaves, an octave scale between 1 and 4 and at least one step.',
    );
  const rng = new Rng(o.seed ?? 0);
  // The pyramid: each level is the image at 1/scale, and the detail it loses.
  let img: FloatImage = { ...image, data: image.data.slice() };
  const details: FloatImage[] = [];
  for (let i = 0; i < octaves - 1; i++) {
    const lo = resizeBilinear(
      img,
      Math.max(1, Math.round(img.width / scale)),
      Math.max(1, Math.round(img.height / scale)),
    );
    details.push(subtract(img, resizeBilinear(lo, img.width, img.height)));
    img = lo;
  }
  const total = octaves * iterations;
  let done = 0;
  for (let octave = 0; octave < octaves; octave++) {
    if (octave > 0) {
      const hi = details[details.length - octave]!;
      img = add(resizeBilinear(img, hi.width, hi.height), hi);
    }
    for (let i = 0; i < iterations; i++) {
      throwIfCancelled(o.signal);
      const { grad, objective } = await tiledGradient(backend, img, o, size, rng);
      const meanAbs = grad.reduce((a, v) => a + Math.abs(v), 0) / grad.length;
      const k = step / (meanAbs + 1e-7);
      const data = img.data;
      for (let j = 0; j < data.length; j++) data[j] = data[j]! + grad[j]! * k;
      o.onStep?.(++done, total, objective);
    }
  }
  return { ...img, data: img.data.map((v) => Math.min(1, Math.max(0, v))) };
}
