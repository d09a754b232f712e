/**
 * The one integrity pass every loaded weight map goes through, whatever format it came from: the
 * values are float32 as the WeightMap declares, each tensor holds as many values as its shape says,
 * every value is finite, and BN moving variances are not negative (BN divides by √(var + ε), so a
 * negative variance is a NaN at inference). Shapes against the spec are checked by assemble.
 *
 * A file that fails is damaged or hand-edited; loading it would give NaN activations with no hint
 * why, so the load is refused with one line per offending tensor.
 */
import type { Analysis } from '../../shared/analysis-types.js';
import { WEIGHT_KINDS, type WeightKind, type WeightMap } from '../onnx/weights.js';
import { WeightsError, numel } from './types.js';

const KIND_LABEL: Record<WeightKind, string> = {
  kernel: 'kernel',
  bias: 'bias',
  gamma: 'BN γ',
  beta: 'BN β',
  movingMean: 'BN moving mean',
  movingVariance: 'BN moving variance',
};

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** What is wrong with one tensor's values, as phrases ("3 NaN values", "1 negative value"); [] when fine. */
export function valueProblems(data: ArrayLike<number>, kind?: WeightKind): string[] {
  let nan = 0;
  let posInf = 0;
  let negInf = 0;
  let negative = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== v) nan++;
    else if (v === Infinity) posInf++;
    else if (v === -Infinity) negInf++;
    else if (v < 0) negative++;
  }
  const out: string[] = [];
  if (nan) out.push(plural(nan, 'NaN value'));
  if (posInf) out.push(plural(posInf, '+Inf value'));
  if (negInf) out.push(plural(negInf, '−Inf value'));
  if (kind === 'movingVariance' && negative) out.push(plural(negative, 'negative value'));
  return out;
}

/**
 * Every integrity problem of a weight map, one line per tensor: "3 NaN values in Mixed_5b/branch1x1/conv
 * kernel (← mixed0/conv2d_6/kernel)". `sources` names the file tensor behind "node/kind", when known.
 */
export function integrityProblems(weights: WeightMap, sources?: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const [id, node] of Object.entries(weights)) {
    for (const kind of WEIGHT_KINDS) {
      const t = node[kind];
      if (!t) continue;
      const from = sources?.get(`${id}/${kind}`);
      const where = `${id} ${KIND_LABEL[kind]}${from ? ` (← ${from})` : ''}`;
      if (!(t.data instanceof Float32Array)) {
        problems.push(`${where}: holds ${describeType(t.data)}, not float32 values`);
        continue;
      }
      if (t.data.length !== numel(t.shape)) {
        problems.push(`${where}: ${t.data.length} values for a shape of ${numel(t.shape)}`);
        continue;
      }
      const bad = valueProblems(t.data, kind);
      if (bad.length) problems.push(`${bad.join(', ')} in ${where}`);
    }
  }
  return problems;
}

const describeType = (v: unknown): string =>
  v === null || v === undefined ? 'no data' : ((v as object).constructor?.name ?? typeof v);

/**
 * Refuses a weight map that fails the pass: WeightsError('corrupt') listing each tensor. `file` names
 * the file in the message (its base name only).
 */
export function assertIntegrity(
  a: Analysis,
  weights: WeightMap,
  opts: { file?: string; sources?: ReadonlyMap<string, string> } = {},
): void {
  const problems = integrityProblems(weights, opts.sources);
  if (problems.length === 0) return;
  throw corruptError(a, problems, opts.file);
}

export function corruptError(a: Analysis, problems: string[], file?: string): WeightsError {
  const what = file ?? 'The weights file';
  return new WeightsError(
    'corrupt',
    `${what} holds invalid values for ${a.spec.title} (NaN, infinite or negative BN variances) in ${plural(problems.length, 'tensor')}: the file is damaged. Nothing was loaded.`,
    problems,
    file ? { kind: 'values', file, count: problems.length } : undefined,
  );
}
