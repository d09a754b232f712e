/**
 * A procedural, seeded dataset of textured shapes. The class is the pair (shape, texture): five shapes
 * × two textures = 10 classes, so a network must see both outline and fill to be right.
 *
 * Two levels. 'clean' (the default): upright shapes of fairly large size with a 6 px texture, light noise,
 * random position and colours. At ×0.125 width and 32², on 2,000 images, Inception-ResNet-v1 reached 46 %
 * validation error at step 448 where Inception-v3 was at 68 %, and 40 % vs 65 % at step 600
 * (bench/results/convergence.json).
 * 'nuisances': the same images with random rotation, size, texture period and angle, a dotted background,
 * a distractor blob and heavier noise; at those sizes neither network left chance within 1,200 steps, so it
 * is for longer runs, wider variants or a GPU. Both levels draw the same random numbers, so image i has the
 * same shape, texture, colours and place in both. Image i depends only on (seed, i).
 */
import { Rng, deriveSeed } from './rng.js';
import type { ImageSet } from './types.js';

export const SHAPES = ['circle', 'square', 'triangle', 'cross', 'star'] as const;
export const TEXTURES = ['stripes', 'checker'] as const;
export const SHAPE_CLASSES = SHAPES.flatMap((s) => TEXTURES.map((t) => `${s}/${t}`));

type Shape = (typeof SHAPES)[number];

/** Is the point (u, v), in shape-local units (radius 1), inside the shape? */
function inside(shape: Shape, u: number, v: number): boolean {
  switch (shape) {
    case 'circle':
      return u * u + v * v < 1;
    case 'square':
      return Math.max(Math.abs(u), Math.abs(v)) < 0.8;
    case 'triangle': {
      // Equilateral, circumradius 1: vertices (0,−1) and (±√3/2, ½).
      return v < 0.5 && v > -1 + Math.sqrt(3) * Math.abs(u);
    }
    case 'cross':
      return (Math.abs(u) < 0.3 && Math.abs(v) < 1) || (Math.abs(v) < 0.3 && Math.abs(u) < 1);
    case 'star': {
      const r = Math.hypot(u, v);
      const a = Math.atan2(v, u);
      // Five points: radius swings between 0.45 and 1 with the angle.
      const k = Math.abs((((((a * 5) / (2 * Math.PI)) % 1) + 1) % 1) - 0.5) * 2;
      return r < 0.45 + 0.55 * k;
    }
  }
}

function texture(
  kind: 'stripes' | 'checker',
  x: number,
  y: number,
  period: number,
  angle: number,
  phase: number,
) {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const a = (x * c + y * s) / period + phase;
  if (kind === 'stripes') return a - Math.floor(a) < 0.5;
  const b = (-x * s + y * c) / period + phase;
  return (Math.floor(a) + Math.floor(b)) % 2 === 0;
}

function colour(rng: Rng): [number, number, number] {
  return [rng.int(256), rng.int(256), rng.int(256)];
}

function distance(a: number[], b: number[]) {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

export type ShapesLevel = 'clean' | 'nuisances';

/** Render image `index` of the dataset with this seed into `out` (size × size × 3). Returns its label. */
export function renderShape(
  seed: number,
  index: number,
  size: number,
  out: Uint8Array,
  offset = 0,
  level: ShapesLevel = 'clean',
): number {
  const rng = new Rng(deriveSeed(seed, 'shape', index));
  const hard = level === 'nuisances';
  const label = rng.int(SHAPE_CLASSES.length);
  const shape = SHAPES[Math.floor(label / TEXTURES.length)];
  const tex = TEXTURES[label % TEXTURES.length];
  // Every value is drawn at both levels (and the clean level overrides some), so the images correspond.
  const radius = size * (hard ? rng.range(0.28, 0.45) : rng.range(0.36, 0.45));
  const cx = rng.range(radius * 0.7, size - radius * 0.7);
  const cy = rng.range(radius * 0.7, size - radius * 0.7);
  const rot = pick(hard, rng.range(0, 2 * Math.PI), 0);
  const period = pick(hard, rng.range(3.5, Math.max(4, size / 5)), 6);
  const texAngle = pick(hard, rng.range(0, Math.PI), 0);
  const phase = rng.next();
  // Two fill colours that differ enough to show the texture, sometimes only just.
  const fa = colour(rng);
  let fb = colour(rng);
  for (let t = 0; t < 16 && distance(fa, fb) < 120; t++) fb = colour(rng);
  // The background stands apart from both fills, so the outline is visible.
  let bg = colour(rng);
  for (let t = 0; t < 16 && Math.min(distance(bg, fa), distance(bg, fb)) < 90; t++) bg = colour(rng);
  const bgDots = pick(hard, rng.next() < 0.3, false);
  const dotPeriod = rng.range(3, 7);
  const noise = pick(hard, rng.range(2, 14), 2);
  const dx = rng.range(0, size);
  const dy = rng.range(0, size);
  const dr = pick(hard, size * rng.range(0.05, 0.1), 0);
  const dc = colour(rng);
  const cr = Math.cos(rot);
  const sr = Math.sin(rot);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = x + 0.5 - cx;
      const py = y + 0.5 - cy;
      const u = (px * cr + py * sr) / radius;
      const v = (-px * sr + py * cr) / radius;
      let c: number[];
      if (inside(shape, u, v)) c = texture(tex, x, y, period, texAngle, phase) ? fa : fb;
      else if (Math.hypot(x + 0.5 - dx, y + 0.5 - dy) < dr) c = dc;
      else if (bgDots && (x / dotPeriod) % 1 < 0.3 && (y / dotPeriod) % 1 < 0.3)
        c = [bg[0] ^ 48, bg[1] ^ 48, bg[2] ^ 48];
      else c = bg;
      const o = offset + (y * size + x) * 3;
      for (let k = 0; k < 3; k++) {
        const val = c[k] + noise * rng.normal();
        out[o + k] = val < 0 ? 0 : val > 255 ? 255 : Math.round(val);
      }
    }
  }
  return label;
}

/** The drawn value with nuisances on, the fixed one without (the draw happens either way). */
function pick<T>(hard: boolean, drawn: T, fixed: T): T {
  return hard ? drawn : fixed;
}

/**
 * 'shape+texture' (10 classes) asks for both; 'shape' (5 classes) labels the outline only, the texture
 * becomes a nuisance: the easier task, for networks that learn too slowly to show a curve on the harder one.
 */
export type ShapesTask = 'shape+texture' | 'shape';

export function generateShapes(
  seed: number,
  count: number,
  size = 32,
  start = 0,
  task: ShapesTask = 'shape+texture',
  level: ShapesLevel = 'clean',
): ImageSet {
  const per = size * size * 3;
  const pixels = new Uint8Array(count * per);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = renderShape(seed, start + i, size, pixels, i * per, level);
    labels[i] = task === 'shape' ? Math.floor(label / TEXTURES.length) : label;
  }
  const classNames = task === 'shape' ? [...SHAPES] : [...SHAPE_CLASSES];
  return { classNames, height: size, width: size, channels: 3, count, pixels, labels };
}
