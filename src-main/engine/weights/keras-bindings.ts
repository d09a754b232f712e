/**
 * Keras-style layers (HDF5, .keras or TF.js) → the flat tensors and the spec's bindings to them,
 * by the names keras.applications gives its layers (keras-names.ts), and the one relaxed rule for
 * Keras files: a backbone without the spec's classifier.
 */
import type { Analysis } from '../../shared/analysis-types.js';
import { indexOf } from '../../shared/analysis-index.js';
import type { Binding } from './assemble.js';
import type { KerasH5Content } from './keras-h5.js';
import { kerasNames } from './keras-names.js';
import type { FileTensors } from './types.js';

export interface KerasBackbone {
  ownHead: string[];
  randomNodes: { ids: Set<string>; note: string };
  ignorable: (name: string) => string | null;
}

const KERAS_DENSE = /^(dense(?:_\d+)?)\//;

/**
 * A Keras file without the spec's classifier ('predictions'): a backbone saved with
 * include_top=False, or a fine-tuned model with a head of its own (Dense layers the spec does not
 * have). Every conv must still be in the file; the classifier keeps its random init and the file's
 * own Dense layers are set aside, both said in the notes. Null when the file has the classifier.
 */
export function kerasBackbone(
  a: Analysis,
  bindings: Map<string, Binding>,
  file: FileTensors,
): KerasBackbone | null {
  const heads = a.nodes.filter((n) => n.aux === undefined && n.layer?.op === 'dense');
  if (heads.length === 0 || heads.some((n) => file.has(bindings.get(n.id)?.kernel ?? ''))) return null;
  const own = [...new Set([...file.keys()].flatMap((k) => KERAS_DENSE.exec(k)?.[1] ?? []))];
  const has = own.length
    ? `a head of its own (${own.join(', ')}) instead of the spec's 'predictions' classifier; that head is set aside`
    : `no 'predictions' classifier (saved with include_top=False)`;
  return {
    ownHead: own,
    randomNodes: {
      ids: new Set(heads.map((n) => n.id)),
      note: `a Keras backbone: the file has ${has}. The classifier keeps random weights, so class scores and class attributions mean nothing; every conv, module and channel is the file's`,
    },
    ignorable: (name) => (KERAS_DENSE.test(name) ? `the file's own head (${own.join(', ')})` : null),
  };
}

/** Keras-style layers (HDF5 or TF.js) → flat tensors + bindings. */
export function kerasBindings(
  a: Analysis,
  c: KerasH5Content,
): { file: FileTensors; bindings: Map<string, Binding> } {
  const file: FileTensors = new Map();
  for (const [layer, t] of c.layers) for (const [key, tensor] of t) file.set(`${layer}/${key}`, tensor);
  const bindings = new Map<string, Binding>();
  for (const [id, ref] of kerasNames(a, c.order)) {
    const dense = indexOf(a).node(id).layer!.op === 'dense';
    const b: Binding = {
      kernel: `${ref.layer}/kernel`,
      layout: dense ? 'io' : 'hwio',
      bias: `${ref.layer}/bias`,
    };
    if (ref.bn) {
      Object.assign(b, {
        gamma: `${ref.bn}/gamma`,
        beta: `${ref.bn}/beta`,
        movingMean: `${ref.bn}/moving_mean`,
        movingVariance: `${ref.bn}/moving_variance`,
      });
    }
    bindings.set(id, b);
  }
  return { file, bindings };
}
