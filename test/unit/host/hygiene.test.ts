/**
 * Production hygiene of the engine's dispatcher: no debug.* without the test flag, and what a failing
 * handler threw reaches the client without stacks or paths of this machine.
 */
import { homedir, tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { FileAccessError, readRegularFile } from '../../../src-main/engine/fs/safe-file.js';
import { clientError, redactPaths } from '../../../src-main/host/client-error.js';
import { debugHandlers, testHooksEnabled } from '../../../src-main/host/handlers/debug.js';
import { Dispatcher, type HandlerMap } from '../../../src-main/host/registry.js';
import {
  METHODS,
  ProtocolError,
  type ApiError,
  type EngineMessage,
} from '../../../src-main/shared/protocol/index.js';

const all = (fn: () => unknown) => Object.fromEntries(METHODS.map((m) => [m, fn])) as unknown as HandlerMap;
const withoutDebug = (h: HandlerMap): HandlerMap =>
  Object.fromEntries(Object.entries(h).filter(([m]) => !m.startsWith('debug.'))) as unknown as HandlerMap;

function collectingLog() {
  const lines: string[] = [];
  return { lines, log: { where: 'the test log', write: (t: string) => lines.push(t) } };
}

async function answer(d: Dispatcher, sent: EngineMessage[], method: string, params?: unknown) {
  const id = sent.length + 100;
  d.handle({ t: 'req', id, method, params });
  for (let i = 0; i < 400 && !sent.some((m) => 'id' in m && m.id === id && m.t !== 'evt'); i++)
    await delay(5);
  return sent.find((m) => 'id' in m && m.id === id && m.t !== 'evt') as Extract<
    EngineMessage,
    { t: 'err' | 'res' }
  >;
}

/** Absolute paths that exist on this machine and must never reach a client. */
const machinePaths = [process.cwd(), homedir(), tmpdir(), import.meta.dirname].filter((p) => p.length > 1);
function expectNoMachinePath(e: ApiError) {
  const text = JSON.stringify(e);
  for (const p of machinePaths) expect(text).not.toContain(p);
  // Nor anything that looks like an absolute path: a '/' that starts a word.
  expect(text).not.toMatch(/(^|[\s'"(=])\/[A-Za-z0-9_.-]+\//);
}

describe('debug.* methods', () => {
  it('exist only when the test flag is set', () => {
    expect(testHooksEnabled({ INCEPTION_TEST_HOOKS: '1' })).toBe(true);
    expect(testHooksEnabled({})).toBe(false);
    expect(testHooksEnabled({ INCEPTION_TEST_HOOKS: 'true' })).toBe(false);
    expect(Object.keys(debugHandlers(false))).toEqual([]);
    expect(Object.keys(debugHandlers(true)).sort()).toEqual(['debug.fail', 'debug.sleep', 'debug.tensor']);
  });

  it('a production engine answers unknown_method for each of them', async () => {
    const sent: EngineMessage[] = [];
    const d = new Dispatcher({ ...withoutDebug(all(() => 1)), ...debugHandlers(false) }, (m) => sent.push(m));
    for (const method of ['debug.tensor', 'debug.sleep', 'debug.fail']) {
      const r = await answer(d, sent, method, {
        ms: 600_000,
        length: 1 << 26,
        code: 'internal',
        message: 'x',
      });
      expect(r).toMatchObject({ t: 'err', error: { code: 'unknown_method' } });
    }
    // Other methods still work.
    expect(await answer(d, sent, 'zoo.list')).toMatchObject({ t: 'res', result: 1 });
  });
});

describe('errors that reach the client', () => {
  it('an unexpected error carries a reference; its stack (with this machine’s paths) goes to the log only', async () => {
    const sent: EngineMessage[] = [];
    const { lines, log } = collectingLog();
    const boom = async () => {
      // A raw ENOENT names the absolute path it failed on, and its stack names the engine's files.
      await readRegularFile(`${tmpdir()}/no-such-dir-for-hygiene-test/x.h5`, { maxBytes: 10 }).catch(() => {
        throw new Error(`ENOENT: no such file or directory, open '${process.cwd()}/secret/x.h5'`);
      });
    };
    const d = new Dispatcher(all(boom), (m) => sent.push(m), log);
    const r = await answer(d, sent, 'network.analyse', { id: 'googlenet' });
    expect(r.t).toBe('err');
    const error = (r as Extract<EngineMessage, { t: 'err' }>).error;
    expect(error.code).toBe('internal');
    expect(error.message).toMatch(
      /^Internal error #[0-9a-f]{6} in network\.analyse; the details are in the test log/,
    );
    expect(error.params).toMatchObject({ kind: 'ref', method: 'network.analyse' });
    expectNoMachinePath(error);
    const ref = String(error.params!.ref);
    const logged = lines.join('\n');
    expect(logged).toContain(`#${ref}`);
    expect(logged).toContain(`${process.cwd()}/secret/x.h5`);
    expect(logged).toMatch(/\n\s+at /);
  });

  it('app errors keep their sentence, with absolute paths cut to their last part', () => {
    const { lines, log } = collectingLog();
    const ctx = { method: 'weights.load', id: 1 };
    const e = clientError(
      new ProtocolError(
        'weights_not_found',
        `Cannot open ${homedir()}/models/v3.h5.`,
        `looked in ${tmpdir()}/cache/`,
        {
          file: `${homedir()}/models/v3.h5`,
        },
      ),
      ctx,
      log,
    );
    expect(e).toEqual({
      code: 'weights_not_found',
      message: 'Cannot open v3.h5.',
      detail: 'looked in …',
      params: { file: 'v3.h5' },
    });
    // A stack put into a ProtocolError's detail is logged and replaced by its reference.
    const withStack = clientError(
      new ProtocolError('bad_request', 'Nope.', new Error('inner').stack),
      ctx,
      log,
    );
    expect(withStack.detail).toMatch(/^The engine log has the details under #[0-9a-f]{6}\.$/);
    expectNoMachinePath(withStack);
    expect(lines.length).toBe(1);
    // The shared file helper's errors become the matching protocol codes.
    expect(clientError(new FileAccessError('too_large', 'The file is too large.'), ctx, log)).toEqual({
      code: 'too_large',
      message: 'The file is too large.',
    });
  });

  it('path redaction leaves URLs, relative names and numbers alone', () => {
    expect(redactPaths('see https://arxiv.org/abs/1512.00567 and node/kind ← 3/4')).toBe(
      'see https://arxiv.org/abs/1512.00567 and node/kind ← 3/4',
    );
    expect(redactPaths("open '/home/u/models/x.h5'")).toBe("open 'x.h5'");
    // A space ends the match: what is left is relative and names no folder of the machine.
    expect(redactPaths("open '/home/u/a b/x.h5'")).toBe("open 'a b/x.h5'");
    expect(redactPaths('at /work/main/src-main/host/registry.ts:93:15')).toBe('at registry.ts:93:15');
    expect(redactPaths('C:\\Users\\u\\models\\v3.h5 is missing')).toBe('v3.h5 is missing');
    expect(redactPaths('(file:///home/u/x.json)')).toBe('(file:///home/u/x.json)');
  });
});
