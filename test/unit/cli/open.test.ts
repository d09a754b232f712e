import { describe, expect, it } from 'vitest';
import { planOpen, targetUrl } from '../../../src-main/cli/commands/open-target.js';
import { buildProgram } from '../../../src-main/cli/program.js';

describe('inception-explorer open', () => {
  it('plans a bare hash: no running app, canonical hash', () => {
    const p = planOpen('#/lessons?step=2&lesson=7');
    expect(p.state).toEqual({ view: 'lessons', lesson: 7, step: 2 });
    expect(p.hash).toBe('#/lessons?lesson=7&step=2');
    expect(p.running).toBeUndefined();
  });
  it('recognises a copied web-mode address as a running app', () => {
    const p = planOpen('http://127.0.0.1:43117/?token=abc#/browse?network=googlenet&module=inception4a');
    expect(p.running).toBe('http://127.0.0.1:43117/?token=abc');
    expect(targetUrl(p.running!, p.state)).toBe(
      'http://127.0.0.1:43117/?token=abc#/browse?network=googlenet&module=inception4a',
    );
  });
  it('does not treat a remote or token-less address as the running app', () => {
    expect(planOpen('http://example.org/?token=x#/browse').running).toBeUndefined();
    expect(planOpen('http://127.0.0.1:1/#/browse').running).toBeUndefined();
  });
  it('rejects a bad link with a clear message', () => {
    expect(() => planOpen('#/lessons?lesson=99')).toThrow(/between 1 and 13/);
  });
  it('is registered and --print prints the canonical state', async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: string) => lines.push(s);
    try {
      await buildProgram().parseAsync([
        'node',
        'x',
        'open',
        '--print',
        'inception-explorer://lessons?lesson=8&step=1',
      ]);
    } finally {
      console.log = log;
    }
    expect(JSON.parse(lines.join('\n'))).toEqual({
      state: { view: 'lessons', lesson: 8, step: 1 },
      hash: '#/lessons?lesson=8&step=1',
    });
  });
});
