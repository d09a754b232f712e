/**
 * Grad-CAM at the last module (Mixed_7c) of torchvision's Inception-v3: torchvision's own randomly
 * initialised model, saved with torch.save, loaded through the app's .pth loader into the torchvision
 * flavour, equals the reference Grad-CAM computed in PyTorch on the same weights and image
 * (torch_gradcam_v3.py). CI runs it at 139 px (Mixed_7c is 3×3; ~25 s of CPU, most of it the tfjs
 * backward pass and torch's start-up); INCEPTION_FULL=1 runs the full 299 px network (8×8; ~70 s).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { gradCam } from '../../../src-main/engine/attribution/gradcam.js';
import { initBackend } from '../../../src-main/engine/backends.js';
import { TfjsGradientBackend } from '../../../src-main/engine/gradients/tfjs.js';
import { loadWeightsFile } from '../../../src-main/engine/weights/load.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import { runPython, torchPython } from '../../support/python.js';

const SIZE = process.env.INCEPTION_FULL === '1' ? 299 : 139;
const dir = mkdtempSync(join(tmpdir(), 'gradcam-v3-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ref {
  classIndex: number;
  logits: number[];
  cam: number[];
  camShape: [number, number];
  map: number[];
}

describe(`Grad-CAM at Mixed_7c of torchvision's Inception-v3 (${SIZE} px)`, () => {
  it('equals PyTorch’s reference Grad-CAM on the same weights and image', async () => {
    runPython(torchPython(), readFileSync(join(import.meta.dirname, 'torch_gradcam_v3.py'), 'utf8'), [
      dir,
      String(SIZE),
    ]);
    const ref = JSON.parse(readFileSync(join(dir, 'ref.json'), 'utf8')) as Ref;
    const raw = readFileSync(join(dir, 'image.f32'));
    const image = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);

    await initBackend();
    const a = analyse(buildNetwork('inception_v3', { flavour: 'torchvision', input: SIZE }));
    const node = a.groups.find((g) => g.id === 'Mixed_7c')!.output;
    const loaded = await loadWeightsFile(a, join(dir, 'tv-inception_v3.pth'));
    const be = TfjsGradientBackend.create(a, loaded.weights);
    try {
      const r = await gradCam({ backend: be, input: image, classIndex: ref.classIndex }, node);
      expect(r.camShape).toEqual(ref.camShape);
      // Random initialisation makes the activations huge: compare relative to the largest value.
      const scale = Math.max(...ref.cam);
      expect(scale).toBeGreaterThan(0);
      let dc = 0;
      for (let i = 0; i < ref.cam.length; i++) dc = Math.max(dc, Math.abs(r.cam[i]! - ref.cam[i]!));
      expect(dc / scale).toBeLessThan(1e-4);
      expect(r.map.length).toBe(SIZE * SIZE);
      let dm = 0;
      for (let i = 0; i < ref.map.length; i++) dm = Math.max(dm, Math.abs(r.map[i]! - ref.map[i]!));
      expect(dm).toBeLessThan(1e-4);
      expect(Math.max(...ref.map)).toBeGreaterThan(0.99); // a real map, not a blank one
    } finally {
      be.dispose();
    }
  }, 600_000);
});
