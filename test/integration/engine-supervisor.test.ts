/**
 * The real engine process under the supervisor, as web mode runs it: requests, binary results
 * over IPC, streamed events, cancellation, and a restart after the process is killed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineSupervisor, forkEngine } from '../../src-main/engine-client/index.js';
import type { EngineState } from '../../src-main/shared/protocol/index.js';
import { waitForState } from '../support/supervisor.js';

let sup: EngineSupervisor;
const states: EngineState[] = [];

beforeAll(() => {
  sup = new EngineSupervisor(forkEngine({ stdio: 'ignore' }));
  sup.onState((s) => states.push(s));
  sup.start();
});

afterAll(async () => {
  await sup.stop();
});

const waitFor = (pred: (s: EngineState) => boolean, ms = 30_000) => waitForState(sup, pred, ms);

describe('engine process under the supervisor', () => {
  it('starts, reports ready, and answers engine.info with its backend', async () => {
    await waitFor((s) => s.status === 'ready');
    const info = await sup.client.request('engine.info');
    expect(info.pid).toBe(sup.state.pid);
    expect(info.shell).toBe('web');
    expect(info.restarts).toBe(0);
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).toContain(info.backend.active);
    expect(info.backend.statuses.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
  });

  it('carries a 4 MiB float32 tensor as binary, intact', async () => {
    const n = 1 << 20;
    const seed = 7;
    const r = await sup.client.request('debug.tensor', { length: n, seed });
    expect(r.tensor.data).toBeInstanceOf(ArrayBuffer);
    expect(r.tensor.data.byteLength).toBe(4 * n);
    const v = new Float32Array(r.tensor.data);
    // The agreed pattern, written out here rather than imported: ((i·7919 + seed·104729) mod 65536)/256 − 128.
    for (let i = 0; i < n; i += 997) expect(v[i]).toBe(((i * 7919 + seed * 104729) % 65536) / 256 - 128);
    expect(v[n - 1]).toBe((((n - 1) * 7919 + seed * 104729) % 65536) / 256 - 128);
  });

  it('answers zoo.list and network.analyse from the zoo and the analysis', async () => {
    const zoo = await sup.client.request('zoo.list');
    expect(zoo.map((e) => e.id)).toContain('inception_v3');
    await expect(sup.client.request('network.analyse', { id: 'resnet50' as never })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      sup.client.request('network.analyse', { id: 'inception_v3', flavour: 'paper' }),
    ).rejects.toMatchObject({
      code: 'bad_request',
    });
  });

  it('streams progress and stops when cancelled', async () => {
    const ac = new AbortController();
    const seen: number[] = [];
    const p = sup.client.request(
      'debug.sleep',
      { ms: 20_000, steps: 200 },
      {
        signal: ac.signal,
        onEvent: (e) => {
          seen.push(e.done);
          if (e.done === 3) ac.abort();
        },
      },
    );
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen).toEqual([1, 2, 3]);
    // The engine is free again at once.
    const t0 = Date.now();
    await sup.client.request('debug.sleep', { ms: 10, steps: 1 });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('restarts a killed engine, fails the request it was running, and the next request works', async () => {
    const before = await sup.client.request('engine.info');
    const running = sup.client.request('debug.sleep', { ms: 20_000, steps: 10 });
    await new Promise((r) => setTimeout(r, 50));
    process.kill(before.pid, 'SIGKILL');
    const err = await running.catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'engine_restarted' });
    expect((err as Error).message).toContain('SIGKILL');
    await waitFor((s) => s.status === 'ready' && s.restarts === 1);
    const after = await sup.client.request('engine.info');
    expect(after.pid).not.toBe(before.pid);
    expect(after.restarts).toBe(1);
    expect(states.some((s) => s.status === 'restarting' && s.lastExit?.signal === 'SIGKILL')).toBe(true);
  });
});

describe('forcing a backend', () => {
  it('--backend cpu runs on cpu and says it was forced', async () => {
    const s = new EngineSupervisor(forkEngine({ stdio: 'ignore', backend: 'cpu' }));
    s.start();
    try {
      const info = await s.client.request('engine.info');
      expect(info.backend).toMatchObject({ active: 'cpu', forcedBy: 'flag' });
    } finally {
      await s.stop();
    }
  });

  it('an unavailable forced backend is reported, not a crash loop', async () => {
    // tfjs-node cannot be installed on this project's machines; where it is, force a name that never loads.
    const s = new EngineSupervisor(
      forkEngine({ stdio: 'ignore', env: { INCEPTION_BACKEND: 'no-such-backend' } }),
    );
    s.start();
    try {
      await expect(s.client.request('engine.info')).rejects.toMatchObject({
        code: 'backend_unavailable',
        message: expect.stringContaining("Unknown backend 'no-such-backend'"),
      });
      expect(s.state).toMatchObject({ status: 'ready', restarts: 0 });
      expect(s.state.message).toContain("Unknown backend 'no-such-backend'");
    } finally {
      await s.stop();
    }
  });
});
