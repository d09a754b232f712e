import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileAccessError, readRegularFile, resolveInside } from '../../../src-main/engine/fs/safe-file.js';

let root: string;
let outsideFile: string;
beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'safe-file-'));
  root = join(base, 'model');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'sub', 'a.bin'), Buffer.alloc(16, 1));
  outsideFile = join(base, 'secret.txt');
  writeFileSync(outsideFile, 'secret');
  symlinkSync(outsideFile, join(root, 'link-out.bin'));
  symlinkSync(join(root, 'sub', 'a.bin'), join(root, 'link-in.bin'));
  symlinkSync(base, join(root, 'dir-out'));
  execFileSync('mkfifo', [join(root, 'fifo.bin')]);
});

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(FileAccessError);
    return (e as FileAccessError).code;
  }
};

describe('resolveInside', () => {
  it('accepts names inside the folder, also through links that stay inside', async () => {
    expect(await resolveInside(root, 'sub/a.bin')).toMatch(/model\/sub\/a\.bin$/);
    expect(await resolveInside(root, 'link-in.bin')).toMatch(/model\/sub\/a\.bin$/);
    expect(await resolveInside(root, 'not-yet/new.bin')).toMatch(/model\/not-yet\/new\.bin$/);
  });
  it.each(['../secret.txt', 'sub/../../secret.txt', '/etc/passwd', 'a\\..\\b', 'x\0y', '', 'C:/x'])(
    'refuses %j',
    async (name) => {
      expect(await code(resolveInside(root, name))).toBe('outside');
    },
  );
  it('refuses links that leave the folder, and does not name the target in the message', async () => {
    expect(await code(resolveInside(root, 'link-out.bin'))).toBe('outside');
    expect(await code(resolveInside(root, 'dir-out/secret.txt'))).toBe('outside');
    await resolveInside(root, 'link-out.bin').catch((e: Error) =>
      expect(e.message).not.toContain('secret.txt'),
    );
  });
  it('does not percent-decode: %2e%2e%2f is a literal file name', async () => {
    expect(await resolveInside(root, '%2e%2e%2fsecret.txt')).toMatch(/model\/%2e%2e%2fsecret\.txt$/);
  });
});

describe('readRegularFile', () => {
  it('reads a regular file', async () => {
    expect((await readRegularFile(join(root, 'sub', 'a.bin'), { maxBytes: 16 })).length).toBe(16);
  });
  it('refuses a FIFO without blocking, devices, folders and files over the limit', async () => {
    expect(await code(readRegularFile(join(root, 'fifo.bin'), { maxBytes: 16 }))).toBe('not_regular');
    expect(await code(readRegularFile('/dev/zero', { maxBytes: 16 }))).toBe('not_regular');
    expect(await code(readRegularFile(join(root, 'sub'), { maxBytes: 16 }))).toBe('not_regular');
    expect(await code(readRegularFile(join(root, 'sub', 'a.bin'), { maxBytes: 15 }))).toBe('too_large');
    expect(await code(readRegularFile(join(root, 'missing.bin'), { maxBytes: 15 }))).toBe('not_found');
  });
});
