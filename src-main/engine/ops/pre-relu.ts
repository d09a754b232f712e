/**
 * Values before a node's final ReLU, for objectives "before the ReLU" (Lucid's `*_pre_relu`
 * layers): a unit that the ReLU turns off has a zero gradient, so an optimisation that starts
 * where it is off never moves; its pre-activation still has a gradient. Conv and dense units and
 * residual adds end in a ReLU the spec states; their forward records keep the value before it.
 */
import type { AnalysedNode } from '../../shared/analysis-types.js';
import type { ForwardRecord } from './types.js';

/** Whether the node's value is a ReLU's output whose input a pre-ReLU objective can read. */
export function endsInRelu(n: AnalysedNode): boolean {
  if (n.kind === 'add') return n.activation === 'relu';
  const op = n.layer?.op;
  return (op === 'conv' || op === 'dense') && n.layer?.activation === 'relu';
}

/**
 * The record with its ReLU left out: the output is the value before it and the node reads as
 * linear, so its VJP takes a gradient with respect to that value (none of the ReLU's mask).
 */
export function withoutRelu(fwd: ForwardRecord): ForwardRecord {
  const n = fwd.node;
  const pre = n.kind === 'add' ? fwd.saved.sum : fwd.saved.preAct;
  if (!endsInRelu(n) || !pre) throw new Error(`${n.id} has no value before a ReLU`);
  const node: AnalysedNode =
    n.kind === 'add'
      ? { ...n, activation: 'linear' }
      : { ...n, layer: { ...n.layer!, activation: 'linear' } as AnalysedNode['layer'] };
  return { ...fwd, node, output: pre };
}
