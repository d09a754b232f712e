/**
 * Lesson 1: GoogLeNet is "22 layers deep" counting only layers with parameters. That is the longest
 * path through the DAG counting the nodes that carry weights (conv and dense).
 */
export interface DepthNode {
  id: string;
  inputs: readonly string[];
  /** True for layers that carry weights. */
  weighted: boolean;
}

/** Nodes must be in topological order (the analysis emits them so). */
export function weightedDepth(nodes: readonly DepthNode[]): number {
  const depth = new Map<string, number>();
  let best = 0;
  for (const n of nodes) {
    let d = 0;
    for (const i of n.inputs) d = Math.max(d, depth.get(i) ?? 0);
    d += n.weighted ? 1 : 0;
    depth.set(n.id, d);
    best = Math.max(best, d);
  }
  return best;
}
