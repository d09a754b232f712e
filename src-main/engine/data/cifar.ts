/**
 * CIFAR-10 binary version from disk: records of 1 label byte + 3072 pixel bytes (1024 R, 1024 G, 1024 B,
 * row-major 32×32). data_batch_*.bin train, test_batch.bin validates; a single .bin file also works.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { concatSets, DataError, emptySkips, type ImageSet, type SkipReport } from './types.js';

const REC = 3073;
const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/** Does this folder (or its cifar-10-batches-bin child) hold CIFAR-10 binary batches? */
export function findCifarDir(path: string): string | null {
  for (const d of [path, join(path, 'cifar-10-batches-bin')]) {
    if (!existsSync(d) || !statSync(d).isDirectory()) continue;
    if (readdirSync(d).some((f) => /^(data_batch_\d+|test_batch)\.bin$/.test(f))) return d;
  }
  return null;
}

function readBatch(file: string, skipped: SkipReport): ImageSet {
  const buf = readFileSync(file);
  if (buf.length === 0 || buf.length % REC !== 0) {
    throw new DataError(
      `${basename(file)} is not a CIFAR-10 binary batch: its size (${buf.length} bytes) is not a multiple of ${REC}.`,
    );
  }
  const n = buf.length / REC;
  const pixels = new Uint8Array(n * 3072);
  const labels = new Int32Array(n);
  let kept = 0;
  for (let r = 0; r < n; r++) {
    const base = r * REC;
    const label = buf[base];
    if (label > 9) {
      skipped.badLabels++;
      continue;
    }
    labels[kept] = label;
    // Planar CHW → interleaved HWC.
    const o = kept * 3072;
    for (let p = 0; p < 1024; p++) {
      pixels[o + p * 3] = buf[base + 1 + p];
      pixels[o + p * 3 + 1] = buf[base + 1 + 1024 + p];
      pixels[o + p * 3 + 2] = buf[base + 1 + 2048 + p];
    }
    kept++;
  }
  return {
    classNames: CLASSES,
    height: 32,
    width: 32,
    channels: 3,
    count: kept,
    pixels: pixels.subarray(0, kept * 3072),
    labels: labels.subarray(0, kept),
  };
}

export function loadCifar10(path: string): {
  train: ImageSet;
  val: ImageSet | null;
  skipped: SkipReport;
  notes: string[];
} {
  const skipped = emptySkips();
  if (existsSync(path) && statSync(path).isFile()) {
    const set = readBatch(path, skipped);
    return {
      train: set,
      val: null,
      skipped,
      notes: [`${set.count} CIFAR-10 images from ${basename(path)}.`],
    };
  }
  const dir = findCifarDir(path);
  if (!dir) throw new DataError(`No CIFAR-10 binary batches (data_batch_N.bin, test_batch.bin) in ${path}.`);
  const files = readdirSync(dir).sort();
  const trainFiles = files.filter((f) => /^data_batch_\d+\.bin$/.test(f));
  const testFile = files.find((f) => f === 'test_batch.bin');
  const train = trainFiles.map((f) => readBatch(join(dir, f), skipped));
  const test = testFile ? readBatch(join(dir, testFile), skipped) : null;
  // With only test_batch present, train on it and let the pipeline split off validation.
  if (train.length === 0 && test)
    return { train: test, val: null, skipped, notes: [`${test.count} CIFAR-10 images (test_batch only).`] };
  const t = concatSets(train);
  return {
    train: t,
    val: test,
    skipped,
    notes: [
      `${t.count} CIFAR-10 training images from ${trainFiles.length} batch file(s); ${test ? `${test.count} validation images from test_batch.bin` : 'no test_batch.bin, validation is split off'}.`,
    ],
  };
}
