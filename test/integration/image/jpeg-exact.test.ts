/**
 * JPEG decoding against PIL (libjpeg-turbo with its defaults: ISLOW IDCT, fancy upsampling), which is
 * what torchvision's and Keras' pipelines decode with. The JPEGs are the sample photo and ones PIL
 * writes here with 4:2:0, 4:2:2 and 4:4:4 chroma, progressive, greyscale and an EXIF orientation; the expected pixels are
 * PIL's `Image.open(f).convert('RGB')`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAnyImage } from '../../../src-main/engine/image/decode.js';
import { refPython, runPython } from '../../support/python.js';

const sample = 'assets/samples/rocket.jpg';
const made = ['420.jpg', '422.jpg', '444.jpg', 'progressive.jpg', 'grey.jpg', 'exif-rotated.jpg'];

const MAKE = `
import sys
from PIL import Image
out = sys.argv[1]
src = Image.open('assets/samples/astronaut.png').convert('RGB')
src.save(f'{out}/420.jpg', quality=90, subsampling=2)
src.save(f'{out}/422.jpg', quality=90, subsampling=1)
src.save(f'{out}/444.jpg', quality=95, subsampling=0)
src.resize((301, 203)).save(f'{out}/progressive.jpg', quality=80, progressive=True)
src.convert('L').save(f'{out}/grey.jpg', quality=85)
# EXIF Orientation 6 (rotate 90°): PIL's open/convert, torchvision and Keras ignore it, so the app does too.
exif = Image.Exif()
exif[0x0112] = 6
src.resize((320, 200)).save(f'{out}/exif-rotated.jpg', quality=90, exif=exif)
for name in sys.argv[2:]:
    path = name if '/' in name else f'{out}/{name}'
    im = Image.open(path)
    assert im.format == 'JPEG'
    open(f'{out}/{path.split("/")[-1]}.rgb', 'wb').write(im.convert('RGB').tobytes())
    print(path.split('/')[-1], im.size[0], im.size[1], im.mode)
`;

let dir: string;
let sizes: Map<string, [number, number]>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jpeg-exact-'));
  const out = runPython(refPython(), MAKE, [dir, sample, ...made]);
  sizes = new Map(
    out
      .trim()
      .split('\n')
      .map((l) => {
        const [n, w, h] = l.split(' ');
        return [n!, [Number(w), Number(h)]];
      }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('JPEG decoded as libjpeg-turbo decodes it (PIL)', () => {
  for (const name of ['rocket.jpg', ...made]) {
    it(`${name}: every RGB byte equals PIL's`, async () => {
      const path = name === 'rocket.jpg' ? sample : join(dir, name);
      const img = await decodeAnyImage(new Uint8Array(readFileSync(path)));
      const ref = readFileSync(join(dir, `${name}.rgb`));
      expect([img.width, img.height]).toEqual(sizes.get(name));
      expect(img.format).toBe('jpeg');
      let differing = 0;
      for (let i = 0; i < ref.length; i++) if (img.data[i] !== ref[i]) differing++;
      expect(differing).toBe(0);
    });
  }

  it('a truncated JPEG is refused, as PIL refuses it, instead of being filled with grey', async () => {
    const bytes = new Uint8Array(readFileSync(join(dir, '420.jpg')));
    await expect(decodeAnyImage(bytes.subarray(0, bytes.length >> 1))).rejects.toThrow(
      /JPEG data is damaged: the file is truncated/,
    );
    // The decoder is usable again afterwards.
    const ok = await decodeAnyImage(bytes);
    expect(ok.width).toBe(512);
  });
});
