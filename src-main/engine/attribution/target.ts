/**
 * What an attribution explains: a class's logit (the default), or the spatial mean of one channel of
 * one node (`ctx.channel`), as Captum's neuron/layer attributions do. A channel target needs no
 * classifier, so it explains a backbone whose head is not the file's. Every method asks here for its
 * gradient target and for the target's score in a forward pass.
 */
import type { ForwardResult, GradTarget } from '../gradients/types.js';
import type { AttributionContext } from './context.js';
import { AttributionError } from './errors.js';
import { indexOf } from '../../shared/analysis-index.js';
import { channelMeans } from '../gradients/values.js';

/** A channel target names a node and one of its channels. */
export function checkChannelTarget(ctx: AttributionContext): void {
  const t = ctx.channel;
  if (!t) return;
  const n = indexOf(ctx.backend.analysis).byId.get(t.node);
  if (!n || n.aux !== undefined || n.kind === 'input')
    throw new AttributionError(
      'bad_node',
      `The network has no node '${t.node}' to take a target channel from.`,
    );
  const c = n.outShape[n.outShape.length - 1]!;
  if (!Number.isInteger(t.channel) || t.channel < 0 || t.channel >= c)
    throw new AttributionError(
      'bad_option',
      `The target channel must be 0–${c - 1} for ${t.node}, got ${t.channel}.`,
    );
}

export const gradTarget = (ctx: AttributionContext): GradTarget =>
  ctx.channel
    ? { kind: 'channel', node: ctx.channel.node, channel: ctx.channel.channel }
    : { kind: 'logit', classIndex: ctx.classIndex };

/** The nodes a forward pass must keep to score the target. */
export const targetKeep = (ctx: AttributionContext): string[] => (ctx.channel ? [ctx.channel.node] : []);

/** The target's score for each of a forward's `batch` images: the logit, or the channel's spatial mean. */
export function targetScores(ctx: AttributionContext, r: ForwardResult, batch: number): Float64Array {
  const t = ctx.channel;
  if (!t) {
    const out = new Float64Array(batch);
    const classes = r.logits.shape[1]!;
    for (let s = 0; s < batch; s++) out[s] = r.logits.data[s * classes + ctx.classIndex]!;
    return out;
  }
  return channelMeans(r.values[t.node]!, t.channel);
}
