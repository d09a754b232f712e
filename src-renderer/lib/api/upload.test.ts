import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { uploadHandlers } from '../../../src-main/host/handlers/upload.js';
import type { WeightsUploadParams } from '../../../src-main/shared/protocol/index.js';
import { uploadWeightsFiles, type UploadFile } from './upload.js';

const root = mkdtempSync(join(tmpdir(), 'upload-chunks-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const file = (name: string, bytes: Uint8Array): UploadFile => ({
  name,
  size: bytes.byteLength,
  slice: (a, b) => ({ arrayBuffer: async () => bytes.slice(a, b).buffer }),
  arrayBuffer: async () => bytes.slice().buffer,
});

/** The real engine handler behind a stand-in api, recording each call's params. */
function engine() {
  const h = uploadHandlers(root);
  const calls: WeightsUploadParams[] = [];
  const ctx = { id: 1, signal: new AbortController().signal, emit: () => {} };
  const api = {
    request: (async (_m: string, p: WeightsUploadParams) => {
      calls.push(p);
      return h['weights.upload'](p, ctx);
    }) as never,
  };
  return { api, calls };
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

describe('uploading weights from the page', () => {
  it('sends a small set in one call', async () => {
    const { api, calls } = engine();
    const r = await uploadWeightsFiles(api, [file('w.safetensors', bytes(10, 1))]);
    expect(calls).toHaveLength(1);
    expect(r).toMatchObject({ files: 1, bytes: 10, complete: true });
    expect([...readFileSync(r.path)]).toEqual([...bytes(10, 1)]);
  });

  it('sends a big set as a manifest and ordered chunks, and the engine rebuilds every file', async () => {
    const { api, calls } = engine();
    const json = new TextEncoder().encode('{"modelTopology":{}}');
    const shard1 = bytes(2500, 2);
    const shard2 = bytes(1001, 3);
    const progress: number[] = [];
    const r = await uploadWeightsFiles(
      api,
      [file('model.json', json), file('group1-shard1of2.bin', shard1), file('group1-shard2of2.bin', shard2)],
      { wholeMax: 100, chunkBytes: 1000, onProgress: (d) => progress.push(d) },
    );
    expect(calls[0]).toEqual({
      manifest: [
        { name: 'model.json', size: json.length },
        { name: 'group1-shard1of2.bin', size: 2500 },
        { name: 'group1-shard2of2.bin', size: 1001 },
      ],
    });
    // 1 chunk of model.json, 3 of shard 1, 2 of shard 2; none larger than the chunk size.
    expect(calls.slice(1).map((c) => [c.chunk!.name, c.chunk!.offset, c.chunk!.data.byteLength])).toEqual([
      ['model.json', 0, json.length],
      ['group1-shard1of2.bin', 0, 1000],
      ['group1-shard1of2.bin', 1000, 1000],
      ['group1-shard1of2.bin', 2000, 500],
      ['group1-shard2of2.bin', 0, 1000],
      ['group1-shard2of2.bin', 1000, 1],
    ]);
    expect(progress[progress.length - 1]).toBe(json.length + 3501);
    expect(r).toMatchObject({ files: 3, bytes: json.length + 3501, complete: true });
    expect(r.path.endsWith('model.json')).toBe(true);
    const dir = dirname(r.path);
    expect([...readFileSync(join(dir, 'group1-shard1of2.bin'))]).toEqual([...shard1]);
    expect([...readFileSync(join(dir, 'group1-shard2of2.bin'))]).toEqual([...shard2]);
  });

  it('the engine refuses chunks out of order, past the announced size, or for another upload', async () => {
    const { api } = engine();
    const call = (p: WeightsUploadParams) =>
      (
        api.request as unknown as (
          m: string,
          p: WeightsUploadParams,
        ) => Promise<{ upload?: string; complete: boolean }>
      )('weights.upload', p);
    const first = await call({ manifest: [{ name: 'w.h5', size: 4 }] });
    expect(first.complete).toBe(false);
    const data = new Uint8Array([1, 2]).buffer;
    await expect(
      call({ upload: first.upload, chunk: { name: 'w.h5', offset: 2, data } }),
    ).rejects.toMatchObject({
      code: 'bad_request',
    });
    await expect(call({ upload: 'nope', chunk: { name: 'w.h5', offset: 0, data } })).rejects.toThrow(
      /no longer open/,
    );
    await expect(call({ upload: first.upload, chunk: { name: 'x.h5', offset: 0, data } })).rejects.toThrow(
      /not in this upload/,
    );
    await call({ upload: first.upload, chunk: { name: 'w.h5', offset: 0, data } });
    const last = await call({ upload: first.upload, chunk: { name: 'w.h5', offset: 2, data } });
    expect(last.complete).toBe(true);
    await expect(
      call({ upload: first.upload, chunk: { name: 'w.h5', offset: 4, data } }),
    ).rejects.toMatchObject({
      code: 'bad_request',
    });
    await expect(call({ manifest: [{ name: '../x.h5', size: 1 }] })).rejects.toMatchObject({
      code: 'bad_request',
    });
    await expect(call({ manifest: [{ name: 'x.h5', size: 5 * 1024 ** 3 }] })).rejects.toMatchObject({
      code: 'too_large',
    });
  });
});
