/**
 * How a module's parts share a class score, by Grad × Activation (Shrikumar et al. 2016,
 * https://arxiv.org/abs/1605.01713; Captum's InputXGradient applied at a node): the first-order
 * contribution Σ ∂y_c/∂v ⊙ v of each part v of a join.
 * - Concat (an inception module): the node's channels are the branches' channels side by side, so
 *   each branch's share is the sum over its channel slice; the shares add up to the whole node's sum.
 * - Residual add, out = act(shortcut + s · body) (Inception-ResNet, https://arxiv.org/abs/1602.07261
 *   §3.3): with g = ∂y_c/∂(pre-activation sum) (the ReLU's derivative applied to the node's gradient),
 *   the shortcut's part is Σ g ⊙ shortcut and the scaled branch's Σ g ⊙ s·body; they add up to Σ g ⊙ sum.
 */
import { indexOf } from '../../shared/analysis-index.js';
import { concatChannelRanges } from '../../shared/layer-shapes.js';
import type { AttributionContext } from './context.js';
import { AttributionError } from './errors.js';
import { checkChannelTarget, gradTarget } from './target.js';

export interface BranchPart {
  id: string;
  role: 'branch' | 'shortcut' | 'residual';
  channels?: [number, number];
  value: number;
  share: number;
}

export interface BranchSplit {
  node: string;
  kind: 'concat' | 'add';
  total: number;
  parts: BranchPart[];
}

const withShares = (parts: Omit<BranchPart, 'share'>[], total: number): BranchPart[] =>
  parts.map((p) => ({ ...p, share: total === 0 ? 0 : p.value / total }));

export async function branchSplit(ctx: AttributionContext, nodeId: string): Promise<BranchSplit> {
  const ix = indexOf(ctx.backend.analysis);
  const node = ix.byId.get(nodeId);
  if (!node || node.aux !== undefined || (node.kind !== 'concat' && node.kind !== 'add'))
    throw new AttributionError(
      'bad_node',
      `'${nodeId}' is not a join: a branch split needs a module's concat or a residual block's add.`,
    );
  checkChannelTarget(ctx);
  const target = gradTarget(ctx);
  if (node.kind === 'concat') {
    const r = await ctx.backend.gradient({
      input: ctx.input,
      batch: 1,
      target,
      wrt: [nodeId],
      keep: [nodeId],
      signal: ctx.signal,
    });
    const g = r.grads[nodeId]!.data;
    const v = r.values[nodeId]!.data;
    const C = node.outShape[node.outShape.length - 1]!;
    const perChannel = new Float64Array(C);
    for (let i = 0; i < g.length; i++) perChannel[i % C] += g[i]! * v[i]!;
    const ranges = concatChannelRanges(node.inShapes);
    const parts = node.inputs.map((id, i) => {
      const channels = ranges[i]!;
      let value = 0;
      for (let k = channels[0]; k < channels[1]; k++) value += perChannel[k]!;
      return { id, role: 'branch' as const, channels, value };
    });
    const total = perChannel.reduce((s, x) => s + x, 0);
    return { node: nodeId, kind: 'concat', total, parts: withShares(parts, total) };
  }
  const [shortcut, body] = node.inputs as [string, string];
  const scale = node.scale ?? 1;
  const r = await ctx.backend.gradient({
    input: ctx.input,
    batch: 1,
    target,
    wrt: [nodeId],
    keep: [nodeId, shortcut, body],
    signal: ctx.signal,
  });
  const out = r.values[nodeId]!.data;
  const gOut = r.grads[nodeId]!.data;
  const s = r.values[shortcut]!.data;
  const b = r.values[body]!.data;
  let vs = 0;
  let vb = 0;
  for (let i = 0; i < gOut.length; i++) {
    // ReLU after the sum: its derivative is 1 where the output is positive (TensorFlow's convention at 0).
    const g = node.activation === 'relu' ? (out[i]! > 0 ? gOut[i]! : 0) : gOut[i]!;
    vs += g * s[i]!;
    vb += g * scale * b[i]!;
  }
  const total = vs + vb;
  return {
    node: nodeId,
    kind: 'add',
    total,
    parts: withShares(
      [
        { id: shortcut, role: 'shortcut', value: vs },
        { id: body, role: 'residual', value: vb },
      ],
      total,
    ),
  };
}
