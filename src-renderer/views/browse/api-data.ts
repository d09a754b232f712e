/** The Browse view's data over the app's engine `api` (IPC or WebSocket, the view cannot tell). */
import { getApi, type Api } from '../../lib/api/index';
import { cached, PAPER_TABLE_NETWORKS, type BrowseData } from './data';
import { BrowseState } from './state.svelte';

export function apiData(api: Api): BrowseData {
  return {
    zoo: () => api.request('zoo.list'),
    analyse: (req) => api.request('network.analyse', req),
    // Browse holds no weights: the variant with seeded random weights (seed 1, as Activations starts).
    exportOnnx: ({ network, includeAux }) => api.request('onnx.export', { network, includeAux, seed: 1 }),
    paperTable: async (id) => {
      if (!PAPER_TABLE_NETWORKS.includes(id)) return undefined;
      return api.request('paper.table', { id: id as 'googlenet' | 'inception_v2' | 'inception_v4' });
    },
  };
}

/** A Browse state over the app's engine, with answers cached (the Browse tab keeps one; lesson embeds make their own). */
export const apiBrowseState = (): BrowseState => new BrowseState(cached(apiData(getApi())));
