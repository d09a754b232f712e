/**
 * analyse(spec): shapes, parameters (PyTorch and Keras conventions), MACs and receptive fields of
 * every node and group, computed from the spec alone (no TensorFlow.js).
 */
import type { NetworkSpec } from '../shared/spec.js';
import { totalsOf } from './totals.js';
import type { Analysis } from '../shared/analysis-types.js';
import { walk } from './walk.js';

export { SpecError } from './errors.js';
export { kerasTotal } from './params.js';
export type * from '../shared/analysis-types.js';

export function analyse(spec: NetworkSpec): Analysis {
  const { nodes, groups, output } = walk(spec);
  const main = nodes.filter((n) => n.aux === undefined);
  return {
    spec,
    nodes,
    groups,
    output: nodes.find((n) => n.id === output)!.outShape,
    totals: totalsOf(main),
    totalsWithAux: totalsOf(nodes),
  };
}
