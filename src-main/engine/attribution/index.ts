/**
 * One entry point over the attribution methods: defaults, the node the CAM family defaults to, the
 * display map (min-max to [0, 1]) and the faithfulness figure beside every map, and how many passes
 * a method needs (for the view's time estimate).
 */
import { indexOf } from '../../shared/analysis-index.js';
import type { Analysis } from '../../shared/analysis-types.js';
import type { AttributionContext } from './context.js';
import { featureNode, inputShape, lastFeatureNode } from './context.js';
import { eigenCam } from './eigencam.js';
import { AttributionError } from './errors.js';
import { faithfulness, type FaithfulnessFigure } from './faithfulness.js';
import { vanillaGradient } from './gradient.js';
import { gradCam } from './gradcam.js';
import { gradCamPlusPlus } from './gradcam-plusplus.js';
import { integratedGradients } from './integrated-gradients.js';
import { normalise01, relu } from './maps.js';
import { occlusion } from './occlusion.js';
import { scoreCam } from './scorecam.js';
import { smoothGrad } from './smoothgrad.js';
import { checkChannelTarget } from './target.js';

export { AttributionError } from './errors.js';
export { branchSplit, type BranchSplit, type BranchPart } from './branches.js';
export type { AttributionContext, ChannelTarget } from './context.js';

export type AttributionMethod =
  | 'gradient'
  | 'smoothgrad'
  | 'integrated-gradients'
  | 'gradcam'
  | 'gradcam++'
  | 'occlusion'
  | 'scorecam'
  | 'eigencam';

export const CAM_METHODS: readonly AttributionMethod[] = ['gradcam', 'gradcam++', 'scorecam', 'eigencam'];

/** Per-method settings (the protocol's explain.* options are this type). */
export interface AttributionOptions {
  /** SmoothGrad: noisy samples (default 25) and noise σ as a fraction of the input range (0.15). */
  samples?: number;
  noise?: number;
  /** Integrated Gradients: interpolation steps (default 50, as Captum). */
  steps?: number;
  /** Occlusion: window and stride in input pixels (defaults: 1/8 and 1/16 of the input side). */
  window?: number;
  stride?: number;
  /** Faithfulness: the share of pixels removed, in % (default 20). */
  removePercent?: number;
  /** Seed of SmoothGrad's noise. */
  seed?: number;
}

export interface Attribution {
  method: AttributionMethod;
  node: string;
  /** [H, W] in [0, 1]: the positive part of the map, min-max normalised. */
  map: Float32Array;
  rawMax: number;
  /** The map is one value everywhere (a 1×1 node, or no positive evidence): it shows no place. */
  flat: boolean;
  faithfulness: FaithfulnessFigure;
  completeness?: { sum: number; delta: number; error: number };
  passes: number;
}

const clampInt = (v: number | undefined, d: number, lo: number, hi: number, what: string) => {
  const x = v ?? d;
  if (!Number.isFinite(x) || x < lo || x > hi)
    throw new AttributionError('bad_option', `${what} must be between ${lo} and ${hi}, got ${x}.`);
  return Math.round(x);
};

interface Resolved {
  samples: number;
  noise: number;
  steps: number;
  window: number;
  stride: number;
  removePercent: number;
  seed: number;
}

function resolve(side: number, o: AttributionOptions = {}): Resolved {
  const noise = o.noise ?? 0.15;
  if (!(noise >= 0 && noise <= 1))
    throw new AttributionError('bad_option', `The noise level must be 0–1, got ${noise}.`);
  const window = clampInt(o.window, Math.max(1, Math.round(side / 8)), 1, side, 'The occlusion window');
  return {
    samples: clampInt(o.samples, 25, 1, 500, 'SmoothGrad samples'),
    noise,
    steps: clampInt(o.steps, 50, 1, 1000, 'Integrated Gradients steps'),
    window,
    stride: clampInt(o.stride, Math.max(1, Math.round(window / 2)), 1, side, 'The occlusion stride'),
    removePercent: clampInt(o.removePercent, 20, 1, 99, 'The removed share'),
    seed: o.seed ?? 1,
  };
}

/** Network passes (images through the network) a method needs, faithfulness's 3 included. */
export function passesFor(
  a: Analysis,
  method: AttributionMethod,
  node?: string,
  o?: AttributionOptions,
): number {
  const [h, w] = indexOf(a).input!.outShape as [number, number];
  const r = resolve(Math.min(h, w), o);
  const positions = (size: number) => Math.floor((size - r.window) / r.stride) + 2;
  const nodes = a.nodes.filter((n) => n.aux === undefined && n.outShape.length === 3);
  const camNode = (node !== undefined ? indexOf(a).byId.get(node) : undefined) ?? nodes[nodes.length - 1]!;
  const own: Record<AttributionMethod, number> = {
    gradient: 1,
    smoothgrad: r.samples,
    'integrated-gradients': r.steps + 1,
    gradcam: 1,
    'gradcam++': 1,
    occlusion: positions(h) * positions(w) + 1,
    scorecam: (camNode.outShape[2] ?? 1) + 1,
    eigencam: 1,
  };
  return own[method] + 3;
}

export async function attribute(
  ctx: AttributionContext,
  method: AttributionMethod,
  node: string | undefined,
  o?: AttributionOptions,
): Promise<Attribution> {
  const s = inputShape(ctx);
  const r = resolve(Math.min(s.h, s.w), o);
  const camNode = node ?? lastFeatureNode(ctx);
  if (CAM_METHODS.includes(method)) featureNode(ctx, camNode);
  checkChannelTarget(ctx);
  let raw: Float32Array;
  let passes: number;
  let completeness: Attribution['completeness'];
  switch (method) {
    case 'gradient':
      ({ map: raw, passes } = await vanillaGradient(ctx));
      break;
    case 'smoothgrad':
      ({ map: raw, passes } = await smoothGrad(ctx, r));
      break;
    case 'integrated-gradients': {
      const ig = await integratedGradients(ctx, r);
      ({ map: raw, passes, completeness } = ig);
      break;
    }
    case 'gradcam':
      ({ map: raw, passes } = await gradCam(ctx, camNode));
      break;
    case 'gradcam++':
      ({ map: raw, passes } = await gradCamPlusPlus(ctx, camNode));
      break;
    case 'occlusion':
      ({ map: raw, passes } = await occlusion(ctx, r));
      break;
    case 'scorecam':
      ({ map: raw, passes } = await scoreCam(ctx, camNode));
      break;
    case 'eigencam':
      ({ map: raw, passes } = await eigenCam(ctx, camNode));
      break;
  }
  const positive = relu(raw);
  const rawMax = positive.reduce((m, v) => Math.max(m, v), 0);
  const map = normalise01(positive);
  const flat = map.every((v) => v === map[0]);
  const figure = await faithfulness(ctx, map, r.removePercent, r.seed);
  return {
    method,
    node: CAM_METHODS.includes(method) ? camNode : 'input',
    map,
    rawMax,
    flat,
    faithfulness: figure,
    ...(completeness ? { completeness } : {}),
    passes: passes + 3,
  };
}
