/**
 * Drawing an attribution map over the network's input pixels: the map through OpenCV's JET colour
 * map (pytorch-grad-cam's show_cam_on_image default), blended with the image as
 * (1 − opacity) · image + opacity · heat.
 */

/** JET: blue → cyan → yellow → red for t in [0, 1]. */
export function jet(t: number): [number, number, number] {
  const c = (v: number) => Math.round(255 * Math.min(1, Math.max(0, v)));
  return [c(1.5 - Math.abs(4 * t - 3)), c(1.5 - Math.abs(4 * t - 2)), c(1.5 - Math.abs(4 * t - 1))];
}

/** RGBA pixels of the blend, [H, W, 4]. */
export function blend(
  pixels: Uint8Array,
  map: Float32Array,
  opacity: number,
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(map.length * 4);
  for (let p = 0; p < map.length; p++) {
    const [r, g, b] = jet(map[p]!);
    out[p * 4] = (1 - opacity) * pixels[p * 3]! + opacity * r;
    out[p * 4 + 1] = (1 - opacity) * pixels[p * 3 + 1]! + opacity * g;
    out[p * 4 + 2] = (1 - opacity) * pixels[p * 3 + 2]! + opacity * b;
    out[p * 4 + 3] = 255;
  }
  return out;
}
