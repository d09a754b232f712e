import { describe, expect, test } from 'vitest';
import { formatRecord } from '../../../src-main/cli/commands/train.js';
import { parseDataArg } from '../../../src-main/engine/data/index.js';
import type { RunMeta } from '../../../src-main/engine/train/types.js';

const meta = { steps: 200 } as RunMeta;

describe('train CLI', () => {
  test('a step line carries step, epoch, losses with each aux head, the batch top-1 error, lr, images/s and ETA', () => {
    const line = formatRecord(meta, {
      t: 'step',
      step: 9,
      epoch: 0.3125,
      time: 0,
      wall: 12,
      lr: 0.045,
      loss: 2.5,
      main: 2.1,
      aux: { AuxLogits: 1 },
      top1: 0.8125,
      gradNorm: 1,
      imagesPerSec: 31.25,
      eta: 95,
    });
    expect(line).toBe(
      'step 10/200  epoch 0.31  loss 2.5000 (main 2.100, AuxLogits 1.000)  batch top-1 error 81.3%  lr 0.0450  31.3 img/s  ETA 1m35s',
    );
  });
  test('validation and status lines', () => {
    expect(
      formatRecord(meta, {
        t: 'val',
        step: 40,
        epoch: 1,
        time: 0,
        wall: 1,
        loss: 1.25,
        top1: 0.5,
        top5: 0.125,
        aux: {},
      }),
    ).toBe('  validation @ step 40: loss 1.2500  top-1 error 50.0%  top-5 error 12.5%');
    expect(formatRecord(meta, { t: 'status', step: 7, time: 0, status: 'failed', message: 'NaN' })).toBe(
      '[failed] at step 7: NaN',
    );
    expect(formatRecord(meta, { t: 'checkpoint', step: 7, time: 0 })).toBeNull();
  });
  test('--data names', () => {
    expect(parseDataArg('mnist', 3)).toEqual({ kind: 'mnist' });
    expect(parseDataArg('shapes', 3)).toEqual({ kind: 'shapes', seed: 3 });
    expect(parseDataArg('shapes5', 3)).toEqual({ kind: 'shapes', seed: 3, task: 'shape' });
    expect(() => parseDataArg('/no/such/folder', 1)).toThrow(/is not mnist, shapes or an existing folder/);
  });
});
