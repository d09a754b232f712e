/**
 * The supervisor's heartbeat with a hand-driven engine and fake timers: a silent engine is killed
 * (SIGKILL) and restarted after missedBeats intervals, its requests fail with the reason, an engine
 * that keeps answering (or keeps talking) is left alone, and a gap in the supervisor's own timers
 * (a busy main process, a laptop asleep) is not blamed on the engine.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineInbound, EngineState, ServerMessage } from '../../../src-main/shared/protocol/index.js';
import { EngineSupervisor, type EngineProcess } from '../../../src-main/engine-client/supervisor.js';

class FakeProcess implements EngineProcess {
  readonly sent: EngineInbound[] = [];
  private onMsg: (m: unknown) => void = () => {};
  private onEnd: ((e: { code: number | null; signal: string | null }) => void)[] = [];
  kills: boolean[] = [];
  /** Answer pings (a healthy event loop). */
  answering = true;
  /** A process stuck so hard that even SIGKILL does not end it (yet). */
  unkillable = false;
  constructor(readonly pid: number) {}
  send(m: EngineInbound) {
    this.sent.push(m);
    if (m.t === 'ping' && this.answering) queueMicrotask(() => this.onMsg({ t: 'pong', n: m.n }));
  }
  onMessage(l: (m: unknown) => void) {
    this.onMsg = l;
  }
  onExit(l: (e: { code: number | null; signal: string | null }) => void) {
    this.onEnd.push(l);
  }
  kill(force?: boolean) {
    this.kills.push(force === true);
    if (!this.unkillable) this.exit(null, force ? 'SIGKILL' : 'SIGTERM');
  }
  reply(m: unknown) {
    this.onMsg(m);
  }
  exit(code: number | null, signal: string | null) {
    for (const l of this.onEnd.splice(0)) l({ code, signal });
  }
}

function setup(opts = {}) {
  const procs: FakeProcess[] = [];
  const states: EngineState[] = [];
  const sup = new EngineSupervisor(
    () => {
      const p = new FakeProcess(100 + procs.length);
      procs.push(p);
      return p;
    },
    { heartbeatMs: 1000, missedBeats: 3, startupMs: 10_000, ...opts },
  );
  sup.onState((s) => states.push(s));
  const out: ServerMessage[] = [];
  const session = sup.connect((m) => out.push(m));
  sup.start();
  procs[0].reply({ t: 'ready', pid: 100, backend: 'wasm' });
  return { sup, procs, states, out, session };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('engine liveness', () => {
  it('pings a healthy engine and leaves it running', async () => {
    const { sup, procs } = setup();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(procs).toHaveLength(1);
    expect(procs[0].sent.filter((m) => m.t === 'ping').length).toBeGreaterThanOrEqual(19);
    expect(procs[0].kills).toEqual([]);
    expect(sup.state.status).toBe('ready');
  });

  it('kills a silent engine after missedBeats intervals, fails its requests with the reason, and restarts it', async () => {
    const { sup, procs, states, out, session } = setup();
    await vi.advanceTimersByTimeAsync(2500);
    procs[0].answering = false;
    session.handle({ t: 'req', id: 7, method: 'engine.info' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(procs[0].kills).toEqual([]); // 2 intervals silent: not yet
    await vi.advanceTimersByTimeAsync(1000);
    expect(procs[0].kills).toEqual([true]); // SIGKILL: a stuck loop may not run a SIGTERM handler
    expect(procs).toHaveLength(2);
    const err = out.find((m) => m.t === 'err' && m.id === 7);
    expect(err).toMatchObject({
      error: { code: 'engine_restarted', params: { kind: 'unresponsive', seconds: 3 } },
    });
    expect((err as { error: { message: string } }).error.message).toBe(
      'The engine stopped answering for 3 s and was restarted; this request did not finish. Try again.',
    );
    const restarting = states.find((s) => s.status === 'restarting')!;
    expect(restarting.lastExit).toMatchObject({ reason: 'unresponsive', silentMs: 3000, signal: 'SIGKILL' });
    expect(restarting.message).toBe('The engine stopped answering for 3 s; restarting it.');
    procs[1].reply({ t: 'ready', pid: 101 });
    // The reason stays on the state after the new engine is ready, for the status bar.
    expect(sup.state).toMatchObject({ status: 'ready', restarts: 1, lastExit: { reason: 'unresponsive' } });
  });

  it('counts any message as a sign of life (a busy engine streaming events is alive)', async () => {
    const { procs, session } = setup();
    procs[0].answering = false;
    session.handle({ t: 'req', id: 1, method: 'debug.sleep', params: { ms: 60_000 } });
    const req = procs[0].sent.find((m) => m.t === 'req')!;
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(2000);
      procs[0].reply({ t: 'evt', id: req.id, event: { kind: 'progress', done: i, total: 10 } });
    }
    expect(procs[0].kills).toEqual([]);
  });

  it('gives a new engine startupMs for its first message', async () => {
    const procs: FakeProcess[] = [];
    const sup = new EngineSupervisor(
      () => {
        const p = new FakeProcess(200 + procs.length);
        p.answering = false;
        procs.push(p);
        return p;
      },
      { heartbeatMs: 1000, missedBeats: 3, startupMs: 10_000 },
    );
    sup.start();
    await vi.advanceTimersByTimeAsync(9000);
    expect(procs[0].kills).toEqual([]);
    await vi.advanceTimersByTimeAsync(1500);
    expect(procs[0].kills).toEqual([true]);
    expect(sup.state.lastExit).toMatchObject({ reason: 'unresponsive' });
    await sup.stop();
  });

  it('does not blame the engine for a gap in its own timers', async () => {
    const { procs } = setup();
    procs[0].answering = false;
    // The supervisor's loop stalls for 60 s (fake clock jumps without running the interval).
    vi.setSystemTime(Date.now() + 60_000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(procs[0].kills).toEqual([]);
    procs[0].answering = true;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(procs[0].kills).toEqual([]);
  });

  it('abandons a process that does not exit after the kill, and restarts anyway', async () => {
    const { procs, sup } = setup({ killGraceMs: 2000 });
    procs[0].answering = false;
    procs[0].unkillable = true;
    await vi.advanceTimersByTimeAsync(3500);
    expect(procs[0].kills).toEqual([true]);
    expect(procs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(procs).toHaveLength(2);
    expect(sup.state.status).toBe('starting');
  });

  it('heartbeatMs 0 turns the check off', async () => {
    const { procs } = setup({ heartbeatMs: 0 });
    procs[0].answering = false;
    await vi.advanceTimersByTimeAsync(600_000);
    expect(procs[0].kills).toEqual([]);
    expect(procs[0].sent).toEqual([]);
  });
});
