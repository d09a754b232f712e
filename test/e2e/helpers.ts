/**
 * E2E helpers: start `inception-explorer serve` on a free port and read its URL; launch Debian's
 * Chromium with a fresh profile; talk to the WebSocket directly like a (possibly hostile) client.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { RpcClient } from '../../src-main/shared/protocol/client.js';
import { decodeFrame, encodeFrame } from '../../src-main/shared/protocol/wire.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const shotsDir = join(root, 'test-results', 'e2e');

export interface Served {
  url: string;
  port: number;
  token: string;
  origin: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts web mode like a user would (the CLI), with no browser opening, and waits for its URL. */
export async function startServe(
  extraArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<Served> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/cli/main.ts', 'serve', '--port', '0', '--no-open', ...extraArgs],
    { cwd: root, env: { ...process.env, INCEPTION_NO_OPEN: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 30 s:\n${out}`)), 30_000);
    const check = () => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`serve exited (${code}) before printing a URL:\n${out}`)));
  });
  const u = new URL(url);
  return {
    url,
    port: Number(u.port),
    token: u.searchParams.get('token')!,
    origin: u.origin,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far (CSP violations show up here). */
  problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(url: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'inception-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(url);
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(shotsDir, { recursive: true });
  const path = join(shotsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** The HTTP status of a refused upgrade, or 101 when it was accepted. */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e);
    });
  });
}

export interface WsClient {
  client: RpcClient;
  /** Frames received, in order: their kind and the message type they carried. */
  frames: { kind: 'text' | 'binary'; t: string }[];
  close(): void;
}

/** A protocol client over a raw WebSocket, speaking exactly what the renderer speaks. */
export function connectClient(served: Served): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${served.port}/api?token=${served.token}`, {
      headers: { Origin: served.origin },
    });
    const frames: WsClient['frames'] = [];
    const client = new RpcClient((m) => ws.send(encodeFrame(m)));
    ws.on('message', (data: Buffer, isBinary) => {
      const m = decodeFrame(isBinary ? new Uint8Array(data) : data.toString('utf8'));
      frames.push({ kind: isBinary ? 'binary' : 'text', t: String((m as { t?: unknown }).t) });
      client.receive(m);
    });
    ws.on('open', () => resolve({ client, frames, close: () => ws.close() }));
    ws.on('error', reject);
  });
}

/**
 * As a user picks a unit: channel 0 of the node's grid (its first tile), then the centre of the
 * enlarged channel. The Explain panel's Receptive field tab then shows that unit.
 */
export async function pickCentreUnit(page: Page): Promise<void> {
  await page.getByTestId('feature-grid').click({ position: { x: 3, y: 3 } });
  const zoom = page.getByTestId('zoom-canvas');
  await zoom.waitFor();
  const box = (await zoom.boundingBox())!;
  await zoom.click({ position: { x: box.width / 2, y: box.height / 2 } });
  await page.getByTestId('zoom-picked').waitFor();
}

/** The published Keras backbone's model.json and shards (scripts/published-backbone.mjs makes them). */
export function publishedBackboneFiles(): string[] {
  const modelJson = execFileSync(process.execPath, [join(root, 'scripts', 'published-backbone.mjs')], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .at(-1)!;
  const dir = dirname(modelJson);
  return [
    modelJson,
    ...readdirSync(dir)
      .filter((f) => f.endsWith('.bin'))
      .map((f) => join(dir, f)),
  ];
}

/** As a user starts: on the Activations view, click the chelsea sample and wait for its run. */
export async function runOnSample(page: Page, timeout = 120_000): Promise<void> {
  await page.getByTestId('activations').waitFor({ timeout: 60_000 });
  await page.getByTestId('sample-chelsea.png').click();
  await activationRunDone(page, timeout);
}

/** Waits until the Activations view has finished its run: no progress bar, a node shown. */
export async function activationRunDone(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    () =>
      !document.querySelector('[data-testid="run-progress"]') &&
      !!document.querySelector('[data-testid="node-position"]'),
    undefined,
    { timeout },
  );
}

/**
 * Clicks Copy link and returns what reached the clipboard: a token-free `inception-explorer://` link
 * (the context needs clipboard-read and clipboard-write for the served origin).
 */
export async function copyLink(page: Page): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.getByTestId('copy-link').click();
  const deadline = Date.now() + 10_000;
  let link = '';
  while (!/^inception-explorer:\/\//.test(link)) {
    if (Date.now() > deadline) throw new Error(`Copy link put '${link}' on the clipboard`);
    await new Promise((r) => setTimeout(r, 100));
    link = await page.evaluate(() => navigator.clipboard.readText());
  }
  if (link.includes('token') || link.includes('127.0.0.1'))
    throw new Error(`the copied link carries the session: ${link}`);
  return link;
}

/** Opens a copied link in a new tab of the same browser (what `inception-explorer open` does). */
export async function reopenLink(
  context: BrowserContext,
  served: Served,
  link: string,
  size = { width: 1440, height: 900 },
): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize(size);
  await page.goto(`${served.url}#/${link.slice('inception-explorer://'.length)}`);
  return page;
}
