/**
 * Where the Activations view's embedded graph and layer table get their data: the analysis of
 * exactly the variant that runs (input size and classes included), and "Export ONNX" of exactly the
 * weights it runs (loaded, trained, or the random ones of its seed).
 */
import type { Api } from '../../lib/api/index';
import type { WeightsLoadResult } from '../../../src-main/shared/protocol/index';
import type { BrowseData } from '../browse/data';
import { networkOf, type Variant } from './variant';

export interface RunsWith {
  variant: Variant;
  /** The loaded weights when they belong to this variant, else undefined (random weights of `seed`). */
  weights: WeightsLoadResult | undefined;
  seed: number;
}

export function browseData(api: Api, now: () => RunsWith): BrowseData {
  return {
    zoo: () => api.request('zoo.list'),
    analyse: (req) => {
      const { input, classes } = now().variant;
      return api.request('network.analyse', {
        ...req,
        ...(input ? { input } : {}),
        ...(classes ? { classes } : {}),
      });
    },
    exportOnnx: ({ includeAux }) => {
      const { variant, weights, seed } = now();
      return weights
        ? api.request('onnx.export', { weightsId: weights.weightsId, includeAux })
        : api.request('onnx.export', { network: networkOf(variant), seed, includeAux });
    },
  };
}
