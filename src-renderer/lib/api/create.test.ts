import { describe, expect, it } from 'vitest';
import { createApi } from './create.js';
import type { ApiStatus, Transport, TransportEvents } from './types.js';

function fakeTransport() {
  const sent: unknown[] = [];
  let events!: TransportEvents;
  const t: Transport = {
    shell: 'web',
    start: (e) => (events = e),
    send: (m) => sent.push(m),
  };
  return { t, sent, events: () => events };
}

describe('createApi', () => {
  it('sends requests through the transport and resolves with the reply', async () => {
    const f = fakeTransport();
    const api = createApi(f.t);
    const p = api.request('zoo.list');
    expect(f.sent).toEqual([{ t: 'req', id: 1, method: 'zoo.list' }]);
    f.events().message({ t: 'res', id: 1, result: [] });
    await expect(p).resolves.toEqual([]);
  });

  it('reports connection and engine state to subscribers, starting with the current one', () => {
    const f = fakeTransport();
    const api = createApi(f.t);
    const seen: ApiStatus[] = [];
    api.subscribe((s) => seen.push(s));
    f.events().status('open');
    f.events().message({ t: 'state', state: { status: 'ready', pid: 9, restarts: 0 } });
    expect(seen.map((s) => `${s.connection}/${s.engine?.status ?? '-'}`)).toEqual([
      'connecting/-',
      'open/-',
      'open/ready',
    ]);
    expect(api.status().shell).toBe('web');
  });

  it('fails pending requests with code disconnected when the link closes', async () => {
    const f = fakeTransport();
    const api = createApi(f.t);
    const p = api.request('engine.info');
    f.events().status('closed', 'server gone');
    await expect(p).rejects.toMatchObject({ code: 'disconnected', message: 'server gone' });
    expect(api.status()).toMatchObject({ connection: 'closed', connectionMessage: 'server gone' });
  });
});
