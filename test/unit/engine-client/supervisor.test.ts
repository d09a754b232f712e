import { describe, expect, it, vi } from 'vitest';
import {
  PROTOCOL_VERSION,
  type ClientMessage,
  type ServerMessage,
} from '../../../src-main/shared/protocol/index.js';
import { EngineSupervisor, type EngineProcess } from '../../../src-main/engine-client/supervisor.js';

/** An engine process the test drives by hand. */
class FakeProcess implements EngineProcess {
  readonly sent: ClientMessage[] = [];
  private onMsg: (m: unknown) => void = () => {};
  private onEnd: ((e: { code: number | null; signal: string | null }) => void)[] = [];
  killed = false;
  constructor(readonly pid: number) {}
  send(m: ClientMessage) {
    this.sent.push(m);
  }
  onMessage(l: (m: unknown) => void) {
    this.onMsg = l;
  }
  onExit(l: (e: { code: number | null; signal: string | null }) => void) {
    this.onEnd.push(l);
  }
  kill() {
    this.killed = true;
    this.exit(null, 'SIGTERM');
  }
  reply(m: unknown) {
    this.onMsg(m);
  }
  exit(code: number | null, signal: string | null) {
    for (const l of this.onEnd) l({ code, signal });
  }
}

function setup(opts = {}) {
  const procs: FakeProcess[] = [];
  const sup = new EngineSupervisor(() => {
    const p = new FakeProcess(100 + procs.length);
    procs.push(p);
    return p;
  }, opts);
  const a: ServerMessage[] = [];
  const b: ServerMessage[] = [];
  const sa = sup.connect((m) => a.push(m));
  const sb = sup.connect((m) => b.push(m));
  return { sup, procs, a, b, sa, sb };
}

describe('engine supervisor', () => {
  it('gives each session its own id space and routes replies back by id', () => {
    const { sup, procs, a, b, sa, sb } = setup();
    sup.start();
    sa.handle({ t: 'req', id: 1, method: 'engine.info' });
    sb.handle({ t: 'req', id: 1, method: 'zoo.list' });
    const [ra, rb] = procs[0].sent as { id: number }[];
    expect(ra.id).not.toBe(rb.id);
    procs[0].reply({ t: 'evt', id: rb.id, event: 'e' });
    procs[0].reply({ t: 'res', id: rb.id, result: 'zoo' });
    procs[0].reply({ t: 'res', id: ra.id, result: 'info' });
    expect(a.filter((m) => m.t !== 'state')).toEqual([{ t: 'res', id: 1, result: 'info' }]);
    expect(b.filter((m) => m.t !== 'state')).toEqual([
      { t: 'evt', id: 1, event: 'e' },
      { t: 'res', id: 1, result: 'zoo' },
    ]);
  });

  it('tells every session the state, starting on connect', () => {
    const { sup, procs, a } = setup();
    expect(a[0]).toEqual({
      t: 'state',
      state: { status: 'stopped', pid: null, restarts: 0 },
      protocol: PROTOCOL_VERSION,
    });
    sup.start();
    procs[0].reply({ t: 'ready', pid: 100, backend: 'wasm' });
    expect(
      a.filter((m) => m.t === 'state').map((m) => (m as { state: { status: string } }).state.status),
    ).toEqual(['stopped', 'starting', 'ready']);
  });

  it('when the engine dies: fails its requests with engine_restarted, restarts it, and the next request works', () => {
    const { sup, procs, a, sa } = setup();
    sup.start();
    sa.handle({ t: 'req', id: 5, method: 'debug.sleep', params: { ms: 1000 } });
    procs[0].exit(null, 'SIGKILL');
    const err = a.find((m) => m.t === 'err') as { id: number; error: { code: string; message: string } };
    expect(err.id).toBe(5);
    expect(err.error.code).toBe('engine_restarted');
    expect(err.error.message).toContain('SIGKILL');
    expect(procs).toHaveLength(2);
    expect(sup.state).toMatchObject({
      status: 'starting',
      restarts: 1,
      lastExit: { signal: 'SIGKILL', code: null },
    });
    sa.handle({ t: 'req', id: 6, method: 'engine.info' });
    const sent = procs[1].sent[0] as { id: number };
    procs[1].reply({ t: 'res', id: sent.id, result: 'ok' });
    expect(a[a.length - 1]).toEqual({ t: 'res', id: 6, result: 'ok' });
  });

  it('forwards a cancel with the engine-side id, and cancels a closed session’s requests', () => {
    const { sup, procs, sa, sb } = setup();
    sup.start();
    sa.handle({ t: 'req', id: 1, method: 'debug.sleep', params: { ms: 9 } });
    sb.handle({ t: 'req', id: 1, method: 'debug.sleep', params: { ms: 9 } });
    const [ea, eb] = (procs[0].sent as { id: number }[]).map((m) => m.id);
    sa.handle({ t: 'cancel', id: 1 });
    expect(procs[0].sent[2]).toEqual({ t: 'cancel', id: ea });
    sb.close();
    expect(procs[0].sent[3]).toEqual({ t: 'cancel', id: eb });
  });

  it('validates client messages before acting on them', () => {
    const { sup, a, sa, procs } = setup();
    sup.start();
    sa.handle({ t: 'req', id: 1, method: 'rm -rf' });
    sa.handle('garbage');
    expect(procs[0].sent).toEqual([]);
    expect(a.filter((m) => m.t === 'err').map((m) => (m as { error: { code: string } }).error.code)).toEqual([
      'unknown_method',
      'bad_request',
    ]);
  });

  it('gives up after too many crashes in the window and says so', () => {
    vi.useFakeTimers();
    try {
      const { sup, procs, a, sa } = setup({ maxCrashes: 2, windowMs: 60_000, backoffMs: 100 });
      sup.start();
      procs[0].exit(1, null); // 1st crash: restarted at once
      expect(procs).toHaveLength(2);
      procs[1].exit(1, null); // 2nd crash: restarted after 100 ms
      expect(procs).toHaveLength(2);
      vi.advanceTimersByTime(100);
      expect(procs).toHaveLength(3);
      procs[2].exit(1, null); // 3rd crash within the window: give up
      expect(sup.state.status).toBe('failed');
      expect(sup.state.message).toMatch(/stopped 3 times/);
      sa.handle({ t: 'req', id: 9, method: 'engine.info' });
      expect(a[a.length - 1]).toMatchObject({ t: 'err', id: 9, error: { code: 'engine_unavailable' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('stop() kills the engine, does not restart it, and fails what was running', async () => {
    const { sup, procs, a, sa } = setup();
    sup.start();
    sa.handle({ t: 'req', id: 1, method: 'engine.info' });
    await sup.stop();
    expect(procs[0].killed).toBe(true);
    expect(procs).toHaveLength(1);
    expect(sup.state.status).toBe('stopped');
    expect(a.find((m) => m.t === 'err')).toMatchObject({ error: { code: 'engine_unavailable' } });
  });

  it('the main-side client works over a session', async () => {
    const { sup, procs } = setup();
    sup.start();
    const p = sup.client.request('zoo.list');
    const sent = procs[0].sent[0] as { id: number };
    procs[0].reply({ t: 'res', id: sent.id, result: [] });
    await expect(p).resolves.toEqual([]);
  });
});
