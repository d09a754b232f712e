/**
 * One fuzz worker process: wraps node:fs's reading functions (so watch.ts sees every open), then runs
 * the cases the parent (harness.ts) sends, one at a time, each in a fresh folder, and answers with the
 * outcome. The parent kills this process when a case runs past its time or memory bound.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recorder } from './watch.js';

type Fn = (...args: unknown[]) => unknown;
function track(obj: Record<string, unknown>, names: string[]) {
  for (const n of names) {
    const orig = obj[n] as Fn | undefined;
    if (typeof orig !== 'function') continue;
    obj[n] = function (this: unknown, p: unknown, ...rest: unknown[]) {
      if (recorder.opened && (typeof p === 'string' || p instanceof URL || Buffer.isBuffer(p)))
        recorder.opened.push(p instanceof URL ? p.pathname : String(p));
      return orig.call(this, p, ...rest);
    };
  }
}
track(fs as unknown as Record<string, unknown>, [
  'openSync',
  'readFileSync',
  'readdirSync',
  'opendirSync',
  'open',
  'readFile',
  'readdir',
  'opendir',
  'createReadStream',
]);
track(fsp as unknown as Record<string, unknown>, ['open', 'readFile', 'readdir', 'opendir']);
syncBuiltinESMExports();

const { ACCEPTED, targetByName } = await import('./targets.js');
const { Rng } = await import('./mutate.js');

export interface CaseRequest {
  id: number;
  target: string;
  seed: number;
  extra: Record<string, string>;
}

export type Outcome = 'ok' | 'refused' | 'raw' | 'silent' | 'outside' | 'hang' | 'crash' | 'harness';

export interface CaseResult {
  id: number;
  outcome: Outcome;
  detail: string;
  mutation?: string;
  ms: number;
}

const base = mkdtempSync(join(tmpdir(), 'ie-fuzz-'));
process.on('exit', () => rmSync(base, { recursive: true, force: true }));

process.on('message', (m: CaseRequest) => {
  void runCase(m).then((r) => process.send!(r));
});

async function runCase(m: CaseRequest): Promise<CaseResult> {
  const dir = mkdtempSync(join(base, 'c-'));
  const t0 = performance.now();
  const done = (outcome: Outcome, detail: string, mutation?: string): CaseResult => ({
    id: m.id,
    outcome,
    detail: detail.slice(0, 400),
    ...(mutation ? { mutation: mutation.slice(0, 300) } : {}),
    ms: Math.round(performance.now() - t0),
  });
  const rng = new Rng(m.seed);
  let mutation: string | undefined;
  try {
    const target = targetByName(m.target);
    const v = await target.run(rng, dir, m.extra);
    mutation = v.mutation;
    if (v.outside?.length) return done('outside', `opened ${v.outside.join(', ')}`, mutation);
    return v.ok ? done('ok', v.note ?? '', mutation) : done('silent', v.silent, mutation);
  } catch (e) {
    const err = e as Error & { code?: string; fuzzOutside?: string[]; fuzzMutation?: string };
    mutation = err.fuzzMutation ?? mutation;
    if (err.fuzzOutside) return done('outside', `opened ${err.fuzzOutside.join(', ')}`, mutation);
    // Thrown before or after the loader ran (guarded() tags what the loader throws): the suite's own bug.
    if (err.fuzzMutation === undefined)
      return done('harness', `the fuzz target itself failed: ${err?.stack ?? String(e)}`, mutation);
    const name = err?.name ?? typeof e;
    if (ACCEPTED.has(name) && err.message)
      return done(
        'refused',
        `${name}${err.code ? `(${err.code})` : ''}: ${err.message.split('\n')[0]}`,
        mutation,
      );
    return done(
      'raw',
      `${name}${err?.code ? ` ${err.code}` : ''}: ${err?.message}\n${err?.stack?.split('\n').slice(1, 4).join('\n') ?? ''}`,
      mutation,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.send!({ ready: true });
