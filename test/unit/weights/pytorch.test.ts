/**
 * PyTorch .pth/.pt files (torch.save's zip format) against the real writers: torchvision and timm
 * networks saved by test/fixtures/make-torch-files.py in the reference environment, loaded by the app
 * and run on ONNX Runtime; the logits must equal the framework's own forward pass within 1e-3 of the
 * logit range, with the same top-5. Also: dtypes, views and strides read exactly as torch stores them,
 * and the files the app refuses (a hostile pickle among them, which must not run).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrtEngine } from '../../../src-main/engine/onnx/backend.js';
import { readTorchZip } from '../../../src-main/engine/weights/torch-zip.js';
import { unpickle } from '../../../src-main/engine/weights/pickle.js';
import { loadWeightsFile } from '../../../src-main/engine/weights/load.js';
import { WeightsError } from '../../../src-main/engine/weights/types.js';
import { torchPython } from '../../support/python.js';
import { fixtureAnalysis, fixtureInput, readFixture } from './fixtures.js';
import { spawnSync } from 'node:child_process';
import { refusal } from '../../support/refusal.js';

const script = new URL('../../fixtures/make-torch-files.py', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'pytorch-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function make(...args: string[]): void {
  const r = spawnSync(torchPython(), [script, dir, ...args], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`make-torch-files.py ${args.join(' ')} failed:\n${r.stderr}`);
}

const top5 = (v: ArrayLike<number>) =>
  Array.from(v, (x, i) => [x, i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 5)
    .map((p) => p[1]);

describe('what torch.save writes, read exactly', () => {
  beforeAll(() => make('special'), 600_000);

  it('dtypes, transposed and sliced views, and shared storages come out as torch holds them', () => {
    const c = readTorchZip(readFileSync(join(dir, 'views.pth')), 'views.pth');
    const want = JSON.parse(readFileSync(join(dir, 'views.json'), 'utf8')) as Record<
      string,
      { shape: number[]; values: number[] }
    >;
    expect([...c.tensors.keys()].sort()).toEqual(Object.keys(want).sort());
    for (const [name, w] of Object.entries(want)) {
      const t = c.tensors.get(name)!;
      expect(t.shape, name).toEqual(w.shape);
      // float32 of the stored value: exact for f32/f16/bf16, rounded once for f64.
      expect(Array.from(t.data), name).toEqual(w.values.map(Math.fround));
    }
    expect(c.other.get('count')).toEqual({ dtype: 'int64', shape: [] });
    expect(c.notes.join()).toMatch(/float64 and float16 and bfloat16 tensors were converted to float32/);
  });

  it('a hostile pickle (os.system via __reduce__) is refused by name and nothing runs', () => {
    const bytes = readFileSync(join(dir, 'hostile.pth'));
    let e: unknown;
    try {
      readTorchZip(bytes, 'hostile.pth');
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(WeightsError);
    expect((e as Error).message).toMatch(
      /hostile\.pth needs posix\.system, which the app does not run .*torch\.save\(model\.state_dict\(\), path\)/,
    );
    expect(existsSync(join(dir, 'MARKER'))).toBe(false);
  });

  it('refuses a whole pickled model, a legacy file, a TorchScript archive, a broadcast view and a dict without tensors', async () => {
    const a = readFixtureFree();
    const whole = await refusal(loadWeightsFile(a, join(dir, 'whole-model.pth')));
    expect(whole.message).toMatch(
      /needs torch\.nn\.modules\.container\.Sequential, which the app does not run/,
    );
    const legacy = await refusal(loadWeightsFile(a, join(dir, 'legacy.pth')));
    expect(legacy.message).toMatch(/legacy \(pre-1\.6, non-zip\) PyTorch file.*PyTorch 1\.6 or newer/);
    const scripted = await refusal(loadWeightsFile(a, join(dir, 'scripted.pt')));
    expect(scripted.message).toMatch(/TorchScript archive \(torch\.jit\.save\)/);
    const expanded = await refusal(loadWeightsFile(a, join(dir, 'expanded.pth')));
    expect(expanded.message).toMatch(/tensor 'w' \[1000000000\] has more elements than its storage \(1\)/);
    const empty = await refusal(loadWeightsFile(a, join(dir, 'no-state-dict.pth')));
    expect(empty.message).toMatch(/without a state dict: its top-level keys are epoch, optimizer/);
  });

  it("a timm training checkpoint with its argparse 'args' reads its state dict", () => {
    const c = readTorchZip(readFileSync(join(dir, 'with-args.pth')), 'with-args.pth');
    expect([...c.tensors.keys()]).toEqual(['0.weight', '0.bias']);
    expect(c.notes).toContain("the state dict is the checkpoint's 'state_dict' entry");
  });

  it('is recognised by its content, whatever its name', async () => {
    copyFileSync(join(dir, 'views.pth'), join(dir, 'views.h5'));
    const e = await refusal(loadWeightsFile(readFixtureFree(), join(dir, 'views.h5')));
    expect(e.message).toMatch(
      /^views\.h5 is a PyTorch file, but its tensor names \(f32, transposed, sliced, f64, …\) follow no convention the app maps/,
    );
  });

  it('a damaged pickle ends in a WeightsError, never a raw exception', () => {
    const good = new Uint8Array([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e]); // PROTO 2, EMPTY_DICT, BINPUT 0, STOP
    expect(unpickle(good)).toEqual(new Map());
    for (let cut = 1; cut < good.length; cut++)
      expect(() => unpickle(good.subarray(0, cut))).toThrow(WeightsError);
    expect(() => unpickle(new Uint8Array([0x80, 0x02, 0x68, 0x07, 0x2e]))).toThrow(/memo 7 was never stored/);
  });
});

/** Any analysis will do for refusals that happen before the names are mapped. */
function readFixtureFree() {
  return fixtureAnalysis({
    network: 'googlenet',
    flavour: 'torchvision',
    width: 1 / 8,
    input: 64,
    classes: 10,
    weights: [],
    input_file: '',
    logits: [],
  });
}

describe('torchvision and timm networks saved with torch.save', () => {
  const cases = ['tv-googlenet', 'timm-inception_v3', 'timm-inception_v4', 'timm-inception_resnet_v2'];
  // What each file's writer did differently (make-torch-files.py), and the note the app gives for it.
  const NOTES: Record<string, RegExp> = {
    'tv-googlenet': /the 'module\.' prefix of a DataParallel.* was removed/,
    'timm-inception_v3': /float16 tensors were converted to float32/,
    'timm-inception_v4': /BN γ folded into the kernels of 149 convs/,
    'timm-inception_resnet_v2': /the state dict is the checkpoint's 'state_dict' entry/,
  };
  let engine: OrtEngine | undefined;
  beforeAll(() => make('models', cases.join(',')), 600_000);
  afterAll(() => engine?.dispose());

  it.each(cases)(
    '%s: logits equal the framework within 1e-3 of their range, same top-5',
    async (name) => {
      const c = readFixture(name, dir);
      const a = fixtureAnalysis(c);
      const loaded = await loadWeightsFile(a, join(dir, c.weights[0]!));
      expect(loaded.info.format).toBe('pytorch');
      const head = a.nodes.filter((n) => n.layer?.op === 'dense' && !n.aux).pop()!.id;
      engine ??= await OrtEngine.create();
      const out = await engine.activations(
        { analysis: a, weightsVersion: `${name}:${Date.now()}`, weights: () => loaded.weights },
        { shape: [1, c.input, c.input, 3], data: fixtureInput(c, dir) },
        [head],
      );
      const got = out[head]!.data;
      const range = Math.max(...c.logits) - Math.min(...c.logits);
      let d = 0;
      for (let i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i]! - c.logits[i]!));
      expect(d / range, `${name}: max |Δlogit| ${d} over a range of ${range}`).toBeLessThan(1e-3);
      expect(top5(got)).toEqual(top5(c.logits));
      expect(loaded.info.notes.join('\n')).toMatch(NOTES[name]!);
      rmSync(join(dir, c.weights[0]!));
    },
    120_000,
  );
});
