import { describe, expect, it } from 'vitest';
import {
  PROTOCOL_VERSION,
  ProtocolError,
  type ClientMessage,
} from '../../../src-main/shared/protocol/index.js';
import { RpcClient } from '../../../src-main/shared/protocol/client.js';

function setup() {
  const sent: ClientMessage[] = [];
  const client = new RpcClient((m) => sent.push(m));
  return { sent, client };
}

describe('RpcClient', () => {
  it('numbers requests, leaves out void params and resolves with the matching result', async () => {
    const { sent, client } = setup();
    const a = client.request('engine.info');
    const b = client.request('debug.sleep', { ms: 5 });
    expect(sent).toEqual([
      { t: 'req', id: 1, method: 'engine.info' },
      { t: 'req', id: 2, method: 'debug.sleep', params: { ms: 5 } },
    ]);
    client.receive({ t: 'res', id: 2, result: { steps: 1, elapsedMs: 5 } });
    client.receive({ t: 'res', id: 1, result: 'info' });
    await expect(b).resolves.toEqual({ steps: 1, elapsedMs: 5 });
    await expect(a).resolves.toBe('info');
    expect(client.inflight).toBe(0);
  });

  it('passes events to the request that asked for them', async () => {
    const { client } = setup();
    const seen: unknown[] = [];
    const p = client.request('debug.sleep', { ms: 5 }, { onEvent: (e) => seen.push(e) });
    client.receive({ t: 'evt', id: 1, event: { kind: 'progress', done: 1, total: 2 } });
    client.receive({ t: 'evt', id: 99, event: 'not mine' });
    client.receive({ t: 'res', id: 1, result: null });
    await p;
    expect(seen).toEqual([{ kind: 'progress', done: 1, total: 2 }]);
  });

  it('turns an error reply into a ProtocolError with code, message and detail', async () => {
    const { client } = setup();
    const p = client.request('debug.fail', { code: 'not_found', message: 'gone' });
    client.receive({ t: 'err', id: 1, error: { code: 'not_found', message: 'gone', detail: 'd' } });
    const e = await p.catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e).toMatchObject({ code: 'not_found', message: 'gone', detail: 'd' });
  });

  it('cancels: rejects at once, tells the other side, and ignores the late reply', async () => {
    const { sent, client } = setup();
    const ac = new AbortController();
    const p = client.request('debug.sleep', { ms: 1000 }, { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(sent[1]).toEqual({ t: 'cancel', id: 1 });
    client.receive({ t: 'err', id: 1, error: { code: 'cancelled', message: 'x' } });
    expect(client.inflight).toBe(0);
  });

  it('does not send a request whose signal is already aborted', async () => {
    const { sent, client } = setup();
    await expect(
      client.request('engine.info', undefined, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(sent).toEqual([]);
  });

  it('fails everything pending when the link drops, and when sending throws', async () => {
    const { client } = setup();
    const p = client.request('engine.info');
    client.failAll({ code: 'disconnected', message: 'lost' });
    await expect(p).rejects.toMatchObject({ code: 'disconnected' });
    const broken = new RpcClient(() => {
      throw new Error('closed');
    });
    await expect(broken.request('engine.info')).rejects.toMatchObject({
      code: 'disconnected',
      detail: 'closed',
    });
  });

  it('reports engine state to listeners and keeps the last one', () => {
    const { client } = setup();
    const states: string[] = [];
    client.onState((s) => states.push(`${s.status}/${s.restarts}`));
    client.receive({ t: 'state', state: { status: 'ready', pid: 5, restarts: 0 } });
    client.receive({ t: 'state', state: { status: 'restarting', pid: null, restarts: 1 } });
    expect(states).toEqual(['ready/0', 'restarting/1']);
    expect(client.state).toMatchObject({ status: 'restarting', restarts: 1 });
  });

  it('a main side of its own protocol version is used as it is', async () => {
    const { client } = setup();
    const p = client.request('engine.info');
    client.receive({
      t: 'state',
      state: { status: 'ready', pid: 5, restarts: 0 },
      protocol: PROTOCOL_VERSION,
    });
    expect(client.state).toMatchObject({ status: 'ready', pid: 5 });
    client.receive({ t: 'res', id: 1, result: 'info' });
    await expect(p).resolves.toBe('info');
  });

  it('a main side of another protocol version fails the client with one clear sentence', async () => {
    const { sent, client } = setup();
    const pending = client.request('engine.info');
    const other = PROTOCOL_VERSION + 1;
    client.receive({ t: 'state', state: { status: 'ready', pid: 5, restarts: 0 }, protocol: other });
    expect(client.state).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/reload the page/),
    });
    const mismatch = {
      code: 'protocol_mismatch',
      params: { client: PROTOCOL_VERSION, engine: other },
    };
    await expect(pending).rejects.toMatchObject(mismatch);
    // Nothing more is sent: the engine could read the request differently.
    await expect(client.request('zoo.list')).rejects.toMatchObject(mismatch);
    expect(sent.map((m) => m.t === 'req' && m.method)).toEqual(['engine.info']);
  });
});
