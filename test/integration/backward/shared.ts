/** One training step of the backward graph on ONNX Runtime, with the inputs the references get too. */
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import type { Block, NetworkSpec } from '../../../src-main/shared/spec.js';
import { Rng } from '../../../src-main/engine/data/rng.js';
import { buildTrainingGraph } from '../../../src-main/engine/onnx/backward/graph.js';
import { TrainingSession, type StepResult } from '../../../src-main/engine/onnx/backward/run.js';
import type { TrainingGraph } from '../../../src-main/engine/onnx/backward/types.js';
import { randomWeights, type WeightMap } from '../../../src-main/engine/onnx/weights.js';

export interface StepCase {
  analysis: Analysis;
  weights: WeightMap;
  batch: number;
  images: Float32Array;
  targets: Float32Array;
  masks: Record<string, Float32Array>;
  includeAux: boolean;
  auxWeights: Record<string, number>;
  weightDecay: number;
}

/** Random weights, images in [-1, 1], smoothed one-hot targets (ε = 0.1) and dropout masks. */
export function makeCase(
  analysis: Analysis,
  graph: TrainingGraph,
  o: { seed: number; includeAux: boolean; weightDecay: number },
): StepCase {
  const rng = new Rng(o.seed);
  const [h, w, c] = analysis.spec.variant.input;
  const batch = graph.batch;
  const k = graph.classes;
  const images = Float32Array.from({ length: batch * h * w * c }, () => rng.range(-1, 1));
  const targets = new Float32Array(batch * k).fill(0.1 / k);
  for (let n = 0; n < batch; n++) targets[n * k + ((n * 7 + o.seed) % k)]! += 0.9;
  const masks: Record<string, Float32Array> = {};
  for (const m of graph.inputs.dropoutMasks) {
    const rate = analysis.nodes.find((n) => n.id === m.nodeId)!.layer!;
    const keep = 1 - ('rate' in rate ? rate.rate : 0);
    masks[m.nodeId] = Float32Array.from({ length: m.dims.reduce((a, b) => a * b, 1) }, () =>
      rng.next() < keep ? 1 / keep : 0,
    );
  }
  const auxWeights = Object.fromEntries(analysis.spec.aux.map((a) => [a.name, a.lossWeight]));
  return {
    analysis,
    weights: randomWeights(analysis, o.seed, true),
    batch,
    images,
    targets,
    masks,
    includeAux: o.includeAux,
    auxWeights,
    weightDecay: o.weightDecay,
  };
}

export function crossEntropyGraph(
  analysis: Analysis,
  o: { batch: number; includeAux: boolean; weightDecay: number; input?: boolean },
): TrainingGraph {
  const auxWeights = Object.fromEntries(analysis.spec.aux.map((a) => [a.name, a.lossWeight]));
  return buildTrainingGraph(analysis, {
    batch: o.batch,
    bnMode: 'train',
    includeAux: o.includeAux,
    objective: { kind: 'cross-entropy', auxWeights },
    weightDecay: o.weightDecay,
    wrt: { params: true, input: o.input ?? true },
  });
}

export async function ortStep(
  graph: TrainingGraph,
  c: StepCase,
  session?: TrainingSession,
): Promise<StepResult> {
  const s = session ?? (await TrainingSession.create(graph, { provider: 'cpu' }));
  try {
    return await s.step({ weights: c.weights, images: c.images, targets: c.targets, dropoutMasks: c.masks });
  } finally {
    if (!session) s.dispose();
  }
}

/**
 * The spec with every batch norm's ε set to `eps`. With random weights and batch 2, late maps of a
 * reduced network hold few values per channel, many ReLU-dead, so a channel's batch variance can be
 * ~0 and (x − μ)/√(σ² + 0.001) amplifies rounding 30×: PyTorch's own float32 gradients then differ
 * from its float64 ones by up to 7 % (seen for Inception-v3 at 160 px; 19 % at full size). A larger ε
 * keeps every code path and makes float32 answers comparable at 1e-4. (It flattens the maps, though:
 * at 80 px GoogLeNet's max-pool windows then nearly tie, and float32 picks other maxima than float64
 * (1.6e-2 off while ε = 0.001 agrees at 1e-4), so the reduced variants run at 96 px.)
 */
export function withBnEps(spec: NetworkSpec, eps: number): NetworkSpec {
  const s = structuredClone(spec);
  const visit = (b: Block): void => {
    if ('op' in b) {
      if ((b.op === 'conv' || b.op === 'dense') && b.bn) b.bn.eps = eps;
    } else if (b.kind === 'seq') b.items.forEach(visit);
    else if (b.kind === 'concat') b.branches.forEach(visit);
    else visit(b.body);
  };
  for (const st of s.stages) for (const m of st.modules) visit(m.body);
  for (const a of s.aux) visit(a.body);
  return s;
}
