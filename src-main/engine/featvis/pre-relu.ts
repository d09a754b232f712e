/**
 * The value "before the ReLU" of a channel, for Lucid's pre_relu objectives: the node itself when
 * it ends in a ReLU, or, through concats, the branch whose channel it is (an inception module's
 * channel is a branch conv's). Pool branches have no such value.
 */
import type { Analysis } from '../../shared/analysis-types.js';
import { indexOf } from '../../shared/analysis-index.js';
import { concatChannelRanges } from '../../shared/layer-shapes.js';
import { endsInRelu } from '../ops/pre-relu.js';

export function preReluSource(
  analysis: Analysis,
  nodeId: string,
  channel: number,
): { node: string; channel: number } | null {
  const ix = indexOf(analysis);
  let n = ix.byId.get(nodeId);
  let c = channel;
  while (n) {
    if (endsInRelu(n)) return { node: n.id, channel: c };
    if (n.kind !== 'concat') return null;
    const ranges = concatChannelRanges(n.inShapes);
    const i = ranges.findIndex(([from, to]) => c >= from && c < to);
    if (i < 0) return null;
    c -= ranges[i]![0];
    n = ix.byId.get(n.inputs[i]!);
  }
  return null;
}
