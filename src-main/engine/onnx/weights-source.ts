/**
 * Where an export's weights come from: a weights file, or seeded random weights when there is none.
 */
import type { Analysis } from '../../analysis/types.js';
import { randomWeights, type WeightMap } from './weights.js';

export interface WeightsRequest {
  file?: string;
  seed?: number;
}

export async function loadWeightMap(
  analysis: Analysis,
  req: WeightsRequest,
): Promise<{ weights: WeightMap; label: string }> {
  if (!req.file) {
    const seed = req.seed ?? 1;
    return { weights: randomWeights(analysis, seed), label: `random weights (seed ${seed})` };
  }
  throw new Error(`cannot read weights from ${req.file}: no weights loader is available yet`);
}
