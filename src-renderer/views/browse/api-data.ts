/** The Browse view's data over the app's engine `api` (IPC or WebSocket, the view cannot tell). */
import type { Api } from '../../lib/api/index';
import { PAPER_TABLE_NETWORKS, type BrowseData } from './data';

export function apiData(api: Api): BrowseData {
  return {
    zoo: () => api.request('zoo.list'),
    analyse: (req) => api.request('network.analyse', req),
    paperTable: async (id) => {
      if (!PAPER_TABLE_NETWORKS.includes(id)) return undefined;
      return api.request('paper.table', { id: id as 'googlenet' | 'inception_v2' | 'inception_v4' });
    },
  };
}
