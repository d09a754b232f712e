/**
 * The first frame of an animated WebP, as libwebp's WebPAnimDecoder (what PIL uses) renders it: the
 * frame's own bitstream (ALPH + VP8, or VP8L) rewrapped as a still WebP for libwebp's simple decoder,
 * then placed at its offset on a canvas cleared to transparent black. The first frame is a key frame,
 * so nothing is blended. Container layout: https://developers.google.com/speed/webp/docs/riff_container
 * (ANMF: X/2, Y/2, width − 1, height − 1, duration as 24-bit fields, a flags byte, then the frame's chunks).
 */
import { ImageError } from './errors.js';
import { le24, le32, webpChunks, type WebpChunk } from './header.js';

export interface FirstFrame {
  /** A still WebP holding only the frame. */
  still: Uint8Array;
  x: number;
  y: number;
  width: number;
  height: number;
}

const chunkBytes = (b: Uint8Array, c: WebpChunk) => b.subarray(c.at - 8, c.at + c.size + (c.size & 1));

function riff(parts: Uint8Array[]): Uint8Array {
  const size = 4 + parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(8 + size);
  out.set([0x52, 0x49, 0x46, 0x46, size & 0xff, (size >>> 8) & 0xff, (size >>> 16) & 0xff, size >>> 24], 0);
  out.set([0x57, 0x45, 0x42, 0x50], 8); // 'WEBP'
  let at = 12;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A VP8X chunk declaring a w×h canvas with alpha, so an ALPH chunk may precede the VP8 one. */
function vp8xWithAlpha(w: number, h: number): Uint8Array {
  const c = new Uint8Array(18);
  c.set([0x56, 0x50, 0x38, 0x58, 10, 0, 0, 0, 0x10, 0, 0, 0], 0);
  c.set(
    [
      (w - 1) & 0xff,
      ((w - 1) >>> 8) & 0xff,
      (w - 1) >>> 16,
      (h - 1) & 0xff,
      ((h - 1) >>> 8) & 0xff,
      (h - 1) >>> 16,
    ],
    12,
  );
  return c;
}

export function firstFrame(b: Uint8Array): FirstFrame {
  const end = Math.min(b.length, 8 + le32(b, 4));
  const anmf = webpChunks(b, 12, end).find((c) => c.fourcc === 'ANMF');
  if (!anmf || anmf.at + 16 > b.length)
    throw new ImageError('animated', 'it is an animated WebP whose first frame is missing or cut off');
  const x = le24(b, anmf.at) * 2;
  const y = le24(b, anmf.at + 3) * 2;
  const width = le24(b, anmf.at + 6) + 1;
  const height = le24(b, anmf.at + 9) + 1;
  const inner = webpChunks(b, anmf.at + 16, Math.min(anmf.at + anmf.size, end));
  const alph = inner.find((c) => c.fourcc === 'ALPH');
  const vp8 = inner.find((c) => c.fourcc === 'VP8 ');
  const vp8l = inner.find((c) => c.fourcc === 'VP8L');
  let still: Uint8Array;
  if (vp8l) still = riff([chunkBytes(b, vp8l)]);
  else if (vp8 && alph) still = riff([vp8xWithAlpha(width, height), chunkBytes(b, alph), chunkBytes(b, vp8)]);
  else if (vp8) still = riff([chunkBytes(b, vp8)]);
  else
    throw new ImageError('damaged', 'the WebP data is damaged: its first frame holds no image', {
      format: 'WebP',
    });
  return { still, x, y, width, height };
}

/** Paste an RGBA frame at (x, y) on a transparent-black canvas; returns the canvas' RGB. */
export function composeFirstFrame(
  frame: { width: number; height: number; data: Uint8Array | Uint8ClampedArray },
  at: { x: number; y: number },
  canvas: { width: number; height: number },
): Uint8Array {
  const out = new Uint8Array(canvas.width * canvas.height * 3);
  const w = Math.min(frame.width, canvas.width - at.x);
  const h = Math.min(frame.height, canvas.height - at.y);
  for (let yy = 0; yy < h; yy++) {
    for (let xx = 0; xx < w; xx++) {
      const s = (yy * frame.width + xx) * 4;
      const d = ((at.y + yy) * canvas.width + at.x + xx) * 3;
      out[d] = frame.data[s]!;
      out[d + 1] = frame.data[s + 1]!;
      out[d + 2] = frame.data[s + 2]!;
    }
  }
  return out;
}
