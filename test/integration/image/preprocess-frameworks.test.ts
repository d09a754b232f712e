/**
 * The app's input tensor against the frameworks' own pipelines (test/fixtures/make-preprocess-fixtures.py,
 * run here with the reference environments: Keras 3.15 with PIL 12, torchvision and timm 1.0 with
 * Debian's torch, torchvision and PIL): Keras' load_img + preprocess_input (bilinear and the documented
 * nearest default), torchvision's published weights' transforms() with and without the models'
 * transform_input, and timm's create_transform from each tag's pretrained cfg. Four sample photos,
 * the JPEG included (decoded as libjpeg-turbo decodes it). The pixels before normalisation must be
 * equal (the issue allows 1/255), the normalised tensor equal to float32 rounding.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAnyImage, type DecodedImage } from '../../../src-main/engine/image/decode.js';
import { applyRecipe } from '../../../src-main/engine/image/preprocess.js';
import {
  resolveRecipe,
  TIMM_PRETRAINED,
  type PreprocessingId,
  type TimmTag,
} from '../../../src-main/shared/recipes.js';
import type { NetworkId } from '../../../src-main/shared/spec.js';
import { refPython, runPython, torchPython } from '../../support/python.js';

const SAMPLES = ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg'];

/** Each reference case as the app names it: recipe id, network, transform_input. */
const CASES: Record<string, { id: PreprocessingId; network: NetworkId; transformInput?: boolean }> = {
  keras: { id: 'keras', network: 'inception_v3' },
  'keras-load-img': { id: 'keras-load-img', network: 'inception_v3' },
  'torchvision-inception_v3': { id: 'torchvision', network: 'inception_v3' },
  'torchvision-inception_v3+ti': { id: 'torchvision', network: 'inception_v3', transformInput: true },
  'torchvision-googlenet': { id: 'torchvision', network: 'googlenet' },
  'torchvision-googlenet+ti': { id: 'torchvision', network: 'googlenet', transformInput: true },
  'timm-inception_v3.tv_in1k': { id: 'timm-inception_v3.tv_in1k', network: 'inception_v3' },
  'timm-inception_v3.gluon_in1k': { id: 'timm-inception_v3.gluon_in1k', network: 'inception_v3' },
  'timm-inception_resnet_v2.tf_in1k': { id: 'timm', network: 'inception_resnet_v2' },
};

interface Manifest {
  cases: Record<string, number>;
  timm: Record<
    string,
    { input: number; cropPct: number; interpolation: string; mean: number[]; std: number[]; cropMode: string }
  >;
}

let dir: string;
let manifest: Manifest;
const images = new Map<string, DecodedImage>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'preprocess-ref-'));
  const script = readFileSync('test/fixtures/make-preprocess-fixtures.py', 'utf8');
  const paths = SAMPLES.map((s) => `assets/samples/${s}`);
  const run = (py: string, part: string) =>
    JSON.parse(
      runPython(py, script, [part, dir, ...paths], { timeoutMs: 300_000 })
        .trim()
        .split('\n')
        .at(-1)!,
    ) as Manifest;
  const keras = run(refPython(), 'keras');
  const torch = run(torchPython(), 'torch');
  manifest = { cases: { ...keras.cases, ...torch.cases }, timm: torch.timm };
  for (const s of SAMPLES)
    images.set(s, await decodeAnyImage(new Uint8Array(readFileSync(`assets/samples/${s}`))));
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("timm's pretrained cfgs", () => {
  it('the app knows every Inception tag with timm’s crop_pct, interpolation and mean/std', () => {
    expect(Object.keys(TIMM_PRETRAINED).sort()).toEqual(Object.keys(manifest.timm).sort());
    for (const [tag, cfg] of Object.entries(manifest.timm)) {
      const ours = TIMM_PRETRAINED[tag as TimmTag];
      expect(cfg.cropMode).toBe('center');
      expect({
        input: ours.input,
        cropPct: ours.cropPct,
        interpolation: ours.interpolation,
        mean: [...ours.mean],
        std: [...ours.std],
      }).toEqual({
        input: cfg.input,
        cropPct: cfg.cropPct,
        interpolation: cfg.interpolation,
        mean: cfg.mean,
        std: cfg.std,
      });
    }
  });
});

describe('input tensors equal the frameworks’ own', () => {
  it('every case was produced by the reference script', () => {
    expect(Object.keys(manifest.cases).sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: pixels identical and tensor equal for the four sample photos`, () => {
      const size = manifest.cases[name]!;
      const recipe = resolveRecipe(c.id, { network: c.network, size }, { transformInput: c.transformInput });
      for (const s of SAMPLES) {
        const got = applyRecipe(images.get(s)!, recipe);
        const u8 = new Uint8Array(readFileSync(join(dir, `${s}.${name}.u8`)));
        const buf = readFileSync(join(dir, `${s}.${name}.f32`));
        const f32 = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
        expect(got.tensor.shape).toEqual([1, size, size, 3]);
        let pixelDiff = 0;
        for (let i = 0; i < u8.length; i++)
          pixelDiff = Math.max(pixelDiff, Math.abs(got.pixels.data[i]! - u8[i]!));
        let tensorDiff = 0;
        for (let i = 0; i < f32.length; i++)
          tensorDiff = Math.max(tensorDiff, Math.abs(got.tensor.data[i]! - f32[i]!));
        expect({ sample: s, pixelDiff }).toEqual({ sample: s, pixelDiff: 0 });
        expect(tensorDiff, `${s}: normalised tensor`).toBeLessThanOrEqual(1e-6);
      }
    });
  }
});
