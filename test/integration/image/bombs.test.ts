/**
 * Decompression bombs are refused from the header, before any decoder allocates (issue 12 item 4), and
 * decoding runs off the event loop with a time limit. The files are made here: the PNG bomb by zlib
 * (the deflate encoder PNG uses) streaming 19,000 rows of zeros into a valid PNG, the WebP bomb as a
 * VP8L bitstream of one colour (five one-symbol prefix codes, so 268 MP cost no bits) written after
 * the lossless spec — the same writer's 64×48 file is decoded by PIL to prove the construction valid —,
 * the animated WebPs, GIF and large JPEG by PIL.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, decodeImageResized, imageSize } from '../../../src-main/engine/data/image.js';
import { decodeAnyImage } from '../../../src-main/engine/image/decode.js';
import { DecodePool } from '../../../src-main/engine/image/decode-pool.js';
import { ImageError } from '../../../src-main/engine/image/errors.js';
import { maxPixels, readImageHeader } from '../../../src-main/engine/image/header.js';
import { refPython, runPython } from '../../support/python.js';

const MAKE = String.raw`
import struct, sys, zlib
from PIL import Image
out = sys.argv[1]

def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)

# PNG bomb: https://www.w3.org/TR/png-3/ (IHDR, IDAT = zlib stream of filtered rows, IEND).
w = h = 19000
c = zlib.compressobj(9)
row = b'\0' * (1 + 3 * w)
idat = b''.join([c.compress(row) for _ in range(h)] + [c.flush()])
open(f'{out}/bomb.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', idat) + chunk(b'IEND', b''))

# WebP lossless of one colour:
# https://developers.google.com/speed/webp/docs/webp_lossless_bitstream_specification
class Bits:
    def __init__(s): s.v, s.n = 0, 0
    def put(s, val, n): s.v |= val << s.n; s.n += n
    def bytes(s): return s.v.to_bytes((s.n + 7) // 8, 'little')

def vp8l(w, h, rgb):
    b = Bits()
    b.put(0x2f, 8); b.put(w - 1, 14); b.put(h - 1, 14); b.put(0, 1); b.put(0, 3)
    b.put(0, 1); b.put(0, 1); b.put(0, 1)  # no transform, no colour cache, no meta prefix codes
    for sym in (rgb[1], rgb[0], rgb[2], 255, 0):  # green, red, blue, alpha, distance
        b.put(1, 1); b.put(0, 1); b.put(1, 1); b.put(sym, 8)
    d = b.bytes()
    return b'VP8L' + struct.pack('<I', len(d)) + d + b'\0' * (len(d) & 1)

def riff(chunks):
    body = b'WEBP' + b''.join(chunks)
    return b'RIFF' + struct.pack('<I', len(body)) + body

open(f'{out}/small.webp', 'wb').write(riff([vp8l(64, 48, (10, 200, 30))]))
open(f'{out}/bomb.webp', 'wb').write(riff([vp8l(16383, 16383, (10, 200, 30))]))
# VP8X declaring a 64×48 canvas around the same 268 MP bitstream.
vp8x = b'VP8X' + struct.pack('<I', 10) + bytes([0, 0, 0, 0]) + (63).to_bytes(3, 'little') + (47).to_bytes(3, 'little')
open(f'{out}/lying-canvas.webp', 'wb').write(riff([vp8x, vp8l(16383, 16383, (10, 200, 30))]))
small = Image.open(f'{out}/small.webp').convert('RGB')
assert small.size == (64, 48) and small.getpixel((7, 9)) == (10, 200, 30), small.getpixel((7, 9))

frames = [Image.new('RGB', (40, 30), c) for c in [(255, 0, 0), (0, 255, 0), (0, 0, 255)]]
frames[0].save(f'{out}/animated.webp', save_all=True, append_images=frames[1:], duration=100, lossless=True)
frames[0].save(f'{out}/still.gif')
# Animated WebPs whose first frame is a photo with transparent and half-transparent parts, lossy with an
# ALPH chunk, lossy without alpha, and lossless; PIL's first frame (convert('RGB')) is the reference.
import numpy as np
photo = np.asarray(Image.open('assets/samples/chelsea.png').convert('RGBA').resize((120, 80))).copy()
photo[:40, :60, 3] = 0
photo[40:, :, 3] = 128
first, second = Image.fromarray(photo), Image.new('RGBA', (120, 80), (0, 255, 0, 255))
first.save(f'{out}/anim-lossy-alpha.webp', save_all=True, append_images=[second], duration=100, quality=80)
first.convert('RGB').save(f'{out}/anim-lossy.webp', save_all=True, append_images=[second.convert('RGB')], duration=100, quality=80)
first.save(f'{out}/anim-lossless.webp', save_all=True, append_images=[second], duration=100, lossless=True)
for n in ['anim-lossy-alpha', 'anim-lossy', 'anim-lossless']:
    im = Image.open(f'{out}/{n}.webp')
    assert im.n_frames == 2
    open(f'{out}/{n}.rgb', 'wb').write(im.convert('RGB').tobytes())
grad = Image.linear_gradient('L').resize((6000, 4000)).convert('RGB')
grad.save(f'{out}/big.jpg', quality=90)
print(Image.open(f'{out}/animated.webp').n_frames)
`;

let dir: string;
const file = (n: string) => new Uint8Array(readFileSync(join(dir, n)));

async function refusal(p: Promise<unknown>): Promise<ImageError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ImageError);
    return e as ImageError;
  }
  throw new Error('expected a refusal');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'image-bombs-'));
  expect(runPython(refPython(), MAKE, [dir]).trim()).toBe('3');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decompression bombs are refused from the header', () => {
  it('a 1 MB PNG declaring 19000×19000 (361 MP)', async () => {
    const bytes = file('bomb.png');
    expect(bytes.length).toBeGreaterThan(1_000_000);
    expect(readImageHeader(bytes)).toMatchObject({ format: 'png', width: 19000, height: 19000 });
    const e = await refusal(decodeAnyImage(bytes));
    expect(e.code).toBe('too_large');
    expect(e.message).toBe(
      'it declares 19000×19000 pixels (361 MP), more than the 50 MP the app decodes; scale it down first, or raise the limit with INCEPTION_MAX_PIXELS',
    );
  });

  it('a WebP of a few bytes declaring 16383×16383, also behind a VP8X canvas that claims 64×48', async () => {
    for (const name of ['bomb.webp', 'lying-canvas.webp']) {
      const bytes = file(name);
      expect(bytes.length).toBeLessThan(10_000);
      const e = await refusal(decodeAnyImage(bytes));
      expect(e.code).toBe('too_large');
      expect(e.message).toMatch(/\(268 MP\), more than the 50 MP the app decodes/);
    }
    // The same writer's small file decodes to PIL's pixels, so the bitstream above is a real WebP.
    const ok = await decodeAnyImage(file('small.webp'));
    expect([ok.width, ok.height, ...ok.data.subarray(0, 3)]).toEqual([64, 48, 10, 200, 30]);
  });

  it('the limit is configurable: INCEPTION_MAX_PIXELS, or an option per call', async () => {
    expect(maxPixels({})).toBe(50_000_000);
    expect(maxPixels({ INCEPTION_MAX_PIXELS: '400000000' })).toBe(400_000_000);
    expect(() => maxPixels({ INCEPTION_MAX_PIXELS: 'lots' })).toThrow(/positive whole number/);
    const e = await refusal(decodeAnyImage(file('small.webp'), { maxPixels: 1000 }));
    expect(e.message).toMatch(/64×48 pixels \(3072 pixels\), more than the 1000 pixels/);
  });

  it('animated WebP: the first frame, as PIL renders it; a cut-off one is refused as animated; GIF by name', async () => {
    const a = await decodeAnyImage(file('animated.webp'));
    expect([a.width, a.height, a.frames, ...a.data.subarray(0, 3)]).toEqual([40, 30, 3, 255, 0, 0]);
    for (const n of ['anim-lossy-alpha', 'anim-lossy', 'anim-lossless']) {
      const img = await decodeAnyImage(file(`${n}.webp`));
      const ref = readFileSync(join(dir, `${n}.rgb`));
      expect([img.width, img.height, img.frames]).toEqual([120, 80, 2]);
      let differing = 0;
      for (let i = 0; i < ref.length; i++) if (img.data[i] !== ref[i]) differing++;
      expect({ n, differing }).toEqual({ n, differing: 0 });
    }
    const bytes = file('anim-lossless.webp');
    const cut = await refusal(decodeAnyImage(bytes.subarray(0, 60)));
    expect(cut.code).toBe('animated');
    expect(cut.message).toMatch(/animated WebP whose first frame is missing or cut off/);
    const g = await refusal(decodeAnyImage(file('still.gif')));
    expect(g.code).toBe('format');
    expect(g.message).toMatch(/GIF images are not supported/);
  });
});

describe('data-set images', () => {
  it('are sized from the header, refused over the limit before decoding, and stored resized', () => {
    const bomb = Buffer.from(file('bomb.png'));
    expect(imageSize(bomb)).toEqual({ width: 19000, height: 19000 });
    expect(() => decodeImage(bomb)).toThrow(/19000×19000 pixels \(361 MP\), more than the 50 MP/);
    const jpg = readFileSync('assets/samples/rocket.jpg');
    expect(imageSize(jpg)).toEqual({ width: 640, height: 427 });
    expect(decodeImageResized(jpg, 40, 60)).toHaveLength(40 * 60 * 3);
    expect(() => imageSize(Buffer.from(file('small.webp')))).toThrow(/WEBP images are not used for training/);
  });
});

describe('decoding runs off the event loop', () => {
  it('a ping is answered while a 24 MP JPEG decodes', async () => {
    const bytes = file('big.jpg');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const decoding = decodeAnyImage(bytes).then(() => 'decoded');
    // A ping: a message port round trip, answered by this thread's event loop.
    const ping = new Promise<string>((resolve) => {
      const { port1, port2 } = new MessageChannel();
      port2.onmessage = () => port2.postMessage('pong');
      port1.onmessage = (m) => {
        resolve(String(m.data));
        port1.close();
        port2.close();
      };
      setTimeout(() => port1.postMessage('ping'), 5);
    });
    expect(await Promise.race([decoding, ping])).toBe('pong');
    const img = await decodeAnyImage(bytes);
    clearInterval(timer);
    expect([img.width, img.height]).toEqual([6000, 4000]);
    expect(ticks).toBeGreaterThan(1);
  });

  it('an idle decoder does not keep a process (the CLI) alive', () => {
    const code = `import { readFileSync } from 'node:fs';
      import { decodeAnyImage } from './src-main/engine/image/decode.ts';
      const i = await decodeAnyImage(new Uint8Array(readFileSync('assets/samples/rocket.jpg')));
      console.log(i.width);`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect([r.signal, r.status, r.stdout.trim()]).toEqual([null, 0, '640']);
  }, 90_000);

  it('a decode past its time limit is stopped, and the next one gets a fresh worker', async () => {
    let ms = 1;
    const pool = new DecodePool(() => ms);
    const e = await refusal(pool.decode(file('big.jpg')));
    expect(e.code).toBe('timeout');
    expect(e.message).toMatch(/decoding took longer than 0 s and was stopped/);
    ms = 60_000;
    const ok = await pool.decode(file('small.webp'));
    expect(ok.width).toBe(64);
    await pool.close();
  });
});
