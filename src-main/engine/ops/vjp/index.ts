/**
 * The ONNX vector-Jacobian product of every spec op and merge, keyed like the op table
 * (ops/table.ts takes its `vjp` members from here). Each VJP reads only the forward record: the
 * node (its resolved layer and shapes), the ONNX names of its inputs and output, and the values the
 * forward saved for it (keys: linear, preAct, gamma, invStd, xhat, mean, indices, mask).
 */
import type { LayerOp } from '../../../shared/spec.js';
import type { ForwardRecord, OnnxEmitter, VjpResult } from '../types.js';
import { linearUnitVjp } from './linear.js';
import { lrnVjp } from './lrn.js';
import { poolVjp } from './pool.js';
import { addVjp, concatVjp, dropoutVjp, flattenVjp, globalAvgPoolVjp, reluVjp, softmaxVjp } from './shape.js';

export type Vjp = (e: OnnxEmitter, fwd: ForwardRecord, gradOutput: string) => VjpResult;

export const VJPS: Record<LayerOp | 'concat' | 'add', Vjp> = {
  conv: linearUnitVjp,
  dense: linearUnitVjp,
  maxpool: poolVjp,
  avgpool: poolVjp,
  lrn: lrnVjp,
  globalavgpool: globalAvgPoolVjp,
  flatten: flattenVjp,
  dropout: dropoutVjp,
  softmax: softmaxVjp,
  relu: reluVjp,
  concat: concatVjp,
  add: addVjp,
};
