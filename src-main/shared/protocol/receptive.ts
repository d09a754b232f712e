/**
 * Protocol types of the Explain panel's Receptive-field tab: the theoretical field of one unit per
 * path through its module (shared/receptive-paths.ts), and its effective field — the input-gradient
 * magnitude |∂unit/∂input| summed over colour — on the Activations view's image and weights.
 */
import type { EffectiveStats, UnitFields } from '../receptive-paths.js';
import type { ExplainSubject } from './explain.js';
import type { TensorPayload } from './tensors.js';

export type { EffectiveStats, FieldPath, PixelRect, UnitFields } from '../receptive-paths.js';

/** Without an image only the theoretical field is computed. */
export interface ReceptiveFieldParams extends Omit<ExplainSubject, 'imageId'> {
  imageId?: string;
  node: string;
  y: number;
  x: number;
  /** The unit's channel; it decides which concat branch the unit is computed by. */
  channel: number;
  /** Also compute the effective field (one gradient pass); default true. */
  effective?: boolean;
}

export interface ReceptiveFieldResult {
  fields: UnitFields;
  effective?: {
    /** [H, W] float32: |∂unit/∂input| summed over the colour channels. */
    map: TensorPayload;
    /** The network's input image [H, W, 3] as it was fed (after resizing), for drawing under the map. */
    pixels: TensorPayload;
    stats: EffectiveStats;
    /** The unit's value. */
    value: number;
    backend: string;
    ms: number;
  };
}
