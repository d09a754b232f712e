/**
 * Dataset folders (engine/data/folder.ts) with symbolic links, pipes, devices and folders where
 * images should be (issue 12 item 6: 34 raw ENOENT/ELOOP before). Every case ends in a counted skip
 * with a reason or a DataError sentence, and nothing outside the chosen folder is read: the targets
 * outside are valid images, so reading one would show up as an extra image or class.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadFolder } from '../../../src-main/engine/data/folder.js';
import { DataError } from '../../../src-main/engine/data/types.js';

const png = (v: number) => {
  const p = new PNG({ width: 4, height: 4 });
  p.data.fill(v);
  return PNG.sync.write(p);
};

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'ie-folder-safety-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

function folderError(dir: string): DataError {
  try {
    loadFolder(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('loadFolder succeeded but should have failed');
}

describe('dataset folder walk', () => {
  test('links inside are followed; links outside, dangling links, loops, FIFOs and devices are skipped with a reason', () => {
    const outside = join(base, 'outside');
    mkdirSync(join(outside, 'secret-class'), { recursive: true });
    writeFileSync(join(outside, 'secret.png'), png(200));
    writeFileSync(join(outside, 'secret-class', 's.png'), png(201));

    const d = join(base, 'data');
    for (const c of ['cat', 'dog']) mkdirSync(join(d, c), { recursive: true });
    writeFileSync(join(d, 'cat', '1.png'), png(10));
    writeFileSync(join(d, 'dog', '1.png'), png(20));
    symlinkSync(join(d, 'cat', '1.png'), join(d, 'dog', 'inside-link.png')); // inside: read
    symlinkSync('../cat', join(d, 'dog', 'subdir-link')); // a folder inside a class: ignored
    symlinkSync(join(outside, 'secret.png'), join(d, 'cat', 'leak.png'));
    symlinkSync('../../outside/secret.png', join(d, 'cat', 'leak-relative.png'));
    symlinkSync('/dev/zero', join(d, 'cat', 'zero.png'));
    symlinkSync(join(d, 'cat', 'gone.png'), join(d, 'cat', 'dangling.png'));
    symlinkSync(join(d, 'cat', 'loop-b.png'), join(d, 'cat', 'loop-a.png'));
    symlinkSync(join(d, 'cat', 'loop-a.png'), join(d, 'cat', 'loop-b.png'));
    execFileSync('mkfifo', [join(d, 'cat', 'pipe.png')]);
    mkdirSync(join(d, 'cat', 'folder.png')); // a sub-folder, ignored like any other
    symlinkSync(join(outside, 'secret-class'), join(d, 'secret-class')); // a class folder outside
    symlinkSync(join(base, 'nowhere'), join(d, 'ghost-class'));

    const r = loadFolder(d);
    expect(r.set.classNames).toEqual(['cat', 'dog']);
    expect(r.set.count).toBe(3); // cat/1, dog/1, dog/inside-link
    // Nothing of the outside images' value (200, 201) was read.
    expect(Array.from(r.set.pixels).filter((v) => v >= 200)).toEqual([]);
    expect(r.skipped.unreadable).toBe(7);
    const ex = r.skipped.examples;
    // Examples are capped at 5; the two class-folder links come first.
    expect(ex).toEqual([
      'ghost-class/: a symbolic link to nothing',
      'secret-class/: a symbolic link pointing outside the folder, not read',
      'cat/dangling.png: a symbolic link to nothing',
      'cat/leak-relative.png: a symbolic link pointing outside the folder, not read',
      'cat/leak.png: a symbolic link pointing outside the folder, not read',
    ]);
  });

  test('each kind of refusal has its sentence', () => {
    const d = join(base, 'kinds');
    for (const c of ['a', 'b']) mkdirSync(join(d, c), { recursive: true });
    writeFileSync(join(d, 'a', '1.png'), png(1));
    writeFileSync(join(d, 'b', '1.png'), png(2));
    symlinkSync(join(d, 'b', 'y.png'), join(d, 'b', 'x.png'));
    symlinkSync(join(d, 'b', 'x.png'), join(d, 'b', 'y.png'));
    execFileSync('mkfifo', [join(d, 'a', 'fifo.png')]);
    symlinkSync('/dev/null', join(d, 'a', 'null.png'));
    const r = loadFolder(d);
    expect(r.set.count).toBe(2);
    expect(r.skipped.examples).toEqual([
      'a/fifo.png: not a regular file (a pipe, device or socket), not read',
      'a/null.png: a symbolic link pointing outside the folder, not read',
      'b/x.png: a symbolic link: a symbolic link loop',
      'b/y.png: a symbolic link: a symbolic link loop',
    ]);
    expect(r.notes.join(' ')).toMatch(/4 unreadable images skipped/);
  });

  test('a root that is missing, a file, or a dangling link is a DataError sentence', () => {
    expect(folderError(join(base, 'missing')).message).toBe(
      `Cannot open the folder ${join(base, 'missing')}: it does not exist.`,
    );
    writeFileSync(join(base, 'file'), 'x');
    expect(folderError(join(base, 'file')).message).toMatch(/: it is not a folder\.$/);
    symlinkSync(join(base, 'missing'), join(base, 'dangling-root'));
    expect(folderError(join(base, 'dangling-root')).params).toMatchObject({ kind: 'cannotOpen' });
  });

  test('a root whose classes all point outside has no classes', () => {
    const d = join(base, 'all-out');
    mkdirSync(d);
    mkdirSync(join(base, 'elsewhere', 'c'), { recursive: true });
    writeFileSync(join(base, 'elsewhere', 'c', '1.png'), png(3));
    symlinkSync(join(base, 'elsewhere', 'c'), join(d, 'c'));
    expect(folderError(d).params).toMatchObject({ kind: 'noClasses' });
  });

  test('an unreadable image or class folder is skipped (as root, permissions do not apply and both load)', () => {
    const d = join(base, 'perm');
    for (const c of ['a', 'b', 'c']) mkdirSync(join(d, c), { recursive: true });
    writeFileSync(join(d, 'a', '1.png'), png(1));
    writeFileSync(join(d, 'a', '2.png'), png(1), { mode: 0o000 });
    writeFileSync(join(d, 'b', '1.png'), png(2));
    writeFileSync(join(d, 'c', '1.png'), png(3));
    execFileSync('chmod', ['000', join(d, 'c')]);
    try {
      const r = loadFolder(d);
      if (process.getuid?.() === 0) {
        expect(r.set.count).toBe(4);
      } else {
        expect(r.set.count).toBe(2);
        expect(r.skipped.examples).toEqual(['a/2.png: permission denied', 'c/: permission denied']);
      }
    } finally {
      execFileSync('chmod', ['755', join(d, 'c')]);
    }
  });
});
