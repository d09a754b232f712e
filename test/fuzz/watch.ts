/**
 * Which files a loader opens while a fuzz case runs. The child (child.ts) wraps node:fs's reading
 * functions before the loaders are imported; `watched` turns the recording on around one loader call
 * and afterwards lists every opened path whose real location is outside the case's folder (the
 * "nothing outside is read" check). Module loading (node_modules) is not a read of user data.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

interface Recorder {
  opened: string[] | null;
}
const rec = ((globalThis as { __fuzzRecorder?: Recorder }).__fuzzRecorder ??= { opened: null });

export const recorder = rec;

const repoModules = resolve(new URL('../../node_modules', import.meta.url).pathname);

const inside = (root: string, p: string) => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

/** Runs `f` recording opens; returns its result and the paths opened outside `scope`. */
export async function watched<T>(
  scope: string,
  f: () => Promise<T> | T,
): Promise<{ value: T; outside: string[] }> {
  rec.opened = [];
  try {
    const value = await f();
    return { value, outside: outsideOf(scope) };
  } catch (e) {
    const outside = outsideOf(scope);
    if (outside.length) throw Object.assign(new Error('read outside'), { fuzzOutside: outside, cause: e });
    throw e;
  } finally {
    rec.opened = null;
  }
}

function outsideOf(scope: string): string[] {
  const root = real(scope);
  return [...new Set(rec.opened ?? [])]
    .map((p) => real(p))
    .filter((p) => !inside(root, p) && !inside(repoModules, p));
}
