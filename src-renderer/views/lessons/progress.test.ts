import { describe, expect, it } from 'vitest';
import { emptyProgress, finish, parseProgress, visit } from './progress.js';
import { nextPosition, previousPosition } from './registry.js';

describe('lesson progress', () => {
  it('remembers the last position; only going on from the last step finishes a lesson', () => {
    let p = emptyProgress();
    p = visit(p, 7, 1);
    expect(p).toEqual({ last: { n: 7, step: 1 }, finished: [] });
    p = visit(p, 7, 2);
    expect(p.finished).toEqual([]);
    p = finish(visit(p, 2, 2), 2);
    p = finish(p, 7);
    expect(p).toEqual({ last: { n: 2, step: 2 }, finished: [2, 7] });
    expect(finish(p, 7).finished).toEqual([2, 7]);
  });
  it('survives a round trip and ignores garbage', () => {
    const p = { last: { n: 3, step: 2 }, finished: [1, 2] };
    expect(parseProgress(JSON.stringify(p))).toEqual(p);
    expect(parseProgress('{not json')).toEqual({ finished: [] });
    expect(parseProgress('{"finished":["x",4],"last":{"n":"a"}}')).toEqual({ finished: [4] });
  });
});

describe('next and previous', () => {
  // Lesson 1 has 3 steps, lesson 2 has 2, lesson 13 has 3 (registry).
  it('moves inside a lesson, then across lessons', () => {
    expect(nextPosition(1, 1)).toEqual({ n: 1, step: 2 });
    expect(nextPosition(1, 3)).toEqual({ n: 2, step: 1 });
    expect(previousPosition(2, 1)).toEqual({ n: 1, step: 3 });
    expect(previousPosition(1, 2)).toEqual({ n: 1, step: 1 });
  });
  it('stops at both ends', () => {
    expect(previousPosition(1, 1)).toBeUndefined();
    expect(nextPosition(13, 3)).toBeUndefined();
  });
});

describe('presenter keys', async () => {
  const { presenterAction } = await import('./presenterKeys.js');
  it('maps clicker and keyboard keys', () => {
    expect(presenterAction('PageDown')).toBe('next');
    expect(presenterAction('PageUp')).toBe('previous');
    expect(presenterAction('ArrowRight')).toBe('next');
    expect(presenterAction('ArrowLeft')).toBe('previous');
    expect(presenterAction(' ')).toBe('next');
    expect(presenterAction(' ', true)).toBe('previous');
    expect(presenterAction('l')).toBe('laser');
    expect(presenterAction('Escape')).toBe('exit');
    expect(presenterAction('x')).toBeUndefined();
  });
});
