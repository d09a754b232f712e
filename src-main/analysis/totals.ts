/** Network totals over a set of nodes (inference graph, or training graph with the aux heads). */
import { addParams, zeroParams } from './params.js';
import type { AnalysedNode, Totals } from '../shared/analysis-types.js';

export function totalsOf(nodes: AnalysedNode[]): Totals {
  const t: Totals = {
    params: zeroParams(),
    macs: 0,
    convLayers: 0,
    bnLayers: 0,
    denseLayers: 0,
    bnChannels: 0,
  };
  for (const n of nodes) {
    t.params = addParams(t.params, n.params);
    t.macs += n.macs;
    const l = n.layer;
    if (!l) continue;
    if (l.op === 'conv') t.convLayers++;
    if (l.op === 'dense') t.denseLayers++;
    if ((l.op === 'conv' || l.op === 'dense') && l.bn) {
      t.bnLayers++;
      t.bnChannels += n.outShape[n.outShape.length - 1]!;
    }
  }
  return t;
}
