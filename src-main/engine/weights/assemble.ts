/**
 * File tensors + a name binding → the engine-neutral WeightMap (TensorFlow layout: HWIO kernels,
 * [in, out] dense kernels), checked tensor by tensor. Every missing, mis-shaped or unexpected tensor
 * becomes one line of the report; the caller refuses the load if there is any, so nothing is ever
 * half loaded. Training-only auxiliary heads are one exception: a file without them (Keras,
 * timm) leaves them at their random initialisation and the info says so. The other is a caller's
 * `randomNodes` (a Keras backbone's missing classifier), which keep their random init likewise.
 *
 * What passes the shape check then goes through the integrity pass (integrity.ts): values finite, BN
 * variances ≥ 0; a failure is WeightsError('corrupt') with one line per tensor.
 */
import type { AnalysedNode, Analysis } from '../../shared/analysis-types.js';
import {
  checkWeights,
  expectedWeights,
  randomWeights,
  type NodeWeights,
  type WeightKind,
  type WeightMap,
} from '../onnx/weights.js';
import { corruptError, integrityProblems, valueProblems } from './integrity.js';
import { fmtShape, numel, type FileTensor, type FileTensors } from './types.js';
import { indexOf } from '../../shared/analysis-index.js';

/** How a file stores a kernel: TF conv (HWIO), PyTorch conv (OIHW), dense [in, out] or PyTorch linear [out, in]. */
export type KernelLayout = 'hwio' | 'oihw' | 'io' | 'oi';

export interface Binding {
  kernel: string;
  layout: KernelLayout;
  bias?: string;
  gamma?: string;
  beta?: string;
  movingMean?: string;
  movingVariance?: string;
}

export interface AssembleOptions {
  /** File tensors that are deliberately not used (e.g. aux heads the spec lacks); reported as notes. */
  ignorable?: (name: string) => string | null;
  /** Seed for the random init of aux heads the file does not have. */
  seed?: number;
  /** The file's base name, for the integrity error's message. */
  file?: string;
  /**
   * The file's convention writes a γ for every BN (PyTorch's BatchNorm2d weight). A file of it with
   * no γ at all was altered: it loads only where the spec's BN has no γ, and then with a note.
   */
  alwaysHasGamma?: boolean;
  /** Nodes the file is known not to hold (a backbone's classifier): random init, and `note` says so. */
  randomNodes?: { ids: Set<string>; note: string };
}

export interface Assembled {
  weights: WeightMap;
  problems: string[];
  notes: string[];
  /** The auxiliary heads the file lacks, left at their random init (also one of `notes`). */
  auxRandom: string[];
}

const isWeighted = (n: AnalysedNode) =>
  n.kind === 'layer' && (n.layer?.op === 'conv' || n.layer?.op === 'dense');

/** The shape a file must have for a TF-layout shape, in the file's layout. */
function fileShape(tf: number[], layout: KernelLayout): number[] {
  if (layout === 'oihw') return [tf[3]!, tf[2]!, tf[0]!, tf[1]!];
  if (layout === 'oi') return [tf[1]!, tf[0]!];
  return tf;
}

/** [H, W, C] of the flatten feeding a dense layer, when PyTorch's flatten order (C, H, W) differs from ours. */
function flattenSource(a: Analysis, n: AnalysedNode): number[] | null {
  const prev = indexOf(a).byId.get(n.inputs[0] ?? '');
  const s = prev?.op === 'flatten' ? prev.inShapes[0] : undefined;
  return s && s.length === 3 && s[0]! * s[1]! > 1 ? s : null;
}

/** File layout → TF layout, for kernels. `chw` reorders a PyTorch linear's input rows from (C, H, W) to (H, W, C). */
function toTf(t: FileTensor, layout: KernelLayout, chw: number[] | null): Float32Array {
  const src = t.data;
  if (layout === 'hwio' || layout === 'io') return src;
  const out = new Float32Array(src.length);
  if (layout === 'oihw') {
    const [co, ci, kh, kw] = t.shape as [number, number, number, number];
    for (let o = 0; o < co; o++)
      for (let i = 0; i < ci; i++)
        for (let h = 0; h < kh; h++)
          for (let w = 0; w < kw; w++)
            out[((h * kw + w) * ci + i) * co + o] = src[((o * ci + i) * kh + h) * kw + w]!;
    return out;
  }
  const [nOut, nIn] = t.shape as [number, number];
  for (let o = 0; o < nOut; o++) {
    for (let i = 0; i < nIn; i++) {
      let row = i;
      if (chw) {
        const [H, W, C] = chw as [number, number, number];
        const c = Math.floor(i / (H * W));
        const hw = i % (H * W);
        row = hw * C + c;
      }
      out[row * nOut + o] = src[o * nIn + i]!;
    }
  }
  return out;
}

const KIND_KEYS: [WeightKind, keyof Binding][] = [
  ['bias', 'bias'],
  ['beta', 'beta'],
  ['movingMean', 'movingMean'],
  ['movingVariance', 'movingVariance'],
];

export function assemble(
  a: Analysis,
  bindings: Map<string, Binding>,
  file: FileTensors,
  opts: AssembleOptions = {},
): Assembled {
  const weights: WeightMap = {};
  const problems: string[] = [];
  const notes: string[] = [];
  const used = new Set<string>();
  let folded = 0;
  // For specs whose BN has no γ: which BN layers the file gives a γ for, and which it does not.
  const gammaFound: string[] = [];
  const gammaAbsent: string[] = [];
  const badGamma: string[] = [];
  // "node/kind" → the file tensor it came from, for the integrity report.
  const sources = new Map<string, string>();
  const auxMissing = new Set<string>();
  // An aux head is in the file if any of its kernels is; then it must be complete like the rest.
  const auxPresent = new Set<string>();
  for (const n of a.nodes) {
    const b = bindings.get(n.id);
    if (n.aux !== undefined && b && file.has(b.kernel)) auxPresent.add(n.aux);
  }

  for (const n of a.nodes) {
    if (!isWeighted(n) || opts.randomNodes?.ids.has(n.id)) continue;
    const want = expectedWeights(n);
    const b = bindings.get(n.id);
    if (n.aux !== undefined && !auxPresent.has(n.aux)) {
      auxMissing.add(n.aux);
      continue;
    }
    if (!b) {
      problems.push(`${n.id}: no tensor name is known for this layer`);
      continue;
    }
    const nodeProblems: string[] = [];
    const get = (kind: WeightKind, name: string | undefined, shape: number[]): FileTensor | undefined => {
      if (!name) {
        nodeProblems.push(
          `${n.id}/${kind}: the file convention has no such tensor (expected ${fmtShape(shape)})`,
        );
        return undefined;
      }
      const t = file.get(name);
      used.add(name);
      if (!t)
        nodeProblems.push(
          `${n.id}/${kind} ← ${name}: missing from the file (expected shape ${fmtShape(shape)})`,
        );
      else if (
        t.shape.length !== shape.length ||
        t.shape.some((d, i) => d !== shape[i]) ||
        t.data.length !== numel(shape)
      ) {
        nodeProblems.push(
          `${n.id}/${kind} ← ${name}: expected shape ${fmtShape(shape)}, found ${fmtShape(t.shape)}`,
        );
        return undefined;
      }
      return t;
    };
    const w: NodeWeights = {};
    const kShape = want.kernel!;
    const k = get('kernel', b.kernel, fileShape(kShape, b.layout));
    const chw = b.layout === 'oi' ? flattenSource(a, n) : null;
    if (k) {
      w.kernel = { shape: kShape, data: toTf(k, b.layout, chw) };
      sources.set(`${n.id}/kernel`, k.name);
    }
    for (const [kind, key] of KIND_KEYS) {
      const shape = want[kind];
      const name = b[key] as string | undefined;
      if (shape) {
        const t = get(kind, name, shape);
        if (t) {
          w[kind] = { shape, data: t.data };
          sources.set(`${n.id}/${kind}`, t.name);
        }
      } else if (name && file.has(name)) {
        used.add(name);
        nodeProblems.push(
          `${n.id}/${kind} ← ${name}: the file has this tensor ${fmtShape(file.get(name)!.shape)} but the spec's layer has none`,
        );
      }
    }
    if (want.gamma) {
      const t = get('gamma', b.gamma, want.gamma);
      if (t) {
        w.gamma = { shape: want.gamma, data: t.data };
        sources.set(`${n.id}/gamma`, t.name);
      }
    } else if (n.layer!.op === 'conv' && n.layer!.bn && b.gamma && file.has(b.gamma)) {
      // The spec's BN has no γ (Keras scale=False) but the file has one: fold it into the kernel and the
      // moving mean, which is exact: γ(Wx − μ)/σ + β = (γW·x − γμ)/σ + β.
      gammaFound.push(n.id);
      const g = get('gamma', b.gamma, [want.beta![0]!]);
      // Checked before folding: a NaN γ would otherwise surface as a NaN kernel, naming the wrong tensor.
      const bad = g ? valueProblems(g.data) : [];
      if (bad.length) badGamma.push(`${bad.join(', ')} in ${n.id} BN γ (← ${g!.name})`);
      else if (g && w.kernel && w.movingMean) {
        foldGamma(w, g.data);
        folded += 1;
      }
    } else if (n.layer!.op === 'conv' && n.layer!.bn && b.gamma) {
      gammaAbsent.push(`${n.id}/gamma ← ${b.gamma}`);
    }
    problems.push(...nodeProblems);
    weights[n.id] = w;
  }

  const ignored = new Map<string, number>();
  for (const name of file.keys()) {
    if (used.has(name)) continue;
    const why = opts.ignorable?.(name);
    if (why) ignored.set(why, (ignored.get(why) ?? 0) + 1);
    else
      problems.push(
        `${name} ${fmtShape(file.get(name)!.shape)}: in the file but not used by ${a.spec.id} (${a.spec.flavour})`,
      );
  }
  for (const [why, count] of ignored) notes.push(`ignored ${count} tensors: ${why}`);
  if (gammaFound.length && gammaAbsent.length) {
    // Some BN layers have a γ and others not: no writer does that, so the file was cut or edited.
    for (const g of gammaAbsent)
      problems.push(`${g}: missing from the file, while ${gammaFound.length} other BN layers have their γ`);
  } else if (gammaAbsent.length && opts.alwaysHasGamma) {
    notes.push(
      `the file has no BN γ for any of its ${gammaAbsent.length} BN layers (PyTorch always saves one): loaded with γ = 1, as the ${a.spec.flavour} spec's BN has no γ (Keras scale=False)`,
    );
  }
  if (folded)
    notes.push(
      `BN γ folded into the kernels of ${folded} convs (the ${a.spec.flavour} spec's BN has no γ, as in Keras)`,
    );

  const keepRandom = (n: AnalysedNode) =>
    (n.aux !== undefined && auxMissing.has(n.aux)) || opts.randomNodes?.ids.has(n.id) === true;
  if (auxMissing.size || opts.randomNodes?.ids.size) {
    const random = randomWeights(a, opts.seed ?? 1, true);
    for (const n of a.nodes) if (keepRandom(n) && random[n.id]) weights[n.id] = random[n.id]!;
  }
  if (auxMissing.size)
    notes.push(
      `training-only auxiliary heads not in the file (${[...auxMissing].join(', ')}): they keep random weights`,
    );
  if (opts.randomNodes?.ids.size) notes.push(opts.randomNodes.note);
  if (problems.length === 0) problems.push(...checkWeights(a, weights, true));
  if (problems.length === 0) {
    const corrupt = [...badGamma, ...integrityProblems(weights, sources)];
    if (corrupt.length) throw corruptError(a, corrupt, opts.file);
  }
  return { weights, problems, notes, auxRandom: [...auxMissing] };
}

function foldGamma(w: NodeWeights, gamma: Float32Array): void {
  const k = w.kernel!;
  const co = k.shape[k.shape.length - 1]!;
  const kernel = new Float32Array(k.data);
  for (let i = 0; i < kernel.length; i++) kernel[i]! *= gamma[i % co]!;
  w.kernel = { shape: k.shape, data: kernel };
  const mean = new Float32Array(w.movingMean!.data);
  for (let o = 0; o < co; o++) mean[o]! *= gamma[o]!;
  w.movingMean = { shape: w.movingMean!.shape, data: mean };
}
