/**
 * Keras layer names for the spec's weighted layers, as keras.applications builds InceptionV3 and
 * InceptionResNetV2: convs made without a name are auto-numbered per class in creation order
 * (conv2d_1, conv2d_2, ... in Keras 2.0–2.2 files such as the official ones; conv2d, conv2d_1, ...
 * in tf.keras), each with its batch_normalization_N; named convs keep their name (block35_1_conv,
 * conv_7b) with BN '<name>_bn'; the classifier is 'predictions'. The released specs list layers in
 * Keras' creation order, so the k-th auto-named conv of the spec is the k-th conv2d of the file.
 * A file's layer *order* is Keras' depth order, not creation order, so the numbers decide, not the order.
 */
import type { AnalysedNode, Analysis } from '../../shared/analysis-types.js';

export interface KerasRef {
  /** Layer holding the kernel (and bias). */
  layer: string;
  /** Layer holding BN's gamma/beta/moving_mean/moving_variance, when the node has BN. */
  bn?: string;
}

/** Convs Keras' application code names explicitly (the rest are auto-named). */
const EXPLICIT = /_conv$|^conv_\d+[a-z]$/;

const autoIndex = (name: string, base: string): number | null => {
  if (name === base) return 0;
  const m = new RegExp(`^${base}_(\\d+)$`).exec(name);
  return m ? Number(m[1]) : null;
};

/** The file's auto-named layers of one class, in creation order. */
function autoLayers(fileLayers: string[], base: string): string[] {
  return fileLayers
    .map((n) => [n, autoIndex(n, base)] as const)
    .filter((x): x is readonly [string, number] => x[1] !== null)
    .sort((a, b) => a[1] - b[1])
    .map((x) => x[0]);
}

const isWeighted = (n: AnalysedNode) =>
  n.kind === 'layer' && (n.layer?.op === 'conv' || n.layer?.op === 'dense');

export type KerasNumbering = 'tf.keras' | 'keras2';

/** The name Keras gives the k-th (from 0) auto-named layer of a class. */
function autoName(base: string, k: number, numbering: KerasNumbering): string {
  if (numbering === 'keras2') return `${base}_${k + 1}`;
  return k === 0 ? base : `${base}_${k}`;
}

/**
 * node id → Keras layer names, for the main graph (Keras' applications have no auxiliary heads).
 * When the file has fewer auto-named layers than the spec needs, the missing ones get the name the
 * next number would have, so the mismatch report can name them.
 */
export function kerasNames(a: Analysis, fileLayers: string[]): Map<string, KerasRef> {
  const numbering = fileLayers.includes('conv2d') ? 'tf.keras' : 'keras2';
  return assignNames(
    a,
    autoLayers(fileLayers, 'conv2d'),
    autoLayers(fileLayers, 'batch_normalization'),
    numbering,
  );
}

/** node id → the Keras layer names keras.applications creates, numbered as `numbering` does. */
export function createdKerasNames(a: Analysis, numbering: KerasNumbering): Map<string, KerasRef> {
  return assignNames(a, [], [], numbering);
}

function assignNames(
  a: Analysis,
  convs: string[],
  bns: string[],
  numbering: KerasNumbering,
): Map<string, KerasRef> {
  const refs = new Map<string, KerasRef>();
  let k = 0;
  const dense = a.nodes.filter((n) => isWeighted(n) && n.aux === undefined && n.layer!.op === 'dense');
  for (const n of a.nodes) {
    if (!isWeighted(n) || n.aux !== undefined) continue;
    const l = n.layer!;
    const name = n.id.split('/').pop()!;
    if (l.op !== 'conv') {
      // The classifier is 'predictions'; any other dense layer keeps its own name.
      refs.set(n.id, { layer: n === dense[dense.length - 1] ? 'predictions' : name });
      continue;
    }
    if (EXPLICIT.test(name)) {
      refs.set(n.id, l.bn ? { layer: name, bn: `${name}_bn` } : { layer: name });
      continue;
    }
    const conv = convs[k] ?? autoName('conv2d', k, numbering);
    const ref: KerasRef = { layer: conv };
    if (l.bn) ref.bn = bns[k] ?? autoName('batch_normalization', k, numbering);
    refs.set(n.id, ref);
    k += 1;
  }
  return refs;
}
