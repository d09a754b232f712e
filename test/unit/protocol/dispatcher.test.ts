import { describe, expect, it } from 'vitest';
import { setTimeout as delay } from 'node:timers/promises';
import { METHODS, ProtocolError, type EngineMessage } from '../../../src-main/shared/protocol/index.js';
import { Dispatcher, type HandlerMap } from '../../../src-main/host/registry.js';
import { debugHandlers } from '../../../src-main/host/handlers/debug.js';

/** Every method answered by `fn`, so the tests keep compiling as methods are added. */
const all = (fn: () => never) => Object.fromEntries(METHODS.map((m) => [m, fn])) as unknown as HandlerMap;
const notUsed = () => {
  throw new Error('not used in this test');
};

function setup() {
  const sent: EngineMessage[] = [];
  const handlers: HandlerMap = { ...all(notUsed), ...debugHandlers() };
  const d = new Dispatcher(handlers, (m) => sent.push(m));
  return { sent, d };
}

async function until(cond: () => boolean) {
  for (let i = 0; i < 200 && !cond(); i++) await delay(5);
  expect(cond()).toBe(true);
}

describe('engine dispatcher', () => {
  it('answers a request with its result', async () => {
    const { sent, d } = setup();
    d.handle({ t: 'req', id: 4, method: 'debug.tensor', params: { length: 3, seed: 0 } });
    await until(() => sent.length === 1);
    const m = sent[0] as Extract<EngineMessage, { t: 'res' }>;
    expect(m.t).toBe('res');
    expect(m.id).toBe(4);
    const r = m.result as { tensor: { shape: number[]; data: ArrayBuffer } };
    expect(r.tensor.shape).toEqual([3]);
    // element i = ((i·7919) mod 65536)/256 − 128: −128, 7919/256 − 128, 15838/256 − 128
    expect([...new Float32Array(r.tensor.data)]).toEqual([-128, -97.06640625, -66.1328125]);
  });

  it('streams events and then the result', async () => {
    const { sent, d } = setup();
    d.handle({ t: 'req', id: 1, method: 'debug.sleep', params: { ms: 20, steps: 2 } });
    await until(() => sent.some((m) => m.t === 'res'));
    expect(sent.map((m) => m.t)).toEqual(['evt', 'evt', 'res']);
    expect((sent[1] as { event: unknown }).event).toMatchObject({ kind: 'progress', done: 2, total: 2 });
  });

  it('cancels a running request: the handler stops and the answer is cancelled', async () => {
    const { sent, d } = setup();
    d.handle({ t: 'req', id: 7, method: 'debug.sleep', params: { ms: 5000, steps: 100 } });
    await until(() => sent.length >= 1);
    d.handle({ t: 'cancel', id: 7 });
    await until(() => sent.some((m) => m.t === 'err'));
    const last = sent[sent.length - 1];
    expect(last).toMatchObject({ t: 'err', id: 7, error: { code: 'cancelled' } });
    const events = sent.filter((m) => m.t === 'evt').length;
    await delay(120);
    expect(sent.filter((m) => m.t === 'evt').length).toBe(events);
    expect(d.active).toBe(0);
  });

  it('turns thrown errors into structured errors', async () => {
    const { sent, d } = setup();
    d.handle({
      t: 'req',
      id: 1,
      method: 'debug.fail',
      params: { code: 'not_found', message: 'No such thing.', detail: 'd' },
    });
    d.handle({ t: 'req', id: 2, method: 'debug.sleep', params: { ms: -1 } });
    d.handle({ t: 'req', id: 3, method: 'no.such', params: {} });
    d.handle({ t: 'bogus' });
    await until(() => sent.length === 4);
    const byId = (id: number) => sent.find((m) => 'id' in m && m.id === id) as { error: unknown };
    expect(byId(1).error).toEqual({ code: 'not_found', message: 'No such thing.', detail: 'd' });
    expect(byId(2).error).toMatchObject({
      code: 'bad_request',
      message: 'debug.sleep: ms must be a number ≥ 0 ≤ 600000, got -1.',
    });
    expect(byId(3).error).toMatchObject({ code: 'unknown_method' });
    expect(byId(-1).error).toMatchObject({ code: 'bad_request' });
  });

  it('an unexpected exception reaches the client as a numbered internal error; its stack goes to the log', async () => {
    const sent: EngineMessage[] = [];
    const logged: string[] = [];
    const log = { where: 'the test log', write: (t: string) => logged.push(t) };
    const boom = () => {
      throw new TypeError('x is undefined');
    };
    const d = new Dispatcher({ ...all(boom), ...debugHandlers() }, (m) => sent.push(m), log);
    d.handle({ t: 'req', id: 1, method: 'zoo.list' });
    await until(() => sent.length === 1);
    const error = (sent[0] as { error: { code: string; message: string; detail?: string } }).error;
    expect(error.code).toBe('internal');
    const ref = /#([0-9a-f]{6})/.exec(error.message)?.[1];
    expect(ref).toBeDefined();
    expect(error.detail).toBeUndefined();
    expect(logged.join('\n')).toContain(`#${ref}`);
    expect(logged.join('\n')).toMatch(/TypeError: x is undefined\n\s+at /);
  });

  it('ProtocolError serialises to exactly {code, message, detail?}', () => {
    expect(new ProtocolError('not_found', 'b').toJSON()).toEqual({ code: 'not_found', message: 'b' });
    expect(new ProtocolError('not_found', 'b', 'c').toJSON()).toEqual({
      code: 'not_found',
      message: 'b',
      detail: 'c',
    });
  });
});
