/**
 * tfjs weight name → Keras weight name, for the two networks keras.applications has
 * (InceptionV3, InceptionResNetV2; the 'released' flavour at width 1), so Keras weights can be loaded
 * into models from buildModel.
 *
 * The Keras layer names come from weights/keras-names.ts (the same rule the .h5 loader uses);
 * this file pairs them with the tfjs model's weights. Auxiliary heads have no Keras counterpart.
 */
import { createdKerasNames, type KerasNumbering } from '../weights/keras-names.js';
import type { BuiltModel } from './build-model.js';

export type { KerasNumbering };

export interface KerasWeight {
  /** The tfjs weight's original name, e.g. 'Mixed_5b.Branch_0.Conv2d_0a_1x1/kernel'. */
  tfjs: string;
  /** e.g. 'conv2d_5/kernel:0'. */
  keras: string;
  /** The analysis node the weight belongs to. */
  nodeId: string;
}

export function hasKerasWeights(built: BuiltModel): boolean {
  const s = built.analysis.spec;
  return (
    (s.id === 'inception_v3' || s.id === 'inception_resnet_v2') &&
    s.flavour === 'released' &&
    s.variant.width === 1
  );
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
  for (const [nodeId, ref] of createdKerasNames(built.analysis, numbering)) {
    const rec = built.layers.get(nodeId)!;
    add(nodeId, rec.main, ref.layer);
    if (rec.bn) add(nodeId, rec.bn, ref.bn!);
  }
  return out;
}
