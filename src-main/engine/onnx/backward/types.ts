/**
 * The training graph: one ONNX model that runs the network forward (batch norm in training or
 * inference mode), the loss, and the backward pass compiled from the op table's VJPs. Parameters
 * are graph inputs, so the optimizer (in JS, on Float32Arrays) updates them between steps without
 * rebuilding the session; batch-norm batch statistics come out for the running averages.
 */
import type { Analysis } from '../../../shared/analysis-types.js';
import type { WeightKind, WeightMap } from '../weights.js';
import type { GradTarget } from '../../gradients/types.js';

export interface TrainingGraphOptions {
  batch: number;
  /** 'train': BN uses batch statistics and dropout masks are fed; 'eval': running statistics, no dropout. */
  bnMode: 'train' | 'eval';
  /** Include the auxiliary heads (their losses are weighted by `auxWeights`). */
  includeAux: boolean;
  /**
   * The objective. 'cross-entropy': mean over the batch of the smoothed cross-entropy of the main head
   * plus Σ auxWeights[head] · that head's; labels are fed as smoothed one-hot targets [N, classes].
   * A GradTarget: the gradient services' objective (Σ over the batch), no labels.
   */
  objective:
    | {
        kind: 'cross-entropy';
        auxWeights: Record<string, number>;
        /** The main head's weight (default 1; 0 for an aux head's loss alone). */
        mainWeight?: number;
      }
    | { kind: 'target'; target: GradTarget };
  /** L2 weight decay added to the loss as (λ/2)·Σ‖kernel‖² over conv and dense kernels (0 = none). */
  weightDecay: number;
  /** Gradients to output: every parameter, and optionally the input and any nodes. */
  wrt: { params: boolean; input?: boolean; nodes?: readonly string[] };
  /** Forward values to output as well (NCHW), e.g. for Grad-CAM. */
  keep?: readonly string[];
  /**
   * Weights to build in as constants (the gradient services: weights fixed for the backend's life).
   * Then `inputs.params` is empty and no parameter gradient can be asked for.
   */
  frozen?: WeightMap;
  /** Output the main logits (default true). Without them a target's graph ends at the target's node. */
  logits?: boolean;
}

export interface ParamInput {
  nodeId: string;
  kind: WeightKind;
  /** Graph input name. */
  name: string;
  /** ONNX layout (conv kernels OIHW; the WeightMap holds HWIO: the caller converts). */
  shape: number[];
}

export interface TrainingGraph {
  /** Serialised ONNX model (standard ops only, opset 17). */
  model: Uint8Array;
  analysis: Analysis;
  /** The batch size the graph is built for (every shape is static). */
  batch: number;
  /** Classes of the main head (the targets' second dimension). */
  classes: number;
  inputs: {
    /** NHWC image batch [N, H, W, C]. */
    image: string;
    /** Smoothed one-hot targets [N, classes] (cross-entropy objective only). */
    targets?: string;
    params: ParamInput[];
    /** Dropout keep-masks already scaled by 1/(1−rate), one per dropout node: [N, ...shape]. */
    dropoutMasks: { nodeId: string; name: string; dims: number[] }[];
  };
  outputs: {
    /** Scalar objective (total loss, or Σ target). */
    objective: string;
    /** GradTarget objective only: the target's value for each batch item, [N]. */
    objectivePerItem?: string;
    /** Each head's own unweighted loss ('main' and the aux heads' names), cross-entropy only. */
    headLosses: Record<string, string>;
    /** `${nodeId}:${kind}` → output name of that parameter's gradient (ONNX layout). */
    paramGrads: Record<string, string>;
    /** NHWC, like the image. */
    inputGrad?: string;
    /** NCHW [N, C, H, W] (or [N, C]), like `keep`. */
    nodeGrads: Record<string, string>;
    /** BN nodes in train mode: batch mean and (biased) variance outputs, [C] each. */
    batchStats: { nodeId: string; mean: string; variance: string }[];
    /** Main logits [N, classes], unless the options turned them off. */
    logits?: string;
    keep: Record<string, string>;
  };
}
