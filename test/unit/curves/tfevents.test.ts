import { describe, expect, it } from 'vitest';
import { importCurves } from '../../../src-main/engine/curves/import.js';
import { parseTfEvents } from '../../../src-main/engine/curves/tfevents.js';
import { CurveImportError } from '../../../src-main/engine/curves/types.js';
import { eventFile } from './tfevents-writer.js';

const T0 = 1_700_000_000; // seconds

/** A PyTorch-style file (simple_value) with a TF2-style tag (tensor + 'scalars' plugin) mixed in. */
const file = eventFile([
  { wallTime: T0, step: 0, fileVersion: 'brain.Event:2' },
  { wallTime: T0 + 1, step: 10, values: [{ tag: 'train/loss', simple: 2.5 }] },
  {
    wallTime: T0 + 2,
    step: 20,
    values: [
      { tag: 'train/loss', simple: 1.75 },
      { tag: 'eval/accuracy', tensor: 0.25, plugin: 'scalars' },
    ],
  },
  {
    wallTime: T0 + 3,
    step: 30,
    values: [
      { tag: 'train/loss', simple: 1.25 },
      { tag: 'eval/accuracy', tensor: 0.5 },
    ],
  },
  { wallTime: T0 + 4, step: 30, values: [{ tag: 'images/input', tensor: 1, plugin: 'images' }] },
  { wallTime: T0 + 5, step: 40, values: [{ tag: 'learning_rate', tensor: 0.125, asFloatVal: true }] },
]);

describe('tfevents import', () => {
  it('reads simple_value and scalar-plugin tensors, with steps and wall times', () => {
    const r = parseTfEvents(file);
    expect([...r.tags.keys()].sort()).toEqual(['eval/accuracy', 'learning_rate', 'train/loss']);
    expect(r.tags.get('train/loss')).toEqual([
      { step: 10, value: 2.5, time: (T0 + 1) * 1000 },
      { step: 20, value: 1.75, time: (T0 + 2) * 1000 },
      { step: 30, value: 1.25, time: (T0 + 3) * 1000 },
    ]);
    // The metadata comes with the tag's first event only; the second event still counts.
    expect(r.tags.get('eval/accuracy')!.map((p) => p.value)).toEqual([0.25, 0.5]);
    expect(r.tags.get('learning_rate')![0]).toEqual({ step: 40, value: 0.125, time: (T0 + 5) * 1000 });
  });

  it('maps tags to metrics and accuracy to error', () => {
    const [run] = importCurves('events.out.tfevents.1700000000.cluster-node-7', file);
    expect(run.format).toBe('tfevents');
    expect(run.name).toBe('cluster-node-7');
    const by = Object.fromEntries(run.series.map((s) => [s.tag, s]));
    expect(by['train/loss'].metric).toBe('train.loss');
    expect(by['eval/accuracy'].metric).toBe('val.top1');
    expect([...by['eval/accuracy'].values]).toEqual([0.75, 0.5]);
    expect(by['eval/accuracy'].note).toMatch(/accuracy/);
    expect(by['learning_rate'].metric).toBe('lr');
  });

  it('drops points superseded by a restart (SessionLog START), as TensorBoard does', () => {
    const restarted = eventFile([
      { wallTime: T0, step: 1, values: [{ tag: 'loss', simple: 3 }] },
      { wallTime: T0 + 1, step: 2, values: [{ tag: 'loss', simple: 2 }] },
      { wallTime: T0 + 2, step: 3, values: [{ tag: 'loss', simple: 1 }] },
      { wallTime: T0 + 9, step: 2, sessionStart: true },
      { wallTime: T0 + 10, step: 2, values: [{ tag: 'loss', simple: 2.5 }] },
    ]);
    const r = parseTfEvents(restarted);
    expect(r.tags.get('loss')!.map((p) => [p.step, p.value])).toEqual([
      [1, 3],
      [2, 2.5],
    ]);
    expect(r.notes.join(' ')).toMatch(/2 point\(s\) logged before a restart/);
  });

  it('keeps complete records of a file still being written and says so', () => {
    const r = parseTfEvents(file.subarray(0, file.length - 3));
    expect(r.tags.has('learning_rate')).toBe(false);
    expect(r.tags.get('train/loss')!.length).toBe(3);
    expect(r.notes.join(' ')).toMatch(/partial record/);
  });

  it('refuses files that are not event files, with a message', () => {
    expect(() => parseTfEvents(new TextEncoder().encode('step,loss\n1,2\n'))).toThrow(CurveImportError);
    expect(() => parseTfEvents(eventFile([{ wallTime: T0, step: 0, fileVersion: 'brain.Event:2' }]))).toThrow(
      /no scalar summaries/,
    );
  });
});
