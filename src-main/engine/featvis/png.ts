/** Pictures in [0, 1] as 8-bit RGB and as PNG files (pngjs, the app's PNG codec). */
import { PNG } from 'pngjs';

export function toRgb8(rgb01: Float32Array): Uint8Array {
  return Uint8Array.from(rgb01, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}

export function encodePng(width: number, height: number, rgb8: Uint8Array): Uint8Array {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    png.data[i * 4] = rgb8[i * 3]!;
    png.data[i * 4 + 1] = rgb8[i * 3 + 1]!;
    png.data[i * 4 + 2] = rgb8[i * 3 + 2]!;
    png.data[i * 4 + 3] = 255;
  }
  return new Uint8Array(PNG.sync.write(png));
}

/** Lays `count` pictures of side `cell` out in a grid `columns` wide (a sprite sheet), grey where empty. */
export function sheet(
  pictures: (Uint8Array | undefined)[],
  cell: number,
  columns: number,
): { width: number; height: number; rgb8: Uint8Array } {
  const rows = Math.max(1, Math.ceil(pictures.length / columns));
  const width = columns * cell;
  const height = rows * cell;
  const rgb8 = new Uint8Array(width * height * 3).fill(128);
  pictures.forEach((p, k) => {
    if (!p) return;
    const ox = (k % columns) * cell;
    const oy = Math.floor(k / columns) * cell;
    for (let y = 0; y < cell; y++)
      rgb8.set(p.subarray(y * cell * 3, (y + 1) * cell * 3), ((oy + y) * width + ox) * 3);
  });
  return { width, height, rgb8 };
}

/** A PNG back to 8-bit RGB (the cached pictures, for the sprite sheet). */
export function decodePngRgb(png: Uint8Array): { width: number; height: number; rgb8: Uint8Array } {
  const img = PNG.sync.read(Buffer.from(png));
  const rgb8 = new Uint8Array(img.width * img.height * 3);
  for (let i = 0; i < img.width * img.height; i++) {
    rgb8[i * 3] = img.data[i * 4]!;
    rgb8[i * 3 + 1] = img.data[i * 4 + 1]!;
    rgb8[i * 3 + 2] = img.data[i * 4 + 2]!;
  }
  return { width: img.width, height: img.height, rgb8 };
}
