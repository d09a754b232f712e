import { analyse } from '../../analysis/analyse.js';
import { ProtocolError, type AnalyseParams } from '../../shared/protocol/index.js';
import { buildNetwork, isNetworkId, listZoo } from '../../zoo/index.js';
import type { FlavourId } from '../../shared/spec.js';
import { optBoolean, optNumber, optString, record } from '../params.js';
import type { Handlers } from '../registry.js';

function analyseParams(raw: unknown): AnalyseParams {
  const m = 'network.analyse';
  const p = record(raw, m);
  const id = optString(p, 'id', m);
  if (id === undefined || !isNetworkId(id)) {
    const known = listZoo()
      .map((e) => e.id)
      .join(', ');
    throw new ProtocolError(
      'not_found',
      `No network called ${JSON.stringify(id ?? '')}. Known networks: ${known}.`,
    );
  }
  return {
    id,
    flavour: optString(p, 'flavour', m) as FlavourId | undefined,
    width: optNumber(p, 'width', m, { min: 0 }),
    input: optNumber(p, 'input', m, { integer: true, min: 1, max: 4096 }),
    classes: optNumber(p, 'classes', m, { integer: true, min: 1, max: 100_000 }),
    extraAux: optBoolean(p, 'extraAux', m),
  };
}

export function zooHandlers(): Handlers<'zoo.list' | 'network.analyse'> {
  return {
    'zoo.list': () => listZoo(),
    'network.analyse': (raw) => {
      const { id, ...opts } = analyseParams(raw);
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
