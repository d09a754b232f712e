/** Builds an Api on any Transport: request ids, cancellation and events come from RpcClient. */
import { RpcClient } from '../../../src-main/shared/protocol/client.js';
import type { Api, ApiStatus, Transport } from './types.js';

export function createApi(transport: Transport): Api {
  const client = new RpcClient((m) => transport.send(m));
  const listeners = new Set<(s: ApiStatus) => void>();
  let current: ApiStatus = { connection: 'connecting', engine: null, shell: transport.shell };

  const update = (patch: Partial<ApiStatus>) => {
    current = { ...current, ...patch };
    for (const l of listeners) l(current);
  };

  client.onState((engine) => update({ engine }));
  transport.start({
    message: (m) => client.receive(m),
    status: (connection, message) => {
      if (connection === 'closed') {
        client.failAll({
          code: 'disconnected',
          message: message ?? 'The connection to the engine was lost.',
        });
      }
      update({ connection, connectionMessage: message });
    },
  });

  return {
    shell: transport.shell,
    request: (method, ...args) => client.request(method, ...args),
    subscribe(listener) {
      listeners.add(listener);
      listener(current);
      return () => listeners.delete(listener);
    },
    status: () => current,
  };
}
