/**
 * Web mode's WebSocket, spoken to directly: who is let in, and what the protocol carries
 * (binary frames for tensors, cancellation) — the same code paths the page uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame } from '../../src-main/shared/protocol/wire.js';
import { connectClient, startServe, upgradeStatus, type Served } from './helpers.js';

let served: Served;

beforeAll(async () => {
  served = await startServe();
});

afterAll(async () => {
  await served?.stop();
});

describe('web mode WebSocket', () => {
  it('is bound to loopback and prints a URL with a per-launch token', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a connection without the token, with a wrong token, and from another Origin', async () => {
    const base = `ws://127.0.0.1:${served.port}/api`;
    const own = { Origin: served.origin };
    expect(await upgradeStatus(base, own)).toBe(401);
    expect(await upgradeStatus(`${base}?token=wrong`, own)).toBe(401);
    expect(await upgradeStatus(`${base}?token=${served.token}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${base}?token=${served.token}`, {})).toBe(403);
    expect(
      await upgradeStatus(`${base}?token=${served.token}`, { Origin: served.origin, Host: 'evil.example' }),
    ).toBe(403);
    expect(await upgradeStatus(`${base}?token=${served.token}`, own)).toBe(101);
  });

  it('serves the page with a strict CSP and refuses a foreign Host header', async () => {
    const res = await fetch(served.url);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`ws://127.0.0.1:${served.port}`);
    expect(await res.text()).toContain('<div id="app">');
    const traversal = await fetch(`http://127.0.0.1:${served.port}/assets/..%2f..%2fpackage.json`);
    expect(traversal.status).toBe(400);
  });

  it('sends a tensor as one binary frame and it arrives intact', async () => {
    const ws = await connectClient(served);
    try {
      const n = 1 << 20;
      const seed = 3;
      const before = ws.frames.length;
      const r = await ws.client.request('debug.tensor', { length: n, seed });
      // The result came as one binary frame (engine state updates may come as text meanwhile).
      expect(ws.frames.slice(before).filter((f) => f.t === 'res')).toEqual([{ kind: 'binary', t: 'res' }]);
      expect(ws.frames.filter((f) => f.kind === 'binary')).toHaveLength(1);
      expect(r.tensor).toMatchObject({ dtype: 'float32', shape: [n] });
      const v = new Float32Array(r.tensor.data);
      expect(v.length).toBe(n);
      let bad = -1;
      for (let i = 0; i < n; i++) {
        if (v[i] !== ((i * 7919 + seed * 104729) % 65536) / 256 - 128) {
          bad = i;
          break;
        }
      }
      expect(bad).toBe(-1);
    } finally {
      ws.close();
    }
  });

  it('streams progress over text frames and cancels a debug.sleep in the engine', async () => {
    const ws = await connectClient(served);
    try {
      const ac = new AbortController();
      const done: number[] = [];
      const t0 = Date.now();
      const p = ws.client.request(
        'debug.sleep',
        { ms: 30_000, steps: 300 },
        {
          signal: ac.signal,
          onEvent: (e) => {
            done.push(e.done);
            if (e.done === 2) ac.abort();
          },
        },
      );
      await expect(p).rejects.toMatchObject({ code: 'cancelled' });
      expect(done).toEqual([1, 2]);
      expect(Date.now() - t0).toBeLessThan(5000);
      // The engine has stopped the sleep: a short one now finishes promptly.
      const r = await ws.client.request('debug.sleep', { ms: 20, steps: 2 });
      expect(r.steps).toBe(2);
    } finally {
      ws.close();
    }
  });

  it('reports engine failures as structured errors', async () => {
    const ws = await connectClient(served);
    try {
      await expect(
        ws.client.request('debug.fail', { code: 'demo', message: 'Nope.', detail: 'why' }),
      ).rejects.toMatchObject({
        code: 'demo',
        message: 'Nope.',
        detail: 'why',
      });
    } finally {
      ws.close();
    }
  });

  it('trades the printed ?token= for an HttpOnly cookie and takes it off the address', async () => {
    const res = await fetch(served.url, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.get('set-cookie')).toBe(
      `inception_token_${served.port}=${served.token}; HttpOnly; SameSite=Strict; Path=/`,
    );
    const cookie = `inception_token_${served.port}=${served.token}`;
    expect(
      await upgradeStatus(`ws://127.0.0.1:${served.port}/api`, { Origin: served.origin, Cookie: cookie }),
    ).toBe(101);
  });

  it('answers a request nested 100,000 deep with bad_request, and the engine keeps answering', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${served.port}/api?token=${served.token}`, {
      headers: { Origin: served.origin },
    });
    try {
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const answer = (id: number) =>
        new Promise<{ t: string; error?: { code: string } }>((resolve) => {
          const on = (data: Buffer, isBinary: boolean) => {
            const m = decodeFrame(isBinary ? new Uint8Array(data) : data.toString()) as {
              id?: number;
              t: string;
            };
            if (m.id === id && m.t !== 'evt') {
              ws.off('message', on);
              resolve(m as never);
            }
          };
          ws.on('message', on);
        });
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      const a = answer(1);
      ws.send(`{"t":"req","id":1,"method":"network.analyse","params":${deep}}`);
      expect((await a).error).toMatchObject({ code: 'bad_request' });
      const b = answer(2);
      ws.send(JSON.stringify({ t: 'req', id: 2, method: 'zoo.list' }));
      expect((await b).t).toBe('res');
    } finally {
      ws.close();
    }
  });

  it('refuses path-taking methods in web mode, without a word about the path', async () => {
    const ws = await connectClient(served);
    try {
      const err = await ws.client.request('image.load', { path: '/etc/passwd' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'path_refused' });
      expect((err as Error).message).not.toMatch(/passwd|\/etc/);
      const err2 = await ws.client
        .request('weights.load', { network: { id: 'googlenet' }, source: { file: '/nonexistent/w.h5' } })
        .catch((e: unknown) => e);
      expect(err2).toMatchObject({ code: 'path_refused' });
    } finally {
      ws.close();
    }
  });
});
