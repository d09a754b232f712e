// The run display file (issue #14.10): written by writeDisplay beside a run that RunStore wrote.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DisplayError, readDisplay, writeDisplay } from '../../../src-main/engine/train/display.js';
import { formatRunList } from '../../../src-main/cli/commands/train.js';
import type { RunMeta } from '../../../src-main/engine/train/types.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A runs folder with one run folder holding a run.json (what RunStore.create leaves). */
function runsFolder(id = 'r1'): string {
  const root = mkdtempSync(join(tmpdir(), 'ie-display-'));
  roots.push(root);
  const dir = join(root, id);
  mkdirSync(dir);
  writeFileSync(join(dir, 'run.json'), '{}\n');
  return root;
}

function refusal(f: () => unknown): DisplayError {
  try {
    f();
  } catch (e) {
    if (e instanceof DisplayError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('run display settings', () => {
  it('stores a name, a colour and hidden beside the run, and clears each back', () => {
    const root = runsFolder();
    expect(readDisplay(join(root, 'r1'))).toEqual({});
    expect(writeDisplay(root, 'r1', { name: '  baseline ', colour: '#FF0000' })).toEqual({
      name: 'baseline',
      colour: '#ff0000',
    });
    expect(writeDisplay(root, 'r1', { hidden: true })).toEqual({
      name: 'baseline',
      colour: '#ff0000',
      hidden: true,
    });
    expect(JSON.parse(readFileSync(join(root, 'r1', 'display.json'), 'utf8'))).toEqual({
      name: 'baseline',
      colour: '#ff0000',
      hidden: true,
    });
    expect(writeDisplay(root, 'r1', { name: '', colour: '', hidden: false })).toEqual({});
    expect(existsSync(join(root, 'r1', 'display.json.tmp'))).toBe(false);
  });

  it('refuses runs that are not there, paths out of the folder, bad colours and long names', () => {
    const root = runsFolder();
    expect(refusal(() => writeDisplay(root, 'nope', { name: 'x' })).code).toBe('not_found');
    expect(refusal(() => writeDisplay(root, '..', { name: 'x' })).code).toBe('not_found');
    expect(refusal(() => writeDisplay(root, '../r1', { name: 'x' })).code).toBe('not_found');
    expect(refusal(() => writeDisplay(root, 'r1', { colour: 'red' })).code).toBe('bad_request');
    expect(refusal(() => writeDisplay(root, 'r1', { name: 'x'.repeat(201) })).code).toBe('bad_request');
  });

  it('a damaged file reads as no settings', () => {
    const root = runsFolder();
    writeFileSync(join(root, 'r1', 'display.json'), '{"name": 4, "colour": "#12345"');
    expect(readDisplay(join(root, 'r1'))).toEqual({});
  });

  it('`train --list` prints the name given in the app', () => {
    const root = runsFolder();
    writeDisplay(root, 'r1', { name: 'my run', hidden: true });
    const meta = { id: 'r1', name: 'Inception-v3', status: 'done', lastStep: 9, steps: 10 } as RunMeta;
    const [line] = formatRunList([meta], root);
    expect(line).toContain('my run (hidden in the app)');
    expect(line).not.toContain('Inception-v3');
  });
});
