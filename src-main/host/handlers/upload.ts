/**
 * weights.upload: files the user picked or dropped in the renderer, written to a temporary folder
 * so weights.load can read them by path (a model.json finds its shards beside it). Web mode has no
 * file paths, and a weights file is too big to pass around as anything but binary. Only the last
 * upload is kept; the folder goes when the engine exits. Big sets come in chunks (protocol/activations.ts):
 * a manifest first, then each file's bytes in order, so no single message has to hold a whole file.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ProtocolError,
  type WeightsUploadParams,
  type WeightsUploadResult,
} from '../../shared/protocol/index.js';
import { paramsOf } from '../params.js';
import type { Handlers } from '../registry.js';

const NAME = /^[A-Za-z0-9._-][A-Za-z0-9 ._()+-]{0,200}$/;
/** The largest set a chunked upload may announce (the biggest published Inception weights are ~230 MB). */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
const MAIN = /\.(json|h5|hdf5|keras|safetensors)$/i;

/** The file weights.load should open: the model.json of a TF.js set, else the only file, else the only weights-like file. */
export function mainFile(names: string[]): string | undefined {
  const json = names.filter((n) => /\.json$/i.test(n));
  if (json.length === 1) return json[0];
  if (json.length > 1) return undefined;
  if (names.length === 1) return names[0];
  const main = names.filter((n) => MAIN.test(n));
  return main.length === 1 ? main[0] : undefined;
}

function fileName(name: unknown, i: number, m: string): string {
  if (typeof name !== 'string' || !NAME.test(name) || name.includes('..')) {
    throw new ProtocolError(
      'bad_request',
      `${m}: file ${i + 1} has no usable name (${JSON.stringify(name)}): plain file names only.`,
    );
  }
  return name;
}

function binary(d: unknown): Uint8Array | undefined {
  return d instanceof ArrayBuffer
    ? new Uint8Array(d)
    : ArrayBuffer.isView(d)
      ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
      : undefined;
}

function pickMain(names: string[], m: string): string {
  if (new Set(names).size !== names.length)
    throw new ProtocolError('bad_request', `${m}: two files have the same name.`);
  const main = mainFile(names);
  if (!main) {
    throw new ProtocolError(
      'bad_request',
      `Cannot tell which file to open among ${names.join(', ')}: give one .h5 or .safetensors file, or one model.json with its shards.`,
    );
  }
  return main;
}

/** A chunked upload under way: each file's announced size and the bytes written so far. */
interface Pending {
  id: string;
  dir: string;
  main: string;
  sizes: Map<string, number>;
  received: Map<string, number>;
}

export function uploadHandlers(root = tmpdir()): Handlers<'weights.upload'> {
  let last: string | undefined;
  let pending: Pending | undefined;
  const cleanup = () => {
    if (last) rmSync(last, { recursive: true, force: true });
    last = undefined;
    pending = undefined;
  };
  process.once('exit', cleanup);
  const newDir = () => {
    cleanup();
    const dir = mkdtempSync(join(root, 'inception-weights-'));
    last = dir;
    return dir;
  };
  const total = (p: Pending) => [...p.received.values()].reduce((a, b) => a + b, 0);
  const state = (p: Pending): WeightsUploadResult => {
    const complete = [...p.sizes].every(([n, size]) => p.received.get(n) === size);
    return { path: join(p.dir, p.main), files: p.sizes.size, bytes: total(p), upload: p.id, complete };
  };

  /** First call of a chunked upload: names and sizes, no data; every file is created empty. */
  // The params schema has checked the shapes (1 to 256 files, sizes, binary data); names are checked here.
  const start = (manifest: NonNullable<WeightsUploadParams['manifest']>, m: string): WeightsUploadResult => {
    const items = manifest.map((f, i) => ({ name: fileName(f.name, i, m), size: f.size }));
    const sum = items.reduce((a, f) => a + f.size, 0);
    if (sum > MAX_UPLOAD_BYTES)
      throw new ProtocolError(
        'too_large',
        `${m}: ${sum} bytes is more than an upload may hold (${MAX_UPLOAD_BYTES}).`,
      );
    const main = pickMain(
      items.map((f) => f.name),
      m,
    );
    const dir = newDir();
    for (const f of items) writeFileSync(join(dir, f.name), new Uint8Array(0));
    pending = {
      id: randomBytes(8).toString('hex'),
      dir,
      main,
      sizes: new Map(items.map((f) => [f.name, f.size])),
      received: new Map(items.map((f) => [f.name, 0])),
    };
    return state(pending);
  };

  /** One chunk of one file, at the offset where the previous one ended. */
  const append = (
    id: string | undefined,
    c: NonNullable<WeightsUploadParams['chunk']>,
    m: string,
  ): WeightsUploadResult => {
    if (!pending || id !== pending.id)
      throw new ProtocolError(
        'bad_request',
        `${m}: this upload is no longer open (another one replaced it); upload the files again.`,
      );
    const name = fileName(c.name, 0, m);
    const size = pending.sizes.get(name);
    if (size === undefined) throw new ProtocolError('bad_request', `${m}: ${name} is not in this upload.`);
    const bytes = binary(c.data)!;
    const at = pending.received.get(name)!;
    if (c.offset !== at || at + bytes.byteLength > size)
      throw new ProtocolError(
        'bad_request',
        `${m}: the chunk of ${name} at byte ${String(c.offset)} does not continue it (expected byte ${at} of ${size}).`,
      );
    const fd = openSync(join(pending.dir, name), 'r+');
    try {
      writeSync(fd, bytes, 0, bytes.byteLength, at);
    } finally {
      closeSync(fd);
    }
    pending.received.set(name, at + bytes.byteLength);
    return state(pending);
  };

  return {
    'weights.upload': (raw) => {
      const m = 'weights.upload';
      const p = paramsOf(m, raw);
      if (p.manifest !== undefined) return start(p.manifest, m);
      if (p.chunk !== undefined) return append(p.upload, p.chunk, m);
      if (p.files === undefined)
        throw new ProtocolError('bad_request', `${m}: files must be a list of 1 to 256 {name, data}.`);
      const items = p.files.map((f, i) => ({ name: fileName(f.name, i, m), bytes: binary(f.data)! }));
      const main = pickMain(
        items.map((x) => x.name),
        m,
      );
      const dir = newDir();
      let bytes = 0;
      for (const f of items) {
        writeFileSync(join(dir, f.name), f.bytes);
        bytes += f.bytes.byteLength;
      }
      const result: WeightsUploadResult = {
        path: join(dir, main),
        files: items.length,
        bytes,
        complete: true,
      };
      return result;
    },
  };
}
