/**
 * Naming imported tags: which of the app's metrics a tag from another tool is. Tools name things
 * freely ('loss', 'train/loss', 'epoch_loss', 'eval/Accuracy', 'losses/aux_loss', 'top_5_error'), so
 * this is a heuristic, and every guess is reported with the run. Accuracies become errors (1 − x) and
 * percentages become fractions, so imported curves share the app's axes.
 */
import type { MetricKey } from './types.js';

export interface TagMapping {
  metric: MetricKey;
  /** How values change on the way in. */
  transform?: 'one-minus' | 'percent' | 'one-minus-percent';
  note?: string;
}

/** The app's own names (its CSV export) come back as themselves. */
const KNOWN = /^(train\.main|train\.loss|train\.top1|val\.loss|val\.top1|val\.top5|lr|aux\.[A-Za-z0-9_]+)$/;

const words = (tag: string) => tag.toLowerCase().replace(/[^a-z0-9]+/g, ' ');

/** The metric a tag names, before looking at its values. */
export function metricForTag(tag: string): { metric: MetricKey; accuracy: boolean } {
  if (KNOWN.test(tag)) return { metric: tag as MetricKey, accuracy: false };
  const w = ` ${words(tag)} `;
  const isVal = /\b(val[a-z]*|eval[a-z]*|test|dev)\b/.test(w);
  const isTrain = /\btrain/.test(w);
  const val = isVal && !isTrain;
  if (/\b(lr|learning rate|learningrate|learning)\b/.test(w)) return { metric: 'lr', accuracy: false };
  if (/aux/.test(w)) {
    const n = /aux\s*(\d)/.exec(w);
    return { metric: `aux.${n ? `aux${n[1]}` : 'AuxLogits'}`, accuracy: false };
  }
  // TF-slim's eval script logs top-5 accuracy as 'eval/Recall_5'.
  const top5 = /(top\s*5|recall\s*(at\s*)?5|top5)/.test(w);
  const accuracy = /(acc|accuracy|precision|recall|correct)/.test(w);
  const error = /(err|error|errors|mistake)/.test(w);
  if (top5 && (accuracy || error)) return { metric: 'val.top5', accuracy: accuracy && !error };
  // Accuracy without 'train' in its name is taken as validation accuracy (what papers plot).
  if (accuracy || error)
    return { metric: isTrain && !isVal ? 'train.top1' : 'val.top1', accuracy: accuracy && !error };
  if (/(loss|cross entropy|xent|nll)/.test(w))
    return { metric: val ? 'val.loss' : 'train.loss', accuracy: false };
  return { metric: `tag.${tag}`, accuracy: false };
}

/** The mapping for a tag given its values (a maximum above 1 means percent). */
export function mapTag(tag: string, values: ArrayLike<number>): TagMapping {
  const { metric, accuracy } = metricForTag(tag);
  if (metric !== 'val.top1' && metric !== 'val.top5' && metric !== 'train.top1') return { metric };
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) max = Math.max(max, values[i]);
  const percent = max > 1 && max <= 100;
  if (accuracy && percent)
    return { metric, transform: 'one-minus-percent', note: 'accuracy in % → error (1 − x/100)' };
  if (accuracy) return { metric, transform: 'one-minus', note: 'accuracy → error (1 − x)' };
  if (percent) return { metric, transform: 'percent', note: 'error in % → fraction (x/100)' };
  return { metric };
}

export function applyTransform(v: number, t: TagMapping['transform']): number {
  switch (t) {
    case 'one-minus':
      return 1 - v;
    case 'percent':
      return v / 100;
    case 'one-minus-percent':
      return 1 - v / 100;
    default:
      return v;
  }
}
