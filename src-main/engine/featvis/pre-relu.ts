/**
 * The value "before the ReLU" of a channel, for Lucid's pre_relu objectives: the node itself when
 * it ends in a ReLU, or, through concats, the branch whose channel it is (an inception module's
 * channel is a branch conv's). Pool branches have no such value.
 */
import type { Analysis } from '../../shared/analysis-types.js';
import { indexOf } from '../../shared/analysis-index.js';
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
    let next: typeof n | undefined;
    let offset = 0;
    for (const id of n.inputs) {
      const m = ix.byId.get(id)!;
      const k = m.outShape[m.outShape.length - 1]!;
      if (c < offset + k) {
        next = m;
        c -= offset;
        break;
      }
      offset += k;
    }
    n = next;
  }
  return null;
}
