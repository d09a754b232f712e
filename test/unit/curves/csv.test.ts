import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsvRows, parseTime } from '../../../src-main/engine/curves/csv.js';
import { appRunCurves, curvesToCsv, importedRunCurves } from '../../../src-main/engine/curves/export.js';
import { importCurves } from '../../../src-main/engine/curves/import.js';
import { ImportStore } from '../../../src-main/engine/curves/store.js';
import { metricForTag } from '../../../src-main/engine/curves/tags.js';
import type { StepRecord, ValRecord } from '../../../src-main/engine/train/types.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('CSV rows', () => {
  it('handles quotes, doubled quotes, CRLF, a BOM and semicolons', () => {
    expect(parseCsvRows('\uFEFFa;"b;c"\r\n1;"say ""hi"""\r\n\r\n')).toEqual([
      ['a', 'b;c'],
      ['1', 'say "hi"'],
    ]);
  });
  it('reads times as seconds, ms or dates', () => {
    expect(parseTime('1700000000.5')).toBe(1_700_000_000_500);
    expect(parseTime('1700000000500')).toBe(1_700_000_000_500);
    expect(parseTime('2023-11-14T22:13:20Z')).toBe(1_700_000_000_000);
    expect(parseTime('')).toBeNaN();
  });
});

describe('CSV curves', () => {
  it("reads TensorBoard's download (Wall time,Step,Value), naming the tag after the file", () => {
    const [run] = importCurves(
      'run-v3_cluster-tag-validation_top1_error.csv',
      enc('Wall time,Step,Value\n1700000000,100,0.9\n1700000060,200,0.8\n'),
    );
    expect(run.name).toBe('v3_cluster');
    expect(run.series).toHaveLength(1);
    const s = run.series[0];
    expect(s.tag).toBe('validation_top1_error');
    expect(s.metric).toBe('val.top1');
    expect([...s.steps]).toEqual([100, 200]);
    expect([...s.values]).toEqual([0.9, 0.8]);
    expect([...s.times]).toEqual([1_700_000_000_000, 1_700_000_060_000]);
  });

  it('reads a wide file: one column per metric, percent accuracy becomes an error fraction', () => {
    const [run] = importCurves(
      'keras-history.csv',
      enc('epoch,loss,val_loss,val_accuracy\n0,2.0,2.5,40\n1,1.5,2.0,60\n2,1.0,,75\n'),
    );
    const by = Object.fromEntries(run.series.map((s) => [s.metric, s]));
    expect(Object.keys(by).sort()).toEqual(['train.loss', 'val.loss', 'val.top1']);
    expect([...by['val.loss'].steps]).toEqual([0, 1]); // the empty cell is no point
    expect([...by['val.top1'].values].map((v) => +v.toFixed(10))).toEqual([0.6, 0.4, 0.25]);
    expect(run.notes.join(' ')).toMatch(/epoch column is used as the step/);
  });

  it('reads the long form with several runs, sorting steps', () => {
    const runs = importCurves(
      'mixed.csv',
      enc('run,metric,step,value\nA,train.loss,2,1.0\nA,train.loss,1,2.0\nB,val.top1,5,0.5\n'),
    );
    expect(runs.map((r) => r.name)).toEqual(['A', 'B']);
    expect([...runs[0].series[0].steps]).toEqual([1, 2]);
    expect([...runs[0].series[0].values]).toEqual([2, 1]);
    expect(runs[1].series[0].metric).toBe('val.top1');
  });

  it('says what is wrong with unusable files', () => {
    expect(() => importCurves('x.csv', enc('step\n1\n2\n'))).toThrow(/no value columns/);
    expect(() => importCurves('x.csv', enc('step,loss\n'))).toThrow(/no data rows/);
    expect(() => importCurves('x.csv', enc('step,loss\n1,abc\n'))).toThrow(/No numeric values/);
    expect(() => importCurves('x.csv', new Uint8Array([0xff, 0xfe, 0x00, 0xd8]))).toThrow(/neither/);
  });
});

describe('tag names', () => {
  it.each([
    ['loss', 'train.loss'],
    ['epoch_loss', 'train.loss'],
    ['val_loss', 'val.loss'],
    ['eval/cross_entropy', 'val.loss'],
    ['train/top1_error', 'train.top1'],
    ['eval/Accuracy', 'val.top1'],
    ['eval/Recall_5', 'val.top5'],
    ['val.top5', 'val.top5'],
    ['top_5_error', 'val.top5'],
    ['losses/aux_loss', 'aux.AuxLogits'],
    ['aux2_loss', 'aux.aux2'],
    ['learning_rate', 'lr'],
    ['gradient_norm', 'tag.gradient_norm'],
  ])('%s → %s', (tag, metric) => {
    expect(metricForTag(tag).metric).toBe(metric);
  });
});

describe('export', () => {
  const step = (s: number, loss: number): StepRecord => ({
    t: 'step',
    step: s,
    epoch: s / 10,
    time: 1_700_000_000_000 + s * 1000,
    wall: s,
    lr: 0.045,
    loss,
    main: loss,
    aux: { AuxLogits: loss / 2 },
    top1: 0.5,
    gradNorm: 1,
    imagesPerSec: 10,
    eta: 0,
  });
  const val: ValRecord = {
    t: 'val',
    step: 10,
    epoch: 1,
    time: 1_700_000_010_000,
    wall: 10,
    loss: 2,
    top1: 0.75,
    aux: {},
  };

  it('writes every metric of an app run and reads back the same points', () => {
    const curves = appRunCurves('v3 ×0.25', [step(5, 3), step(10, NaN)], [val]);
    expect(curves.map((c) => c.metric)).toEqual([
      'train.main',
      'train.loss',
      'train.top1',
      'lr',
      'aux.AuxLogits',
      'val.loss',
      'val.top1',
    ]);
    const csv = curvesToCsv(curves);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('run,source,metric,step,epoch,wall_time,value');
    expect(lines[1]).toBe('v3 ×0.25,app,train.main,5,0.5,1700000005,3');
    expect(lines[2]).toBe('v3 ×0.25,app,train.main,10,1,1700000010,nan');
    expect(lines[3]).toBe('v3 ×0.25,app,train.loss,5,0.5,1700000005,3');
    const [back] = importCurves('export.csv', enc(csv));
    expect(back.name).toBe('v3 ×0.25');
    const loss = back.series.find((s) => s.metric === 'train.loss')!;
    expect([...loss.steps]).toEqual([5, 10]);
    expect(loss.values[0]).toBe(3);
    expect(loss.values[1]).toBeNaN();
    expect(loss.times[0]).toBe(1_700_000_005_000);
    expect(back.series.find((s) => s.metric === 'aux.AuxLogits')).toBeTruthy();
    expect(back.series.find((s) => s.metric === 'val.top1')!.values[0]).toBe(0.75);
  });

  it('exports imported runs under their own tag names when unmapped', () => {
    const [run] = importCurves('r.csv', enc('step,grad_norm\n1,3\n'));
    expect(importedRunCurves(run)[0]).toMatchObject({ run: 'r', source: 'imported', metric: 'grad_norm' });
  });
});

describe('import store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'curves-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps imported runs across instances, NaN and infinities included', () => {
    const [run] = importCurves('d.csv', enc('step,loss\n1,nan\n2,inf\n3,-inf\n4,0.5\n'));
    new ImportStore(dir).save(run);
    const again = new ImportStore(dir).list();
    expect(again.map((r) => r.id)).toEqual([run.id]);
    const v = [...again[0].series[0].values];
    expect(v[0]).toBeNaN();
    expect(v.slice(1)).toEqual([Infinity, -Infinity, 0.5]);
    new ImportStore(dir).remove(run.id);
    expect(new ImportStore(dir).list()).toEqual([]);
    expect(() => new ImportStore(dir).get('../etc')).toThrow(/not an import id/);
  });
});
