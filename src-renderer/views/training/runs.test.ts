import { describe, expect, it } from 'vitest';
import {
  EMPTY_PREFS,
  loadPrefs,
  parsePrefs,
  recoloured,
  removed,
  renamed,
  savePrefs,
  STORAGE_KEY,
} from './run-prefs';
import type { RunMeta } from '../../../src-main/shared/protocol/index';
import { earlierRuns } from './series';

describe('runs from earlier sessions are not ticked into a new comparison', () => {
  const runs: { id: string; groupId: string; createdAt: number; status: RunMeta['status'] }[] = [
    { id: 'old-a', groupId: 'g1', createdAt: 1, status: 'done' },
    { id: 'old-b', groupId: 'g1', createdAt: 1, status: 'interrupted' },
    { id: 'cli', groupId: 'g0', createdAt: 0, status: 'running' },
    { id: 'new-a', groupId: 'g2', createdAt: 5, status: 'done' },
    { id: 'new-b', groupId: 'g2', createdAt: 5, status: 'done' },
  ];
  it('on load only the newest group (and anything still training) is ticked', () => {
    expect([...earlierRuns(runs)].sort()).toEqual(['old-a', 'old-b']);
  });
  it('a new group unticks every earlier run, running or not', () => {
    const withNew = [...runs, { id: 'n3', groupId: 'g3', createdAt: 9, status: 'running' as const }];
    expect([...earlierRuns(withNew, 'g3')].sort()).toEqual(['cli', 'new-a', 'new-b', 'old-a', 'old-b']);
  });
});

describe('run names, colours and removals kept in the browser', () => {
  it('rename, recolour and remove, and back through storage', () => {
    let p = renamed(EMPTY_PREFS, 'r1', '  baseline  ', 'Inception-v3');
    p = recoloured(p, 'r1', '#FF0000');
    p = recoloured(p, 'r1', 'red; background:url(x)'); // not a colour: ignored
    p = removed(removed(p, 'r2'), 'r2');
    expect(p).toEqual({ names: { r1: 'baseline' }, colours: { r1: '#ff0000' }, removed: ['r2'] });
    expect(renamed(p, 'r1', 'Inception-v3', 'Inception-v3').names).toEqual({});
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
    savePrefs(storage, p);
    expect(store.has(STORAGE_KEY)).toBe(true);
    expect(loadPrefs(storage)).toEqual(p);
  });
  it('malformed storage is dropped, not trusted', () => {
    expect(parsePrefs('{not json')).toEqual(EMPTY_PREFS);
    expect(
      parsePrefs(JSON.stringify({ names: { a: 3, b: 'ok' }, colours: { a: 'javascript:' }, removed: 'x' })),
    ).toEqual({
      names: { b: 'ok' },
      colours: {},
      removed: [],
    });
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadPrefs(throwing)).toEqual(EMPTY_PREFS);
  });
});
