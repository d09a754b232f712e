import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mainFile, uploadHandlers } from '../../../src-main/host/handlers/upload.js';

const root = mkdtempSync(join(tmpdir(), 'upload-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const h = uploadHandlers(root);
const ctx = { id: 1, signal: new AbortController().signal, emit: () => {} };
const buf = (...b: number[]) => Uint8Array.from(b).buffer;

describe('weights.upload', () => {
  it('picks the model.json of a TF.js set, the only file, or the only weights file', () => {
    expect(mainFile(['model.json', 'group1-shard1of2.bin', 'group1-shard2of2.bin'])).toBe('model.json');
    expect(mainFile(['w.safetensors'])).toBe('w.safetensors');
    expect(mainFile(['notes.txt', 'inception_v3.h5'])).toBe('inception_v3.h5');
    expect(mainFile(['a.json', 'b.json'])).toBeUndefined();
    expect(mainFile(['a.h5', 'b.safetensors'])).toBeUndefined();
  });

  it('writes the files side by side and returns the main file, keeping only the last upload', async () => {
    const r = await h['weights.upload'](
      {
        files: [
          { name: 'model.json', data: buf(123, 125) },
          { name: 'group1-shard1of1.bin', data: buf(1, 2, 3) },
        ],
      },
      ctx,
    );
    expect(basename(r.path)).toBe('model.json');
    expect([r.files, r.bytes]).toEqual([2, 5]);
    expect(readFileSync(r.path, 'utf8')).toBe('{}');
    expect([...readFileSync(join(dirname(r.path), 'group1-shard1of1.bin'))]).toEqual([1, 2, 3]);
    const r2 = await h['weights.upload']({ files: [{ name: 'w.safetensors', data: buf(9) }] }, ctx);
    expect(existsSync(r.path)).toBe(false);
    expect(existsSync(r2.path)).toBe(true);
  });

  it('refuses paths, duplicate names and ambiguous sets', async () => {
    const up = (files: { name: string; data: ArrayBuffer }[]) =>
      Promise.resolve().then(() => h['weights.upload']({ files }, ctx));
    await expect(up([{ name: '../evil.h5', data: buf(1) }])).rejects.toMatchObject({ code: 'bad_request' });
    await expect(up([{ name: 'a/b.h5', data: buf(1) }])).rejects.toMatchObject({ code: 'bad_request' });
    await expect(
      up([
        { name: 'x.h5', data: buf(1) },
        { name: 'x.h5', data: buf(2) },
      ]),
    ).rejects.toThrow(/same name/);
    await expect(
      up([
        { name: 'a.h5', data: buf(1) },
        { name: 'b.h5', data: buf(2) },
      ]),
    ).rejects.toThrow(/Cannot tell which file/);
    await expect(up([])).rejects.toMatchObject({ code: 'bad_request' });
  });
});
