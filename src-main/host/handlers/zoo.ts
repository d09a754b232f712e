import { analyse } from '../../analysis/analyse.js';
import { ProtocolError } from '../../shared/protocol/index.js';
import { buildNetwork, listZoo } from '../../zoo/index.js';
import { networkSelection } from '../params.js';
import type { Handlers } from '../registry.js';

export function zooHandlers(): Handlers<'zoo.list' | 'network.analyse'> {
  return {
    'zoo.list': () => listZoo(),
    'network.analyse': (raw) => {
      const { id, ...opts } = networkSelection(raw, 'network.analyse');
      let spec;
      try {
        spec = buildNetwork(id, opts);
      } catch (e) {
        // The registry's messages already say what is wrong with the options.
        throw new ProtocolError('bad_request', e instanceof Error ? e.message : String(e));
      }
      return analyse(spec);
    },
  };
}
