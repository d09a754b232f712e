/**
 * tfjs weight name → Keras weight name, for the two networks keras.applications has
 * (InceptionV3, InceptionResNetV2; the 'released' flavour at width 1), so Keras weights can be loaded
 * into models from buildModel.
 *
 * How the Keras names are derived: keras.applications builds both networks with a helper
 * conv2d_bn(x, ...) that creates Conv2D → BatchNormalization → Activation. Where the code passes no
 * name, Keras names each layer from a per-class counter in creation order: conv2d, conv2d_1, … and
 * batch_normalization, batch_normalization_1, … in tf.keras (TF ≥ 2), conv2d_1, conv2d_2, … in
 * Keras 2.0–2.2, which wrote the official .h5 files. The released specs list each module's branches
 * in the order the Keras code creates them, so the k-th unnamed conv in the analysis' node order is
 * the k-th Conv2D. The code names a few layers itself: InceptionResNetV2's residual up-projections
 * '<block>_conv' (conv with bias, no BN) and 'conv_7b' (with BN 'conv_7b_bn'); both networks'
 * classifier is 'predictions'. Auxiliary heads have no Keras counterpart and are not mapped.
 */
import type { BuiltModel } from './build-model.js';

export type KerasNumbering = 'tf.keras' | 'keras2';

export interface KerasWeight {
  /** The tfjs weight's original name, e.g. 'Mixed_5b.Branch_0.Conv2d_0a_1x1/kernel'. */
  tfjs: string;
  /** e.g. 'conv2d_5/kernel:0'. */
  keras: string;
  /** The analysis node the weight belongs to. */
  nodeId: string;
}

/** Convs the Keras application code names explicitly (InceptionResNetV2). */
const EXPLICIT = /^(block(35|17|8)_\d+_conv|conv_7b)$/;

export function hasKerasWeights(built: BuiltModel): boolean {
  const s = built.analysis.spec;
  return (
    (s.id === 'inception_v3' || s.id === 'inception_resnet_v2') &&
    s.flavour === 'released' &&
    s.variant.width === 1
  );
}

function counterName(base: string, k: number, numbering: KerasNumbering): string {
  if (numbering === 'keras2') return `${base}_${k + 1}`;
  return k === 0 ? base : `${base}_${k}`;
}

/** Every weight of the inference graph with its Keras name, in the analysis' node order. */
export function kerasWeightMap(built: BuiltModel, numbering: KerasNumbering = 'tf.keras'): KerasWeight[] {
  if (!hasKerasWeights(built)) {
    const s = built.analysis.spec;
    throw new Error(
      `Keras has no weights for ${s.id} (${s.flavour}, width ${s.variant.width}): only the released inception_v3 and inception_resnet_v2 at width 1.`,
    );
  }
  const out: KerasWeight[] = [];
  const add = (nodeId: string, tfjsLayer: string, kerasLayer: string) => {
    for (const w of built.model.getLayer(tfjsLayer).weights) {
      const short = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      out.push({ tfjs: w.originalName, keras: `${kerasLayer}/${short}:0`, nodeId });
    }
  };
  let convs = 0;
  let bns = 0;
  for (const n of built.analysis.nodes) {
    if (n.aux !== undefined || n.kind !== 'layer') continue;
    const l = n.layer!;
    if (l.op !== 'conv' && l.op !== 'dense') continue;
    const rec = built.layers.get(n.id)!;
    if (l.op === 'dense') {
      add(n.id, rec.main, 'predictions');
      continue;
    }
    const own = n.id.slice(n.id.lastIndexOf('/') + 1);
    const named = EXPLICIT.test(own);
    add(n.id, rec.main, named ? own : counterName('conv2d', convs++, numbering));
    if (rec.bn) add(n.id, rec.bn, named ? `${own}_bn` : counterName('batch_normalization', bns++, numbering));
  }
  return out;
}
