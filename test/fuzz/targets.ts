/**
 * What the fuzz suite mutates and how each case is judged. A target takes a case's Rng and its own
 * empty folder, writes the mutated input there (from a REAL fixture: files written by Keras/h5py,
 * tfjs, safetensors, torch.save, TensorFlow's summary writer, PIL/libwebp), calls the app's loader on
 * it, and checks what came back:
 *   - a load must be correct: weights finite with BN variances ≥ 0 and the spec's shapes (checked here
 *     independently of engine/weights/integrity.ts), a safetensors header the reference rules accept,
 *     images and curves internally consistent, dataset folders holding only what was inside;
 *   - a refusal must be one of the app's own error types (ACCEPTED).
 * Runs inside test/fuzz/child.ts; the parent (harness.ts) bounds time and memory.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../../src-main/analysis/analyse.js';
import type { Analysis } from '../../src-main/shared/analysis-types.js';
import { loadFolder } from '../../src-main/engine/data/folder.js';
import { importCurves } from '../../src-main/engine/curves/import.js';
import { maskedCrc32c } from '../../src-main/engine/curves/crc32c.js';
import { decodeInThread } from '../../src-main/engine/image/decode.js';
import { checkWeights, expectedWeights, type WeightMap } from '../../src-main/engine/onnx/weights.js';
import { loadWeightsFile } from '../../src-main/engine/weights/load.js';
import { buildNetwork } from '../../src-main/zoo/index.js';
import type { NetworkId } from '../../src-main/shared/spec.js';
import { fixPngCrcs, int, mutateBytesN, mutateJson, pick, type Rng } from './mutate.js';
import { watched } from './watch.js';

const repo = new URL('../../', import.meta.url).pathname;
const W = join(repo, 'test/fixtures/weights');
const F = join(repo, 'test/fuzz/fixtures');

/** The app's own error types: a refusal with one of these (and a message) is a correct outcome. */
export const ACCEPTED = new Set([
  'WeightsError',
  'DataError',
  'CurveImportError',
  'ImageError',
  'FileAccessError',
  'ProtocolError',
  'OnnxModelError',
]);

export type Verdict = { ok: true; note?: string } | { ok: false; silent: string };

export type Judged = Verdict & { mutation: string; outside?: string[] };

export interface Target {
  name: string;
  /** Writes the mutated input into `dir` and runs the loader; returns the judged load. Throws = refusal. */
  run(r: Rng, dir: string, extra: Record<string, string>): Promise<Judged>;
}

/**
 * Runs the loader recording what it opens (outside `scope` is a failure), and tags a thrown error with
 * the mutation so the report can say what the case did.
 */
async function guarded<T>(scope: string, mutation: string, f: () => Promise<T> | T) {
  try {
    return await watched(scope, f);
  } catch (e) {
    if (e instanceof Error) throw Object.assign(e, { fuzzMutation: mutation });
    throw Object.assign(new Error(`threw a non-Error: ${String(e)}`), {
      name: 'NonError',
      fuzzMutation: mutation,
    });
  }
}

const analyses = new Map<string, Analysis>();
function reduced(id: NetworkId): Analysis {
  let a = analyses.get(id);
  if (!a) {
    a = analyse(buildNetwork(id, { flavour: 'released', width: 1 / 32, input: 75, classes: 10 }));
    analyses.set(id, a);
  }
  return a;
}

/** The oracle for a weights load, independent of the integrity pass under test. */
function judgeWeights(a: Analysis, w: WeightMap): Verdict {
  const shapes = checkWeights(a, w, true);
  if (shapes.length) return { ok: false, silent: `loaded with wrong shapes: ${shapes[0]}` };
  for (const n of a.nodes) {
    if (!expectedWeights(n).kernel) continue;
    for (const [kind, t] of Object.entries(w[n.id] ?? {})) {
      if (!(t.data instanceof Float32Array)) return { ok: false, silent: `${n.id}/${kind} is not float32` };
      for (let i = 0; i < t.data.length; i++) {
        const v = t.data[i]!;
        if (!Number.isFinite(v)) return { ok: false, silent: `${n.id}/${kind}[${i}] = ${v}` };
        if (kind === 'movingVariance' && v < 0)
          return { ok: false, silent: `${n.id}/${kind}[${i}] = ${v} (negative variance)` };
      }
    }
  }
  return { ok: true };
}

const SAFETENSORS_BYTES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
  U16: 2,
  U32: 4,
  U64: 8,
  F8_E4M3: 1,
  F8_E5M2: 1,
};

/**
 * The reference reader's rules (huggingface/safetensors, safetensors/src/tensor.rs, Metadata::validate
 * and SafeTensors::read_metadata): header ≤ 100 MB of JSON starting with '{', no duplicate keys,
 * entries whose byte ranges, sorted, start at 0, follow each other without gap or overlap, each
 * exactly dtype size × elements, and end exactly at the end of the file.
 */
export function safetensorsProblem(b: Uint8Array): string | null {
  if (b.length < 8) return 'shorter than 8 bytes';
  const n = Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));
  if (n > 100_000_000 || 8 + n > b.length) return 'header length out of range';
  const text = new TextDecoder().decode(b.subarray(8, 8 + n));
  if (!text.startsWith('{')) return 'header does not start with {';
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'header is not JSON';
  }
  if (!h || typeof h !== 'object' || Array.isArray(h)) return 'header is not an object';
  const keys = Object.keys(h);
  // Duplicate keys: JSON.parse keeps the last; count the keys at the top level of the text instead.
  const topKeys = (text.match(/"((?:[^"\\]|\\.)*)"\s*:\s*\{\s*"(dtype|shape|data_offsets)"/g) ?? []).length;
  if (topKeys > keys.filter((k) => k !== '__metadata__').length) return 'duplicate tensor names';
  const ranges: [number, number][] = [];
  for (const k of keys) {
    const e = h[k] as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (k === '__metadata__') {
      if (!e || typeof e !== 'object' || Object.values(e).some((v) => typeof v !== 'string'))
        return '__metadata__ is not a string map';
      continue;
    }
    const size = SAFETENSORS_BYTES[e?.dtype as string];
    if (!size) return `${k}: unknown dtype`;
    const shape = e.shape;
    if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0))
      return `${k}: bad shape`;
    const off = e.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || off.some((d) => !Number.isSafeInteger(d) || d < 0))
      return `${k}: bad offsets`;
    const [s, t] = off as [number, number];
    if (t < s) return `${k}: end before start`;
    if (t - s !== (shape as number[]).reduce((x, y) => x * y, 1) * size) return `${k}: size mismatch`;
    ranges.push([s, t]);
  }
  ranges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let at = 0;
  for (const [s, t] of ranges) {
    if (s !== at) return s < at ? 'overlapping offsets' : 'a gap between tensors';
    at = t;
  }
  if (8 + n + at !== b.length) return 'data does not end at the end of the file';
  return null;
}

function write(dir: string, name: string, b: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, b);
  return p;
}

const weightsTarget = (
  name: string,
  network: NetworkId,
  file: string,
  mutate: (r: Rng, src: Uint8Array) => [Uint8Array, string],
  check?: (b: Uint8Array) => string | null,
): Target => ({
  name,
  async run(r, dir, extra) {
    const src = readFileSync(extra[file] ?? join(W, file));
    const [b, mutation] = mutate(r, src);
    const path = write(dir, file.replace(/^.*\//, ''), b);
    const a = reduced(network);
    const { value: loaded, outside } = await guarded(dir, mutation, () => loadWeightsFile(a, path));
    const v = judgeWeights(a, loaded.weights);
    if (!v.ok) return { ...v, mutation, outside };
    const structural = check?.(b);
    if (structural)
      return { ok: false, silent: `accepted a structurally corrupt file: ${structural}`, mutation, outside };
    return { ok: true, mutation, outside };
  },
});

/** safetensors: byte mutations anywhere, or a JSON-aware mutation of the header (length fixed up or not). */
function mutateSafetensors(r: Rng, src: Uint8Array): [Uint8Array, string] {
  if (r.next() < 0.4) return mutateBytesN(r, src);
  const n = Number(new DataView(src.buffer, src.byteOffset).getBigUint64(0, true));
  const header = new TextDecoder().decode(src.subarray(8, 8 + n));
  const [text, what] = r.next() < 0.5 ? mutateOffsets(r, header) : mutateJson(r, header);
  const h = new TextEncoder().encode(text);
  const keepLength = r.next() < 0.2;
  const out = new Uint8Array(8 + h.length + (src.length - 8 - n));
  new DataView(out.buffer).setBigUint64(0, BigInt(keepLength ? n : h.length), true);
  out.set(h, 8);
  out.set(src.subarray(8 + n), 8 + h.length);
  return [out, `${what}${keepLength ? ' (old length kept)' : ''}`];
}

/** Offsets that overlap, shift, go negative, are strings or floats; dtypes swapped; a key duplicated. */
function mutateOffsets(r: Rng, header: string): [string, string] {
  const h = JSON.parse(header) as Record<string, { dtype: string; shape: number[]; data_offsets: unknown[] }>;
  const names = Object.keys(h).filter((k) => k !== '__metadata__');
  const k = pick(r, names);
  const e = h[k]!;
  const [s, t] = e.data_offsets as [number, number];
  const op = int(r, 8);
  if (op === 0) e.data_offsets = [s - 4, t - 4];
  else if (op === 1) e.data_offsets = [s + 4, t + 4];
  else if (op === 2) e.data_offsets = [-t, -s];
  else if (op === 3) e.data_offsets = [String(s), String(t)];
  else if (op === 4) e.data_offsets = [s + 0.5, t + 0.5];
  else if (op === 5) e.dtype = pick(r, ['F16', 'BF16', 'F64', 'I32', 'I64', 'U8', 'BOOL', 'X9']);
  else if (op === 6) {
    const other = h[pick(r, names)]!;
    e.data_offsets = [...(other.data_offsets as number[])];
  } else {
    const text = JSON.stringify(h);
    const needle = `${JSON.stringify(k)}:`;
    const dup = `${needle}${JSON.stringify(h[pick(r, names)])},`;
    return [text.replace(needle, dup + needle), `duplicate key ${k}`];
  }
  return [JSON.stringify(h), `offsets op ${op} on ${k}`];
}

const HOSTILE_SHARDS = [
  '../outside.bin',
  '%2e%2e%2foutside.bin',
  '/dev/zero',
  '/etc/passwd',
  'link-out.bin',
  'fifo.bin',
  'sub/../../outside.bin',
  'missing.bin',
  '',
];

const tfjs: Target = {
  name: 'tfjs-layers',
  async run(r, dir) {
    const json = readFileSync(join(W, 'v3-tfjs.json'), 'utf8');
    const shards = ['v3-tfjs.shard1of2.bin', 'v3-tfjs.shard2of2.bin'];
    const model = join(dir, 'model');
    mkdirSync(model);
    writeFileSync(join(dir, 'outside.bin'), readFileSync(join(W, shards[0]!)));
    let text = json;
    let mutation: string;
    const bins = shards.map((s) => readFileSync(join(W, s)) as Uint8Array);
    const op = r.next();
    if (op < 0.55) [text, mutation] = mutateJson(r, json, 'weightsManifest');
    else if (op < 0.75) {
      const m = JSON.parse(json) as { weightsManifest: { paths: string[] }[] };
      const bad = pick(r, HOSTILE_SHARDS);
      m.weightsManifest[0]!.paths[int(r, 2)] = bad;
      text = JSON.stringify(m);
      mutation = `shard name ${JSON.stringify(bad)}`;
    } else {
      const i = int(r, 2);
      let what: string;
      [bins[i], what] = mutateBytesN(r, bins[i]!);
      mutation = `shard ${i}: ${what}`;
    }
    shards.forEach((s, i) => writeFileSync(join(model, s), bins[i]!));
    symlinkSync(join(dir, 'outside.bin'), join(model, 'link-out.bin'));
    execFileSync('mkfifo', [join(model, 'fifo.bin')]);
    const path = write(model, 'model.json', text);
    const a = reduced('inception_v3');
    const { value: loaded, outside } = await guarded(model, mutation, () => loadWeightsFile(a, path));
    const v = judgeWeights(a, loaded.weights);
    const wrongType = tfjsNonFloat(text);
    if (v.ok && wrongType)
      return { ok: false, silent: `loaded ${wrongType} as float weights`, mutation, outside };
    return { ...v, mutation, outside };
  },
};

/** A weight a manifest declares int32/bool (or anything but float32) without quantization: not a weight. */
function tfjsNonFloat(text: string): string | null {
  try {
    const m = JSON.parse(text) as {
      weightsManifest: { weights: { name: string; dtype: unknown; quantization?: unknown }[] }[];
    };
    for (const g of m.weightsManifest)
      for (const w of g.weights)
        if (w.dtype !== 'float32' && !w.quantization) return `'${w.name}' (${String(w.dtype)})`;
  } catch {
    return null;
  }
  return null;
}

/** TF checkpoint: the .index (SSTable) mutated most of the time, else the .data shard; both beside each other. */
const tfCheckpoint: Target = {
  name: 'tf-checkpoint',
  async run(r, dir) {
    const base = 'v3-slim.ckpt';
    const index = readFileSync(join(F, `${base}.index`));
    const data = readFileSync(join(F, `${base}.data-00000-of-00001`));
    const inIndex = r.next() < 0.7;
    const [b, what] = mutateBytesN(r, inIndex ? index : data);
    const mutation = `${inIndex ? 'index' : 'data'}: ${what}`;
    write(dir, `${base}.index`, inIndex ? b : index);
    write(dir, `${base}.data-00000-of-00001`, inIndex ? data : b);
    const a = reduced('inception_v3');
    const { value: loaded, outside } = await guarded(dir, mutation, () =>
      loadWeightsFile(a, join(dir, `${base}.index`)),
    );
    return { ...judgeWeights(a, loaded.weights), mutation, outside };
  },
};

const headBytes = (r: Rng, src: Uint8Array) => mutateBytesN(r, src);

/** Images: byte mutations, with PNG chunk CRCs fixed half the time so header lies reach the decoder. */
const imageTarget = (file: string): Target => ({
  name: `image:${file.replace(/^.*\//, '')}`,
  async run(r, _dir) {
    const src = readFileSync(join(repo, file));
    let [b, mutation] = mutateBytesN(r, src);
    if (file.endsWith('.png') && r.next() < 0.5) {
      b = fixPngCrcs(b);
      mutation += ' (CRCs fixed)';
    }
    const { value: img, outside } = await guarded(_dir, mutation, () => decodeInThread(b));
    const ok =
      Number.isInteger(img.width) &&
      Number.isInteger(img.height) &&
      img.width > 0 &&
      img.height > 0 &&
      img.data.length === img.width * img.height * 3;
    return ok
      ? { ok: true, mutation, outside }
      : {
          ok: false,
          silent: `decoded ${img.width}×${img.height} with ${img.data.length} bytes`,
          mutation,
          outside,
        };
  },
});

/** TFRecord framing fixed after a mutation (length + masked CRC-32C), so the protobuf parser is reached. */
function refram(b: Uint8Array): Uint8Array {
  const out = b.slice();
  const dv = new DataView(out.buffer);
  let at = 0;
  while (at + 12 <= out.length) {
    const n = Number(dv.getBigUint64(at, true));
    if (at + 16 + n > out.length) break;
    dv.setUint32(at + 8, maskedCrc32c(out, at, 8), true);
    dv.setUint32(at + 12 + n, maskedCrc32c(out, at + 12, n), true);
    at += 16 + n;
  }
  return out;
}

function judgeCurves(runs: ReturnType<typeof importCurves>): Verdict {
  for (const run of runs)
    for (const s of run.series) {
      if (s.steps.length !== s.values.length || s.steps.length !== s.times.length)
        return { ok: false, silent: `series ${s.tag}: steps/values/times lengths differ` };
      for (let i = 1; i < s.steps.length; i++)
        if (!(s.steps[i]! >= s.steps[i - 1]!))
          return { ok: false, silent: `series ${s.tag}: steps not sorted` };
      if (s.steps.some((x) => !Number.isFinite(x)))
        return { ok: false, silent: `series ${s.tag}: non-finite step` };
    }
  return { ok: true };
}

const tfevents: Target = {
  name: 'curves:tfevents',
  async run(r, dir) {
    const src = readFileSync(join(F, 'events.out.tfevents.fuzz'));
    let [b, mutation] = mutateBytesN(r, src);
    if (r.next() < 0.6) {
      b = refram(b);
      mutation += ' (framing fixed)';
    }
    const { value, outside } = await guarded(dir, mutation, () =>
      importCurves('events.out.tfevents.fuzz', b),
    );
    return { ...judgeCurves(value), mutation, outside };
  },
};

const CSV_CELLS = [
  '',
  'nan',
  'NaN',
  'inf',
  '-inf',
  '1e999',
  '-0',
  '=HYPERLINK("x")',
  '"',
  '""',
  '1,2',
  '\u0000',
  '9007199254740993',
  'step',
  'Value',
];

const csv: Target = {
  name: 'curves:csv',
  async run(r, dir) {
    const src = readFileSync(join(F, 'run-fuzz-tag-loss.csv'), 'utf8');
    let mutation: string;
    let text: string;
    if (r.next() < 0.5) {
      const [b, what] = mutateBytesN(r, new TextEncoder().encode(src));
      text = new TextDecoder().decode(b);
      mutation = what;
    } else {
      const lines = src.split('\n');
      const i = int(r, lines.length);
      const op = int(r, 5);
      if (op === 0) lines.splice(i, 1);
      else if (op === 1) lines.splice(i, 0, lines[int(r, lines.length)]!);
      else if (op === 2) {
        const cells = lines[i]!.split(',');
        cells[int(r, Math.max(1, cells.length))] = pick(r, CSV_CELLS);
        lines[i] = cells.join(',');
      } else if (op === 3) lines[i] = `${lines[i]},${pick(r, CSV_CELLS)}`;
      else lines.splice(i, 0, 'x'.repeat(int(r, 100_000)));
      text = lines.join(r.next() < 0.2 ? '\r\n' : '\n');
      mutation = `line op ${op} at ${i}`;
    }
    const bytes = new TextEncoder().encode(text);
    const { value, outside } = await guarded(dir, mutation, () =>
      importCurves('run-fuzz-tag-loss.csv', bytes),
    );
    return { ...judgeCurves(value), mutation, outside };
  },
};

/**
 * A dataset folder built from real images, then bent: mutated image bytes, links out of the folder
 * (to a valid image with pixels of value 251, which must never show up), dangling links, loops,
 * FIFOs, /dev/zero, a file where a class folder should be, odd names.
 */
const folder: Target = {
  name: 'dataset-folder',
  async run(r, dir) {
    const outDir = join(dir, 'outside');
    mkdirSync(join(outDir, 'cls'), { recursive: true });
    const marker = readFileSync(join(F, 'marker-251.png'));
    writeFileSync(join(outDir, 'secret.png'), marker);
    writeFileSync(join(outDir, 'cls', 'secret.png'), marker);
    const root = join(dir, 'data');
    const images = ['cat.png', 'cat.jpg'].map((f) => readFileSync(join(repo, 'test/fixtures/images', f)));
    const classes = ['a', 'b'];
    for (const c of classes) {
      mkdirSync(join(root, c), { recursive: true });
      for (let i = 0; i < 2; i++) writeFileSync(join(root, c, `${i}.${i ? 'jpg' : 'png'}`), images[i]!);
    }
    const done: string[] = [];
    const n = 1 + int(r, 4);
    for (let k = 0; k < n; k++) {
      const c = pick(r, classes);
      const op = int(r, 11);
      const name = `${pick(r, ['x', 'y', 'z', 'new line\n', 'ü', '-'])}${k}.${pick(r, ['png', 'jpg', 'jpeg', 'txt'])}`;
      const p = join(root, c, name);
      try {
        if (op === 0) {
          const f = `${int(r, 2)}.${int(r, 2) ? 'jpg' : 'png'}`;
          const [b] = mutateBytesN(r, readFileSync(join(root, c, f)));
          writeFileSync(join(root, c, f), b);
        } else if (op === 1) symlinkSync(join(outDir, 'secret.png'), p);
        else if (op === 2) symlinkSync(`../../outside/secret.png`, p);
        else if (op === 3) symlinkSync(join(dir, 'nothing'), p);
        else if (op === 4) symlinkSync(p, p);
        else if (op === 5) symlinkSync('/dev/zero', p);
        else if (op === 6) execFileSync('mkfifo', [p]);
        else if (op === 7) symlinkSync(join(outDir, 'cls'), join(root, `cls-link${k}`));
        else if (op === 8) writeFileSync(join(root, `file-class${k}`), images[0]!);
        else if (op === 9) copyFileSync(join(root, 'a', '0.png'), p);
        else
          for (const f of ['0.png', '1.jpg']) {
            const [b] = mutateBytesN(r, readFileSync(join(root, c, f)));
            writeFileSync(join(root, c, f), b.subarray(0, int(r, b.length)));
          }
        done.push(`op ${op} ${JSON.stringify(name)} in ${c}`);
      } catch {
        done.push(`op ${op} skipped`);
      }
    }
    const mutation = done.join('; ');
    const { value: res, outside } = await guarded(root, mutation, () => loadFolder(root));
    const s = res.set;
    if (s.pixels.length !== s.count * s.width * s.height * s.channels || s.labels.length !== s.count)
      return { ok: false, silent: 'image set sizes disagree', mutation, outside };
    if (s.labels.some((l) => l < 0 || l >= s.classNames.length))
      return { ok: false, silent: 'label out of range', mutation, outside };
    if (s.classNames.some((c) => !classes.includes(c)))
      return {
        ok: false,
        silent: `a class from outside the folder: ${s.classNames.join(',')}`,
        mutation,
        outside,
      };
    // The marker image is uniform 251; any image that is all 251 came from outside.
    const per = s.width * s.height * 3;
    for (let i = 0; i < s.count; i++) {
      const img = s.pixels.subarray(i * per, (i + 1) * per);
      if (img.every((v) => v === 251))
        return { ok: false, silent: 'read an image from outside the folder', mutation, outside };
    }
    return { ok: true, mutation, outside };
  },
};

export const TARGETS: Target[] = [
  weightsTarget('keras-h5', 'inception_v3', 'v3-keras.h5', headBytes),
  tfjs,
  weightsTarget('safetensors', 'inception_v4', 'v4-timm.safetensors', mutateSafetensors, safetensorsProblem),
  weightsTarget('pytorch', 'inception_resnet_v2', 'irv2-timm.pth', headBytes),
  tfCheckpoint,
  // Only under `npm run fuzz` (its fixture takes minutes to export; see harness.runtimeFixtures).
  weightsTarget('onnx', 'inception_resnet_v2', 'irv2-timm.onnx', headBytes),
  imageTarget('test/fixtures/images/cat.png'),
  imageTarget('test/fixtures/images/cat.jpg'),
  imageTarget('test/fixtures/images/cat.webp'),
  tfevents,
  csv,
  folder,
];

export const targetByName = (name: string): Target => {
  const t = TARGETS.find((x) => x.name === name);
  if (!t) throw new Error(`no fuzz target ${name}`);
  return t;
};
