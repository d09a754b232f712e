/**
 * Exact theoretical receptive fields of one unit, per path through its module.
 *
 * The analysis' `rf` is the textbook size r' = r + (k − 1)·j (Araujo et al., "Computing Receptive
 * Fields of Convolutional Neural Networks", Distill 2019, https://distill.pub/2019/computing-receptive-fields/).
 * Here the field of a unit (y, x) is traced backwards layer by layer with each layer's own padding:
 * output index o of a window k, stride s, leading pad p reads inputs [o·s − p, o·s − p + k − 1],
 * clipped to the real input (padding contributes nothing). Where paths merge the field is the union
 * of their rectangles, kept as a small set of rectangles, so the result is the exact set of input
 * pixels the unit can depend on: with every weight positive, exactly the pixels whose input gradient
 * is non-zero (test/unit/receptive checks this against tfjs).
 *
 * A unit of a module node is reached from the module's input along one or more paths (the 1×1
 * branch, the 3×3 branch, the factorised 1×7 → 7×1 branch, the pool branch, a residual shortcut);
 * `receptivePaths` returns the field along each, so the views can draw them side by side.
 * Paths below the module's input are not told apart: their union is the module input's field.
 */
import { indexOf } from './analysis-index.js';
import type { Analysis, AnalysedNode } from './analysis-types.js';
import type { Layer, Padding } from './spec.js';
import { concatChannelRanges } from './layer-shapes.js';

/** Inclusive pixel rectangle [y0, y1] × [x0, x1] in some node's (or the image's) coordinates. */
export interface PixelRect {
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

export interface FieldPath {
  /** Readable name from the module's groups, e.g. 'Branch_1 · 3x1', or 'shortcut'. */
  name: string;
  /** Module nodes along the path, from the module input side to the unit's node. */
  nodes: string[];
  /** The windows along the path, e.g. '1×1 → 1×7 → 7×1', 'max 3×3/2' ('identity' for a shortcut). */
  kernels: string;
  /** Whether the unit's own channel is computed along this path (a concat channel has one branch). */
  carriesChannel: boolean;
  /** The field on the input image: a union of rectangles (usually one). */
  rects: PixelRect[];
  /** Its bounding box. */
  box: PixelRect;
  /** Pixels in the union. */
  pixels: number;
  /** Field size ignoring the image border (the textbook number), [h, w]. */
  size: [number, number];
  /** The field ignoring the border, in image coordinates (it may reach outside the image). */
  unclipped: PixelRect;
}

export interface UnitFields {
  node: string;
  module: string;
  y: number;
  x: number;
  /** The channel asked about; absent: any channel. */
  channel?: number;
  /** Input image [h, w]. */
  image: [number, number];
  paths: FieldPath[];
  /** The union over all paths: the unit's whole field. */
  whole: { rects: PixelRect[]; box: PixelRect; pixels: number; size: [number, number] };
}

export class ReceptiveFieldError extends Error {
  constructor(
    readonly code: 'unknown_node' | 'not_spatial' | 'out_of_range',
    message: string,
  ) {
    super(message);
  }
}

/** More rectangles than this per node and the set is replaced by its bounding box (never seen in the zoo). */
const MAX_RECTS = 256;

const contains = (a: PixelRect, b: PixelRect) => a.y0 <= b.y0 && a.y1 >= b.y1 && a.x0 <= b.x0 && a.x1 >= b.x1;

export function boundingBox(rects: readonly PixelRect[]): PixelRect {
  return {
    y0: Math.min(...rects.map((r) => r.y0)),
    y1: Math.max(...rects.map((r) => r.y1)),
    x0: Math.min(...rects.map((r) => r.x0)),
    x1: Math.max(...rects.map((r) => r.x1)),
  };
}

/** Adds rects to a set, dropping any contained in another. */
function addRects(set: PixelRect[], more: readonly PixelRect[]): PixelRect[] {
  let out = set;
  for (const r of more) {
    if (out.some((s) => contains(s, r))) continue;
    out = [...out.filter((s) => !contains(r, s)), r];
  }
  return out.length > MAX_RECTS ? [boundingBox(out)] : out;
}

/** Leading pad of one axis, as the shape rules in shapes.ts define the output size. */
function leadingPad(padding: Padding, inSize: number, outSize: number, k: number, s: number, axis: 0 | 1) {
  if (padding === 'valid') return 0;
  if (padding === 'same') {
    // TensorFlow: total = max((out − 1)·s + k − in, 0), the smaller half before
    // (https://www.tensorflow.org/api_docs/python/tf/nn#notes_on_padding_2).
    return Math.floor(Math.max((outSize - 1) * s + k - inSize, 0) / 2);
  }
  return axis === 0 ? padding.top : padding.left;
}

type Interval = [number, number] | null;

/** One axis of a window layer backwards: outputs [a, b] read inputs [a·s − p, b·s − p + k − 1] ∩ [0, n − 1]. */
function windowBack(
  a: number,
  b: number,
  k: number,
  s: number,
  p: number,
  n: number,
  clip: boolean,
): Interval {
  const lo = a * s - p;
  const hi = b * s - p + k - 1;
  if (!clip) return [lo, hi];
  const l = Math.max(lo, 0);
  const h = Math.min(hi, n - 1);
  return l <= h ? [l, h] : null;
}

/** PyTorch adaptive pooling bin i of n → m: [floor(i·n/m), ceil((i+1)·n/m) − 1]. */
const adaptiveBack = (a: number, b: number, n: number, m: number): Interval => [
  Math.floor((a * n) / m),
  Math.ceil(((b + 1) * n) / m) - 1,
];

const whole = (shape: readonly number[]): PixelRect =>
  shape.length === 3
    ? { y0: 0, y1: shape[0]! - 1, x0: 0, x1: shape[1]! - 1 }
    : { y0: 0, y1: 0, x0: 0, x1: 0 };

/** The input rectangle (in the node's single input) that output rectangle `r` of a layer reads. */
function layerBack(node: AnalysedNode, layer: Layer, r: PixelRect, clip: boolean): PixelRect | null {
  const inShape = node.inShapes[0]!;
  const out = node.outShape;
  if (inShape.length !== 3) return whole(inShape);
  const [h, w] = inShape as [number, number];
  const rect = (ys: Interval, xs: Interval) =>
    ys && xs ? { y0: ys[0], y1: ys[1], x0: xs[0], x1: xs[1] } : null;
  switch (layer.op) {
    case 'conv':
    case 'maxpool':
    case 'avgpool': {
      if (layer.op !== 'conv' && layer.adaptive) {
        return rect(
          adaptiveBack(r.y0, r.y1, h, layer.adaptive[0]),
          adaptiveBack(r.x0, r.x1, w, layer.adaptive[1]),
        );
      }
      const k = layer.op === 'conv' ? layer.kernel : layer.pool;
      const s = layer.strides;
      const py = leadingPad(layer.padding, h, out[0]!, k[0], s[0], 0);
      const px = leadingPad(layer.padding, w, out[1]!, k[1], s[1], 1);
      return rect(
        windowBack(r.y0, r.y1, k[0], s[0], py, h, clip),
        windowBack(r.x0, r.x1, k[1], s[1], px, w, clip),
      );
    }
    case 'globalavgpool':
    case 'flatten':
    case 'dense':
      return whole(inShape);
    default:
      // lrn (mixes channels, not positions), dropout, softmax, relu: position for position.
      return r;
  }
}

/**
 * What a node contributes, by channel: rectangles read in every channel (`all`) and in single
 * channels only. Channels matter because pools, ReLU and adds keep them apart and a concat gives
 * each branch its own: a pool branch's channel c of a grid reduction is one branch of the module
 * below, with that branch's field. Convolutions, dense layers, LRN and softmax mix channels.
 */
interface Region {
  all: PixelRect[];
  ch: Map<number, PixelRect[]>;
}

const emptyRegion = (): Region => ({ all: [], ch: new Map() });
const isEmpty = (r: Region) => !r.all.length && !r.ch.size;

function mergeInto(into: Region, more: Region): Region {
  into.all = addRects(into.all, more.all);
  for (const [c, rects] of more.ch) into.ch.set(c, addRects(into.ch.get(c) ?? [], rects));
  return into;
}

const MIXES_CHANNELS = new Set(['conv', 'dense', 'lrn', 'softmax', 'flatten']);

/** The region each input of `node` reads for output region `region`; `allowed` filters inputs. */
function nodeBack(node: AnalysedNode, region: Region, clip: boolean, allowed?: (input: number) => boolean) {
  const out: { id: string; region: Region }[] = [];
  const mapRects = (rects: readonly PixelRect[]) =>
    node.kind === 'layer'
      ? rects.map((r) => layerBack(node, node.layer!, r, clip)).filter((r): r is PixelRect => r !== null)
      : [...rects];
  const ranges = concatChannelRanges(node.inShapes);
  node.inputs.forEach((id, i) => {
    const [lo, hi] = ranges[i]!;
    if (allowed && !allowed(i)) return;
    const next = emptyRegion();
    next.all = mapRects(region.all);
    for (const [c, rects] of region.ch) {
      const mapped = mapRects(rects);
      if (!mapped.length) continue;
      if (node.layer && MIXES_CHANNELS.has(node.layer.op)) next.all = addRects(next.all, mapped);
      else if (node.kind !== 'concat') next.ch.set(c, addRects(next.ch.get(c) ?? [], mapped));
      else if (c >= lo && c < hi) next.ch.set(c - lo, mapped);
    }
    if (!isEmpty(next)) out.push({ id, region: next });
  });
  return out;
}

/** Propagates regions from `seeds` back to the image through every path below them. */
function toImage(analysis: Analysis, seeds: Map<string, Region>, clip: boolean) {
  const pending = new Map(seeds);
  let image: PixelRect[] = [];
  for (let i = analysis.nodes.length - 1; i >= 0; i--) {
    const node = analysis.nodes[i]!;
    const region = pending.get(node.id);
    if (!region) continue;
    pending.delete(node.id);
    if (node.kind === 'input') {
      image = addRects(image, [...region.all, ...[...region.ch.values()].flat()]);
      continue;
    }
    for (const next of nodeBack(node, region, clip)) {
      pending.set(next.id, mergeInto(pending.get(next.id) ?? emptyRegion(), next.region));
    }
  }
  return image;
}

/** Pixels in a union of rectangles (a bitmap over their bounding box; fields are at most the image). */
export function unionPixels(rects: readonly PixelRect[]): number {
  if (!rects.length) return 0;
  const b = boundingBox(rects);
  const w = b.x1 - b.x0 + 1;
  const mask = new Uint8Array((b.y1 - b.y0 + 1) * w);
  for (const r of rects) {
    for (let y = r.y0; y <= r.y1; y++)
      mask.fill(1, (y - b.y0) * w + r.x0 - b.x0, (y - b.y0) * w + r.x1 - b.x0 + 1);
  }
  return mask.reduce((a, v) => a + v, 0);
}

/** Every path inside the module from its input to `nodeId`: each a list of module nodes and the edges taken. */
interface ModulePath {
  nodes: string[];
  /** For each node on the path, the index of the input the path takes. */
  edges: Map<string, number>;
  /** The node outside the module the path starts from. */
  entry: string;
}

function modulePaths(byId: ReadonlyMap<string, AnalysedNode>, nodeId: string, module: string) {
  const paths: ModulePath[] = [];
  const walk = (id: string, nodes: string[], edges: Map<string, number>) => {
    const node = byId.get(id)!;
    node.inputs.forEach((inId, i) => {
      const e = new Map(edges).set(id, i);
      const input = byId.get(inId)!;
      if (input.module !== module || input.kind === 'input')
        paths.push({ nodes: [...nodes].reverse(), edges: e, entry: inId });
      else walk(inId, [...nodes, inId], e);
    });
    if (!node.inputs.length) paths.push({ nodes: [...nodes].reverse(), edges, entry: id });
  };
  walk(nodeId, [nodeId], new Map());
  return paths;
}

function kernelLabel(node: AnalysedNode): string | null {
  const l = node.layer;
  if (!l) return null;
  if (l.op === 'conv') return `${l.kernel[0]}×${l.kernel[1]}${l.strides[0] > 1 ? `/${l.strides[0]}` : ''}`;
  if (l.op === 'maxpool' || l.op === 'avgpool') {
    return `${l.op === 'maxpool' ? 'max' : 'avg'} ${l.pool[0]}×${l.pool[1]}${l.strides[0] > 1 ? `/${l.strides[0]}` : ''}`;
  }
  return null;
}

/** Name of a path: the module's group names it passes through below the module, e.g. 'Branch_1 · 1x3'. */
function pathName(
  analysis: Analysis,
  path: { nodes: string[] },
  byId: ReadonlyMap<string, AnalysedNode>,
  module: string,
) {
  const seqs = new Set(analysis.groups.filter((g) => g.kind === 'seq').map((g) => g.id));
  const names: string[] = [];
  for (const id of path.nodes) {
    for (const g of byId.get(id)!.groups) {
      if (g !== module && seqs.has(g)) {
        const name = analysis.groups.find((x) => x.id === g)!.name;
        if (!names.includes(name)) names.push(name);
      }
    }
  }
  if (names.length) return names.join(' · ');
  // A path of merges only (the add of a residual block, reached straight from the block input).
  return path.nodes.every((id) => !byId.get(id)!.layer) ? 'shortcut' : 'main';
}

/** Whether channel c of the unit is computed along the path (channels are traced back through concats). */
function carries(path: ModulePath, byId: ReadonlyMap<string, AnalysedNode>, channel: number) {
  let c = channel;
  for (let i = path.nodes.length - 1; i >= 0; i--) {
    const node = byId.get(path.nodes[i]!)!;
    if (node.layer && MIXES_CHANNELS.has(node.layer.op)) return true;
    if (node.kind === 'concat') {
      const [from, to] = concatChannelRanges(node.inShapes)[path.edges.get(node.id)!]!;
      if (c < from || c >= to) return false;
      c -= from;
    }
  }
  return true;
}

/**
 * The field of unit (y, x) of `nodeId`, per path through its module: of channel `channel`, or of
 * any channel (the analysis' `rf`) when it is left out.
 */
export function receptivePaths(
  analysis: Analysis,
  nodeId: string,
  y: number,
  x: number,
  channel?: number,
): UnitFields {
  const ix = indexOf(analysis);
  const byId = ix.byId;
  const node = byId.get(nodeId);
  if (!node) throw new ReceptiveFieldError('unknown_node', `There is no node '${nodeId}' in this network.`);
  const shape = node.outShape;
  if (shape.length !== 3) {
    throw new ReceptiveFieldError(
      'not_spatial',
      `'${nodeId}' has no spatial map: every unit sees the whole image.`,
    );
  }
  if (!(y >= 0 && y < shape[0]! && x >= 0 && x < shape[1]! && Number.isInteger(y) && Number.isInteger(x))) {
    throw new ReceptiveFieldError(
      'out_of_range',
      `Unit (${y}, ${x}) is outside the ${shape[0]}×${shape[1]} map of '${nodeId}'.`,
    );
  }
  const input = ix.input!.outShape as [number, number, number];
  const unit: PixelRect = { y0: y, y1: y, x0: x, x1: x };

  /** Along the path inside the module, then through everything below its entry. */
  const trace = (path: ModulePath, clip: boolean, ownChannel: boolean) => {
    let region: Region = emptyRegion();
    if (ownChannel) region.ch.set(channel!, [unit]);
    else region.all = [unit];
    for (let i = path.nodes.length - 1; i >= 0; i--) {
      const n = byId.get(path.nodes[i]!)!;
      const taken = path.edges.get(n.id);
      const next = nodeBack(n, region, clip, (j) => j === taken)[0];
      if (!next) return [];
      region = next.region;
    }
    return toImage(analysis, new Map([[path.entry, region]]), clip);
  };
  const sizeOf = (rects: PixelRect[]): [number, number] => {
    if (!rects.length) return [0, 0];
    const b = boundingBox(rects);
    return [b.y1 - b.y0 + 1, b.x1 - b.x0 + 1];
  };

  const paths: FieldPath[] = [];
  let all: PixelRect[] = [];
  for (const p of node.kind === 'input' ? [] : modulePaths(byId, nodeId, node.module)) {
    // A path that computes the unit's channel is traced with it; the others with all their channels.
    const own = channel === undefined ? true : carries(p, byId, channel);
    const rects = trace(p, true, own && channel !== undefined);
    if (!rects.length) continue;
    const unclipped = trace(p, false, own && channel !== undefined);
    all = addRects(all, rects);
    const kernels = p.nodes.map((id) => kernelLabel(byId.get(id)!)).filter((k): k is string => k !== null);
    paths.push({
      name: pathName(analysis, p, byId, node.module),
      nodes: p.nodes,
      kernels: kernels.length ? kernels.join(' → ') : 'identity',
      carriesChannel: own,
      rects,
      box: boundingBox(rects),
      pixels: unionPixels(rects),
      size: sizeOf(unclipped),
      unclipped: boundingBox(unclipped),
    });
  }
  if (node.kind === 'input') all = [unit];
  const unclipped = paths.length ? paths.map((p) => p.size) : [[1, 1] as [number, number]];
  return {
    node: nodeId,
    module: node.module,
    y,
    x,
    ...(channel === undefined ? {} : { channel }),
    image: [input[0], input[1]],
    paths,
    whole: {
      rects: all,
      box: boundingBox(all),
      pixels: unionPixels(all),
      size: [Math.max(...unclipped.map((s) => s[0])), Math.max(...unclipped.map((s) => s[1]))],
    },
  };
}

/** What the effective field (|∂unit/∂input| summed over colour, an H×W map) looks like against the theoretical one. */
export interface EffectiveStats {
  /** Σ of the map. */
  mass: number;
  max: number;
  /** Mass-weighted centre and spread (σ) in pixels, [y, x]. */
  centre: [number, number];
  sigma: [number, number];
  /** Fewest pixels that hold 90 % of the mass, and that as a share of the whole field's pixels. */
  area90: number;
  area90Share: number;
  /** Share of the mass inside each path's field (in `fields.paths` order) and inside the whole field. */
  inPath: number[];
  inField: number;
}

const inRects = (rects: readonly PixelRect[], y: number, x: number) =>
  rects.some((r) => y >= r.y0 && y <= r.y1 && x >= r.x0 && x <= r.x1);

/**
 * Luo et al., "Understanding the Effective Receptive Field in Deep CNNs" (NeurIPS 2016,
 * arXiv:1701.04128): the gradient mass concentrates in a Gaussian-like centre that fills only part
 * of the theoretical field; area90 and σ measure how much.
 */
export function effectiveStats(
  map: ArrayLike<number>,
  h: number,
  w: number,
  fields: UnitFields,
): EffectiveStats {
  let mass = 0;
  let max = 0;
  let sy = 0;
  let sx = 0;
  for (let i = 0; i < h * w; i++) {
    const v = Math.abs(map[i]!);
    mass += v;
    max = Math.max(max, v);
    sy += v * Math.floor(i / w);
    sx += v * (i % w);
  }
  const cy = mass > 0 ? sy / mass : 0;
  const cx = mass > 0 ? sx / mass : 0;
  let vy = 0;
  let vx = 0;
  const inPath = fields.paths.map(() => 0);
  let inField = 0;
  for (let i = 0; i < h * w; i++) {
    const v = Math.abs(map[i]!);
    if (v === 0) continue;
    const y = Math.floor(i / w);
    const x = i % w;
    vy += v * (y - cy) ** 2;
    vx += v * (x - cx) ** 2;
    fields.paths.forEach((p, j) => {
      if (inRects(p.rects, y, x)) inPath[j]! += v;
    });
    if (inRects(fields.whole.rects, y, x)) inField += v;
  }
  const sorted = Float64Array.from({ length: h * w }, (_, i) => Math.abs(map[i]!))
    .sort()
    .reverse();
  let acc = 0;
  let area90 = 0;
  while (mass > 0 && area90 < sorted.length && acc < 0.9 * mass) acc += sorted[area90++]!;
  const share = (v: number) => (mass > 0 ? v / mass : 0);
  return {
    mass,
    max,
    centre: [cy, cx],
    sigma: mass > 0 ? [Math.sqrt(vy / mass), Math.sqrt(vx / mass)] : [0, 0],
    area90,
    area90Share: fields.whole.pixels > 0 ? area90 / fields.whole.pixels : 0,
    inPath: inPath.map(share),
    inField: share(inField),
  };
}
