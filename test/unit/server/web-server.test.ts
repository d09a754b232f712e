/**
 * The web server in process, with a fake engine behind a real supervisor: how the browser is
 * admitted (one-time launch link → HttpOnly cookie, token off the address), and the limits of a
 * socket (deep JSON, big text frames, requests in flight, path-taking methods, dead peers).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect as connectTcp } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EngineSupervisor, type EngineProcess } from '../../../src-main/engine-client/supervisor.js';
import { decodeFrame, encodeFrame } from '../../../src-main/shared/protocol/wire.js';
import { startWebServer, type WebServer } from '../../../src-main/server/server.js';

const UPLOADED = join(tmpdir(), 'inception-weights-test', 'model.json');

/** Answers every request at once, except 'debug.sleep', which runs until cancelled. */
function fakeEngine(): EngineProcess {
  let listener: (m: unknown) => void = () => {};
  const exits: ((e: { code: number | null; signal: string | null }) => void)[] = [];
  const reply = (m: unknown) => setImmediate(() => listener(m));
  reply({ t: 'ready', pid: 4242, backend: 'cpu' });
  return {
    pid: 4242,
    send(m: unknown) {
      const msg = m as { t: string; id: number; method?: string };
      if (msg.t === 'cancel')
        reply({ t: 'err', id: msg.id, error: { code: 'cancelled', message: 'The request was cancelled.' } });
      if (msg.t !== 'req' || msg.method === 'debug.sleep') return;
      const result =
        msg.method === 'weights.upload' ? { path: UPLOADED, files: 1, bytes: 2 } : { ok: msg.method };
      reply({ t: 'res', id: msg.id, result });
    },
    onMessage: (l) => (listener = l),
    onExit: (l) => void exits.push(l),
    kill: () => setImmediate(() => exits.forEach((l) => l({ code: 0, signal: null }))),
  };
}

let root: string;
let supervisor: EngineSupervisor;
let server: WebServer;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'web-server-test-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="app"></div>');
  supervisor = new EngineSupervisor(() => fakeEngine());
  supervisor.start();
  server = await startWebServer({ supervisor, root, limits: { maxInflight: 4, pingMs: 200 } });
});

afterAll(async () => {
  await server?.close();
  await supervisor?.stop();
  rmSync(root, { recursive: true, force: true });
});

const origin = () => `http://127.0.0.1:${server.port}`;
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${origin()}${path}`, { redirect: 'manual', headers });

interface Conn {
  ws: WebSocket;
  replies: Map<number, { t: string; error?: { code: string; message: string }; result?: unknown }>;
  send(m: unknown): void;
  answer(id: number): Promise<{ t: string; error?: { code: string; message: string }; result?: unknown }>;
  closed: Promise<number>;
}

function connect(query = `?token=${server.token}`, headers: Record<string, string> = {}): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api${query}`, {
      headers: { Origin: origin(), ...headers },
    });
    const replies: Conn['replies'] = new Map();
    const waiters = new Map<number, () => void>();
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (data: Buffer, isBinary) => {
      const m = decodeFrame(isBinary ? new Uint8Array(data) : data.toString()) as { t: string; id?: number };
      if (typeof m.id === 'number' && m.t !== 'evt') {
        replies.set(m.id, m as never);
        waiters.get(m.id)?.();
      }
    });
    ws.on('open', () =>
      resolve({
        ws,
        replies,
        closed,
        send: (m) => ws.send(encodeFrame(m)),
        answer: (id) =>
          replies.has(id)
            ? Promise.resolve(replies.get(id)!)
            : new Promise((r) => waiters.set(id, () => r(replies.get(id)!))),
      }),
    );
    ws.on('error', reject);
  });
}

describe('admitting the browser', () => {
  it('trades a launch nonce, once, for an HttpOnly SameSite=Strict cookie and a redirect to /', async () => {
    const launch = new URL(server.launchUrl());
    expect(launch.searchParams.has('token')).toBe(false);
    expect(launch.href).not.toContain(server.token);
    const first = await get(launch.pathname + launch.search);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toBe(`inception_token_${server.port}=${server.token}; HttpOnly; SameSite=Strict; Path=/`);
    // Used once: the same link (say, from the browser history) admits nobody.
    const again = await get(launch.pathname + launch.search);
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).not.toContain(server.token);
    expect((await get('/launch?n=made-up')).status).toBe(403);
  });

  it('takes the printed ?token= off the address: a redirect keeps the path and the rest of the query', async () => {
    const r = await get(`/?token=${server.token}&x=1`);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/?x=1');
    expect(r.headers.get('set-cookie')).toContain('HttpOnly');
    // A wrong token is not admitted (the page loads, but its socket will be refused).
    const wrong = await get('/?token=nope');
    expect(wrong.status).toBe(200);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('lets the WebSocket in with the cookie alone, and still checks Origin and Host', async () => {
    const cookie = `inception_token_${server.port}=${server.token}`;
    const c = await connect('', { Cookie: cookie });
    c.ws.close();
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, { headers });
        ws.on('open', () => (ws.close(), resolve(101)));
        ws.on('unexpected-response', (_q, res) => (resolve(res.statusCode ?? 0), ws.terminate()));
        ws.on('error', () => {});
      });
    expect(await status({ Origin: origin() })).toBe(401);
    expect(await status({ Origin: origin(), Cookie: `inception_token_${server.port}=wrong` })).toBe(401);
    expect(await status({ Origin: origin(), Cookie: `inception_token_1=${server.token}` })).toBe(401);
    expect(await status({ Origin: 'http://evil.example', Cookie: cookie })).toBe(403);
  });
});

describe('socket limits', () => {
  it('answers a request nested 100,000 deep with bad_request, and the socket stays usable', async () => {
    const c = await connect();
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    c.ws.send(`{"t":"req","id":1,"method":"zoo.list","params":${deep}}`);
    const r = await c.answer(1);
    expect(r.error).toMatchObject({ code: 'bad_request' });
    expect(r.error!.message).toMatch(/deeper than 64/);
    c.send({ t: 'req', id: 2, method: 'zoo.list' });
    expect((await c.answer(2)).result).toEqual({ ok: 'zoo.list' });
    c.ws.close();
  });

  it('closes a socket that sends an oversized JSON frame (1009)', async () => {
    const c = await connect();
    c.ws.send(
      JSON.stringify({ t: 'req', id: 1, method: 'zoo.list', params: { pad: 'x'.repeat(1_100_000) } }),
    );
    expect(await c.closed).toBe(1009);
  });

  it('holds the JSON header of a binary frame to the same size', async () => {
    const c = await connect();
    const frame = encodeFrame({
      t: 'req',
      id: 1,
      method: 'image.load',
      params: { bytes: new ArrayBuffer(8), name: 'x'.repeat(1_100_000) },
    });
    expect(typeof frame).not.toBe('string');
    c.ws.send(frame);
    expect(await c.closed).toBe(1009);
  });

  it('bounds the requests in flight per socket, and frees a slot when one ends', async () => {
    const c = await connect();
    for (let id = 1; id <= 4; id++) c.send({ t: 'req', id, method: 'debug.sleep', params: { ms: 60_000 } });
    c.send({ t: 'req', id: 5, method: 'debug.sleep', params: { ms: 60_000 } });
    expect((await c.answer(5)).error).toMatchObject({ code: 'too_busy' });
    c.send({ t: 'cancel', id: 1 });
    expect((await c.answer(1)).error).toMatchObject({ code: 'cancelled' });
    c.send({ t: 'req', id: 6, method: 'zoo.list' });
    expect((await c.answer(6)).result).toEqual({ ok: 'zoo.list' });
    c.ws.close();
  });

  it('refuses path-taking requests without a word about the path; only its own upload may be loaded', async () => {
    const c = await connect();
    const refused = [
      { method: 'image.load', params: { path: '/etc/passwd' } },
      {
        method: 'weights.load',
        params: { network: { id: 'googlenet' }, source: { file: '/home/u/.ssh/id_rsa' } },
      },
      {
        method: 'train.start',
        params: { runs: [], steps: 1, data: { kind: 'folder', path: '/home/u/Pictures' } },
      },
      { method: 'train.start', params: { runs: [], steps: 1, data: { kind: 'mnist' }, dataDir: '/tmp/x' } },
      { method: 'weights.load', params: { network: { id: 'googlenet' }, source: { file: UPLOADED } } },
    ];
    for (const [i, r] of refused.entries()) {
      c.send({ t: 'req', id: 10 + i, ...r });
      const a = await c.answer(10 + i);
      expect(a.error?.code).toBe('path_refused');
      expect(a.error!.message).not.toMatch(/etc|ssh|home|Pictures|tmp|\//);
    }
    // Bytes, samples, mnist and URLs are fine.
    const allowed = [
      { method: 'image.load', params: { sample: 'chelsea.png' } },
      {
        method: 'train.start',
        params: { runs: [{ variant: { network: 'googlenet' } }], steps: 1, data: { kind: 'mnist' } },
      },
      {
        method: 'weights.load',
        params: { network: { id: 'googlenet' }, source: { url: 'https://x.example/w.h5' } },
      },
    ];
    for (const [i, r] of allowed.entries()) {
      c.send({ t: 'req', id: 20 + i, ...r });
      expect((await c.answer(20 + i)).result).toEqual({ ok: r.method });
    }
    // Params that do not fit the method's schema stop at the bridge, as the engine would answer.
    c.send({ t: 'req', id: 29, method: 'network.analyse', params: { id: 'resnet50' } });
    expect((await c.answer(29)).error).toMatchObject({ code: 'not_found' });
    // After this socket uploaded, the path the upload returned may be loaded.
    c.send({
      t: 'req',
      id: 30,
      method: 'weights.upload',
      params: { files: [{ name: 'model.json', data: new ArrayBuffer(2) }] },
    });
    await c.answer(30);
    c.send({
      t: 'req',
      id: 31,
      method: 'weights.load',
      params: { network: { id: 'googlenet' }, source: { file: UPLOADED } },
    });
    expect((await c.answer(31)).result).toEqual({ ok: 'weights.load' });
    c.ws.close();
  });

  it('drops a peer that stops answering pings', async () => {
    // A raw TCP client that completes the handshake and then never answers a ping, as a dead peer.
    const sock = connectTcp(server.port, '127.0.0.1');
    sock.write(
      [
        'GET /api?token=' + server.token + ' HTTP/1.1',
        `Host: 127.0.0.1:${server.port}`,
        `Origin: ${origin()}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
    let head = '';
    sock.on('data', (b: Buffer) => (head += b.toString('latin1')));
    await new Promise<void>((resolve) => sock.once('close', () => resolve()));
    expect(head.startsWith('HTTP/1.1 101')).toBe(true);
    // It got a ping (opcode 0x89) and was closed after missing it.
    expect(head).toContain('\x89');
  });
});
