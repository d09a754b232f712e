/**
 * Liveness with the real engine process: a process that stops answering (SIGSTOP: it neither runs
 * nor dies, as an engine blocked on a FIFO or in a runaway loop looks from outside) is killed and
 * restarted, the request it held fails with the reason, and the next request works. Long async work
 * (debug.sleep) that keeps the event loop free is not mistaken for a hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineSupervisor, forkEngine } from '../../src-main/engine-client/index.js';
import type { EngineState } from '../../src-main/shared/protocol/index.js';
import { waitForState } from '../support/supervisor.js';

let sup: EngineSupervisor;
const states: EngineState[] = [];
const logs: string[] = [];

// 4 × 1 s: short for the test (a loaded 2-core machine can still hold a healthy loop ~1 s); the app's default is in DEFAULT_HEARTBEAT.
beforeAll(() => {
  sup = new EngineSupervisor(forkEngine({ stdio: 'ignore' }), {
    heartbeatMs: 1000,
    missedBeats: 4,
    log: (l) => logs.push(l),
  });
  sup.onState((s) => states.push(s));
  sup.start();
});

afterAll(async () => {
  await sup.stop();
});

const waitFor = (pred: (s: EngineState) => boolean, ms = 60_000) => waitForState(sup, pred, ms);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('engine liveness (real process)', () => {
  it('long async work on a free event loop is not a hang', async () => {
    await waitFor((s) => s.status === 'ready');
    const r = await sup.client.request('debug.sleep', { ms: 3000, steps: 3 });
    expect(r.steps).toBe(3);
    expect(sup.state).toMatchObject({ status: 'ready', restarts: 0 });
  }, 90_000);

  it('a stopped engine is killed and restarted; its request fails saying why', async () => {
    const before = await sup.client.request('engine.info');
    const running = sup.client.request('debug.sleep', { ms: 60_000, steps: 10 });
    await new Promise((r) => setTimeout(r, 100));
    process.kill(before.pid, 'SIGSTOP');
    const err = (await running.catch((e: unknown) => e)) as {
      code: string;
      message: string;
      params?: unknown;
    };
    expect(err).toMatchObject({ code: 'engine_restarted', params: { kind: 'unresponsive' } });
    expect(err.message).toMatch(
      /^The engine stopped answering for \d+ s and was restarted; this request did not finish/,
    );
    const restarting = states.find((s) => s.status === 'restarting')!;
    expect(restarting.lastExit).toMatchObject({ reason: 'unresponsive', signal: 'SIGKILL' });
    expect(restarting.lastExit!.silentMs).toBeGreaterThanOrEqual(4000);
    expect(restarting.message).toMatch(/stopped answering/);
    await waitFor((s) => s.status === 'ready' && s.restarts === 1);
    const after = await sup.client.request('engine.info');
    expect(after.pid).not.toBe(before.pid);
    expect(after.restarts).toBe(1);
    // The stopped process was SIGKILLed (a stopped process ignores SIGTERM until continued).
    expect(alive(before.pid)).toBe(false);
    expect(sup.state.lastExit).toMatchObject({ reason: 'unresponsive' });
    expect(logs.some((l) => /no answer for \d+ s; killing pid/.test(l))).toBe(true);
  }, 90_000);
});
