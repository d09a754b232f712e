/**
 * Decoding and preprocessing against Pillow and torchvision: test/fixtures/images/preprocess.json was
 * written by make-fixtures.py --images from the same 64×48 crop (PNG, lossless WebP, JPEG).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeAnyImage, sniffImage } from '../../../src-main/engine/image/decode.js';
import { preprocess } from '../../../src-main/engine/image/preprocess.js';
import { centerCrop, resize, roundHalfEven, shorterSideSize } from '../../../src-main/engine/image/resize.js';

const dir = new URL('../../fixtures/images/', import.meta.url);
const file = (n: string) => new Uint8Array(readFileSync(new URL(n, dir)));
const ref = JSON.parse(readFileSync(new URL('preprocess.json', dir), 'utf8')) as Record<string, number[]> & {
  width: number;
  height: number;
};

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('image decoding', () => {
  it('decodes PNG and lossless WebP to exactly the pixels PIL reads', async () => {
    for (const name of ['cat.png', 'cat.webp']) {
      const img = await decodeAnyImage(file(name));
      expect([img.width, img.height]).toEqual([64, 48]);
      expect(maxDiff(img.data, ref.rgb)).toBe(0);
    }
  });

  it('decodes JPEG exactly as PIL (libjpeg-turbo) does', async () => {
    const img = await decodeAnyImage(file('cat.jpg'));
    expect(img.format).toBe('jpeg');
    expect(maxDiff(img.data, ref.jpeg_rgb)).toBe(0);
  });

  it('names the format by magic bytes and refuses anything else', async () => {
    expect(sniffImage(file('cat.webp'))).toBe('webp');
    await expect(decodeAnyImage(new TextEncoder().encode('GIF89a not supported'))).rejects.toThrow(
      /GIF images are not supported/,
    );
    const broken = file('cat.webp').slice(0, 40);
    await expect(decodeAnyImage(broken)).rejects.toThrow(/WebP data is damaged/);
  });
});

describe('preprocessing matches PIL + torchvision transforms', () => {
  it('Python round() semantics and torchvision Resize(int) sizes', () => {
    expect([0.5, 1.5, 2.5, -1.5, 3].map(roundHalfEven)).toEqual([0, 2, 2, -2, 3]);
    expect(shorterSideSize(64, 48, 37)).toEqual([49, 37]); // int(37 * 64 / 48) = 49
    expect(shorterSideSize(300, 500, 342)).toEqual([342, 570]);
  });

  it('torchvision: Resize(37) bilinear, CenterCrop(32), ImageNet mean/std', async () => {
    const img = await decodeAnyImage(file('cat.png'));
    const im = centerCrop(resize(img, 49, 37, 'bilinear'), 32, 32);
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    const got = Array.from(im.data, (v, i) => (v / 255 - mean[i % 3]!) / std[i % 3]!);
    // PIL's fixed-point resampling is reproduced, so only float rounding remains.
    expect(maxDiff(got, ref.torchvision)).toBeLessThan(1e-5);
  });

  it('timm: Resize(36) bicubic, CenterCrop(31), mean/std 0.5', async () => {
    const img = await decodeAnyImage(file('cat.png'));
    const [w, h] = shorterSideSize(64, 48, 36);
    const im = centerCrop(resize(img, w, h, 'bicubic'), 31, 31);
    const got = Array.from(im.data, (v) => (v / 255 - 0.5) / 0.5);
    expect(maxDiff(got, ref.timm)).toBeLessThan(1e-5);
  });

  it('keras preset: resize to S×S bilinear and x / 127.5 − 1, with the steps reported', async () => {
    const img = await decodeAnyImage(file('cat.png'));
    const p = preprocess(img, 'keras', { size: 29 });
    expect(p.tensor.shape).toEqual([1, 29, 29, 3]);
    expect(maxDiff(p.tensor.data, ref.keras)).toBeLessThan(1e-6);
    expect(p.summary).toMatch(/Keras\/TF preprocessing: resize 64×48 → 29×29.*x \/ 127\.5 − 1/);
  });

  it('torchvision transform_input maps ImageNet-normalised input back to [−1, 1]', async () => {
    const img = await decodeAnyImage(file('cat.png'));
    const a = preprocess(img, 'torchvision', { size: 32, transformInput: true });
    const px = centerCrop(resize(img, 49, 37, 'bilinear'), 32, 32).data;
    // By hand: ((x/255 − m)/s)·(s/0.5) + (m − 0.5)/0.5 = (x/255 − 0.5)/0.5.
    expect(
      maxDiff(
        a.tensor.data,
        Array.from(px, (v) => v / 127.5 - 1),
      ),
    ).toBeLessThan(1e-5);
    expect(a.steps.join(' ')).toMatch(
      /resize shorter side to 37.*centre crop 32×32.*ImageNet mean.*transform_input/,
    );
  });
});
