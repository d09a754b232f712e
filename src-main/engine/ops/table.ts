/** The op table: each spec op and merge → its one lowering per backend (see types.ts). */
import type { LayerOp } from '../../shared/spec.js';
import { add } from './add.js';
import { concat } from './concat.js';
import { conv } from './conv.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { flatten } from './flatten.js';
import { globalAvgPool } from './global-pool.js';
import { lrn } from './lrn.js';
import { pool } from './pool.js';
import { relu } from './relu.js';
import { softmax } from './softmax.js';
import type { OpLowering } from './types.js';
import { VJPS } from './vjp/index.js';
import type { AnalysedNode } from '../../shared/analysis-types.js';

export type TableOp = LayerOp | 'concat' | 'add';

const lowerings: Readonly<Record<TableOp, OpLowering>> = {
  conv,
  dense,
  maxpool: pool,
  avgpool: pool,
  lrn,
  globalavgpool: globalAvgPool,
  flatten,
  dropout,
  softmax,
  relu,
  concat,
  add,
};

/** Each op's lowerings with its ONNX vector-Jacobian product (ops/vjp) attached. */
export const OP_TABLE: Readonly<Record<TableOp, OpLowering>> = Object.fromEntries(
  Object.entries(lowerings).map(([op, l]) => [op, { ...l, vjp: VJPS[op as TableOp] }]),
) as Record<TableOp, OpLowering>;

/** The lowering of a non-input node. */
export function loweringOf(node: AnalysedNode): OpLowering {
  const op = node.kind === 'layer' ? node.layer?.op : node.kind;
  const l = op && op !== 'input' ? OP_TABLE[op] : undefined;
  if (!l) throw new Error(`node ${node.id} (${node.kind}) has no lowering in the op table`);
  return l;
}
