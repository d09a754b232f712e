/**
 * Bilinear resizing of float RGB images (HWC) for DeepDream's octaves, with half-pixel centres
 * (as tf.image.resize(method='bilinear') and PIL), and edge-clamped sampling.
 */
export interface FloatImage {
  width: number;
  height: number;
  /** HWC RGB, values in [0, 1] (DeepDream may leave them outside while it works). */
  data: Float32Array;
}

export function resizeBilinear(img: FloatImage, width: number, height: number): FloatImage {
  const out = new Float32Array(width * height * 3);
  const sx = img.width / width;
  const sy = img.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), img.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const ay = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), img.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const ax = fx - x0;
      for (let c = 0; c < 3; c++) {
        const at = (yy: number, xx: number) => img.data[(yy * img.width + xx) * 3 + c]!;
        const top = at(y0, x0) * (1 - ax) + at(y0, x1) * ax;
        const bottom = at(y1, x0) * (1 - ax) + at(y1, x1) * ax;
        out[(y * width + x) * 3 + c] = top * (1 - ay) + bottom * ay;
      }
    }
  }
  return { width, height, data: out };
}

export const subtract = (a: FloatImage, b: FloatImage): FloatImage => ({
  ...a,
  data: a.data.map((v, i) => v - b.data[i]!),
});

export const add = (a: FloatImage, b: FloatImage): FloatImage => ({
  ...a,
  data: a.data.map((v, i) => v + b.data[i]!),
});
