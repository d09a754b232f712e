/**
 * weights.upload: files the user picked or dropped in the renderer, written to a temporary folder
 * so weights.load can read them by path (a model.json finds its shards beside it). Web mode has no
 * file paths, and a weights file is too big to pass around as anything but binary. Only the last
 * upload is kept; the folder goes when the engine exits.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProtocolError, type WeightsUploadResult } from '../../protocol.js';
import { record } from '../params.js';
import type { Handlers } from '../registry.js';

const NAME = /^[A-Za-z0-9._-][A-Za-z0-9 ._()+-]{0,200}$/;
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

export function uploadHandlers(root = tmpdir()): Handlers<'weights.upload'> {
  let last: string | undefined;
  const cleanup = () => {
    if (last) rmSync(last, { recursive: true, force: true });
    last = undefined;
  };
  process.once('exit', cleanup);
  return {
    'weights.upload': (raw) => {
      const m = 'weights.upload';
      const p = record(raw, m);
      const files = p.files;
      if (!Array.isArray(files) || files.length === 0 || files.length > 256) {
        throw new ProtocolError('bad_request', `${m}: files must be a list of 1 to 256 {name, data}.`);
      }
      const items = files.map((f: unknown, i) => {
        const r = record(f, m);
        const name = r.name;
        if (typeof name !== 'string' || !NAME.test(name) || name.includes('..')) {
          throw new ProtocolError(
            'bad_request',
            `${m}: file ${i + 1} has no usable name (${JSON.stringify(name)}): plain file names only.`,
          );
        }
        const d = r.data;
        const bytes =
          d instanceof ArrayBuffer
            ? new Uint8Array(d)
            : ArrayBuffer.isView(d)
              ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
              : undefined;
        if (!bytes) throw new ProtocolError('bad_request', `${m}: ${name} has no binary data.`);
        return { name, bytes };
      });
      const names = items.map((x) => x.name);
      if (new Set(names).size !== names.length)
        throw new ProtocolError('bad_request', `${m}: two files have the same name.`);
      const main = mainFile(names);
      if (!main) {
        throw new ProtocolError(
          'bad_request',
          `Cannot tell which file to open among ${names.join(', ')}: give one .h5 or .safetensors file, or one model.json with its shards.`,
        );
      }
      cleanup();
      const dir = mkdtempSync(join(root, 'inception-weights-'));
      last = dir;
      let bytes = 0;
      for (const f of items) {
        writeFileSync(join(dir, f.name), f.bytes);
        bytes += f.bytes.byteLength;
      }
      const result: WeightsUploadResult = { path: join(dir, main), files: items.length, bytes };
      return result;
    },
  };
}
