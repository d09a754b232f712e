import { describe, expect, it } from 'vitest';
import { parseLink } from '../../../src-main/shared/deeplink/deeplink';
import type { ImportedRun, RunMeta, StepRecord, ValRecord } from '../../../src-main/shared/protocol/index';
import {
  defaultForm,
  estimateStepsPerEpoch,
  networksFromLink,
  scheduleSummary,
  toGroupRequest,
} from './form';
import { CHART_DEFAULTS } from './chart-link';
import {
  applyRecord,
  appPoints,
  availableMetrics,
  chartSeries,
  importedPoints,
  progressOf,
  runColours,
  type RunHistory,
} from './series';

const step = (s: number, loss: number, aux: Record<string, number> = {}): StepRecord => ({
  t: 'step',
  step: s,
  epoch: s / 4,
  time: 1000 + s,
  wall: s * 2,
  lr: 0.045,
  loss,
  main: loss,
  aux,
  top1: 0.5,
  gradNorm: 1,
  imagesPerSec: 8,
  eta: 10,
});
const val = (s: number, top1: number): ValRecord => ({
  t: 'val',
  step: s,
  epoch: s / 4,
  time: 2000 + s,
  wall: s * 2,
  loss: 1,
  top1,
  aux: {},
});
const isNet = (x: string): x is 'inception_v3' =>
  ['inception_v3', 'inception_resnet_v1', 'googlenet'].includes(x);

describe('run histories', () => {
  it('appends live records and lets a resume supersede the steps it redoes', () => {
    let h: RunHistory = { steps: [], val: [] };
    for (const r of [step(0, 3), step(1, 2), val(1, 0.9), step(2, 1.5)]) h = applyRecord(h, r);
    h = applyRecord(h, { t: 'resume', step: 1, time: 0 });
    expect(h.steps.map((s) => s.step)).toEqual([0]);
    expect(h.val).toEqual([]);
    h = applyRecord(h, step(1, 2.2));
    expect(h.steps.map((s) => s.loss)).toEqual([3, 2.2]);
  });

  it('lists the base charts, then aux heads, then unmatched imported tags', () => {
    const imp = { series: [{ metric: 'tag.grad_norm' }, { metric: 'train.loss' }] } as unknown as ImportedRun;
    expect(availableMetrics([{ steps: [step(0, 1, { AuxLogits: 2 })], val: [] }], [imp])).toEqual([
      'train.main',
      'train.loss',
      'val.loss',
      'val.top1',
      'val.top5',
      'train.top1',
      'lr',
      'aux.AuxLogits',
      'tag.grad_norm',
    ]);
  });
});

describe('series for a chart', () => {
  const meta = (id: string, createdAt: number) => ({ id, name: id.toUpperCase(), createdAt }) as RunMeta;
  const imported: ImportedRun = {
    id: 'imp',
    name: 'cluster',
    format: 'csv',
    file: 'c.csv',
    importedAt: 0,
    notes: [],
    series: [
      {
        tag: 'eval/err',
        metric: 'val.top1',
        steps: Float64Array.from([100, 200]),
        values: Float64Array.from([0.8, 0.6]),
        times: Float64Array.from([5000, 65000]),
      },
    ],
  };
  const histories = new Map<string, RunHistory>([
    ['a', { steps: [step(0, 3, { AuxLogits: 4 }), step(4, 2, { AuxLogits: 3 })], val: [val(4, 0.7)] }],
    ['b', { steps: [step(0, 2.5)], val: [val(4, 0.5)] }],
  ]);
  const inp = {
    metas: [meta('b', 2), meta('a', 1)],
    histories,
    imported: [imported],
    hidden: new Set<string>(),
    colours: runColours([meta('b', 2), meta('a', 1)], [imported]),
    importedTag: 'imported',
  };

  it('colours runs oldest first, imported after', () => {
    expect([...inp.colours.keys()]).toEqual(['a', 'b', 'imp']);
  });
  it('puts app runs and imported runs on one chart, imported dashed', () => {
    const s = chartSeries(inp, 'val.top1', 'step');
    expect(s.map((x) => [x.id, [...x.xs], [...x.ys], !!x.dashed])).toEqual([
      ['b', [4], [0.5], false],
      ['a', [4], [0.7], false],
      ['imp', [100, 200], [0.8, 0.6], true],
    ]);
    expect(s[2].tag).toBe('imported');
  });
  it('reads x as epoch or active seconds; imported wall time starts at its first point', () => {
    expect([...chartSeries(inp, 'train.loss', 'epoch')[1].xs]).toEqual([0, 1]);
    expect([...chartSeries(inp, 'aux.AuxLogits', 'wall')[0].xs]).toEqual([0, 8]);
    expect([...importedPoints(imported, 'val.top1', 'wall')!.xs]).toEqual([0, 60]);
    expect(importedPoints(imported, 'val.top1', 'epoch')).toBeNull();
  });
  it('leaves hidden runs out', () => {
    const s = chartSeries({ ...inp, hidden: new Set(['a', 'imp']) }, 'val.top1', 'step');
    expect(s.map((x) => x.id)).toEqual(['b']);
  });
});

describe('progress', () => {
  it('gives the epoch and the fraction of it done', () => {
    // 25 steps at 10 per epoch: epochs of 10, 10, 5 steps.
    expect(progressOf({ steps: 25, stepsPerEpoch: 10 }, 0)).toEqual({
      epoch: 1,
      epochs: 3,
      inEpoch: 0,
      overall: 0,
    });
    expect(progressOf({ steps: 25, stepsPerEpoch: 10 }, 13)).toEqual({
      epoch: 2,
      epochs: 3,
      inEpoch: 0.3,
      overall: 0.52,
    });
    expect(progressOf({ steps: 25, stepsPerEpoch: 10 }, 22)).toEqual({
      epoch: 3,
      epochs: 3,
      inEpoch: 0.4,
      overall: 0.88,
    });
    expect(progressOf({ steps: 25, stepsPerEpoch: 10 }, 25)).toEqual({
      epoch: 3,
      epochs: 3,
      inEpoch: 1,
      overall: 1,
    });
  });
});

describe('new-runs form', () => {
  it("opens lesson 13's link as the v3 vs IR-v1 preset", () => {
    // The hash lesson 13 links to (L13.svelte), read back by the deep-link parser.
    const l = parseLink('#/training?network=inception_v3&compare=inception_resnet_v1&preset=convergence');
    expect(networksFromLink(l.network, l.extra, isNet)).toEqual({
      preset: 'convergence',
      networks: ['inception_v3', 'inception_resnet_v1'],
    });
    expect(
      networksFromLink('inception_v3', { compare: 'inception_resnet_v1', preset: 'convergence' }, isNet),
    ).toEqual({
      preset: 'convergence',
      networks: ['inception_v3', 'inception_resnet_v1'],
    });
    expect(networksFromLink('googlenet', { compare: 'inception_v3' }, isNet)).toEqual({
      preset: null,
      networks: ['googlenet', 'inception_v3'],
    });
    expect(networksFromLink('googlenet', undefined, isNet)).toBeNull();
  });
  it('a preset sets the size, the data and the steps the comparison was measured with', () => {
    const f = defaultForm(['inception_v3', 'inception_resnet_v1'], 'convergence');
    const req = toGroupRequest(f);
    expect(req).toMatchObject({ steps: 400, batch: 16, seed: 1, data: { kind: 'mnist', perClass: 1000 } });
    expect(req.runs[0].recipe).toEqual({ augment: { crop: true, flip: false } }); // digits are not mirrored
    expect(req.runs.map((r) => r.variant)).toEqual([
      { network: 'inception_v3', width: 0.125, input: 32 },
      { network: 'inception_resnet_v1', width: 0.125, input: 32 },
    ]);
  });
  it('asks for the shapes with nuisances only when the box is ticked', () => {
    const f = defaultForm();
    expect(toGroupRequest(f).data).toEqual({ kind: 'shapes', seed: 1, count: 2000 });
    f.data.nuisances = true;
    expect(toGroupRequest(f).data).toEqual({ kind: 'shapes', seed: 1, count: 2000, level: 'nuisances' });
  });
  it('estimates steps per epoch from the data size', () => {
    const f = defaultForm();
    // 2000 shapes, 10 % held out → 1800 training images, batch 16 → 112 steps.
    expect(estimateStepsPerEpoch(f)).toBe(112);
    expect(estimateStepsPerEpoch({ ...f, data: { ...f.data, kind: 'folder' } })).toBeNull();
  });
  it('sends one group with shared seed, batch and data, and each member’s variant', () => {
    const f = defaultForm();
    f.members[0].auxWeight = 0.3;
    const req = toGroupRequest(f);
    expect(req).toMatchObject({
      steps: 300,
      batch: 16,
      seed: 1,
      data: { kind: 'shapes', seed: 1, count: 2000 },
    });
    expect(req.runs.map((r) => r.variant)).toEqual([
      { network: 'inception_v3', width: 0.25, input: 48 },
      { network: 'inception_resnet_v1', width: 0.25, input: 48 },
    ]);
    // No recipe loaded yet: only augmentation goes out, the engine uses the paper's defaults.
    expect(req.runs[1].recipe).toEqual({ augment: { crop: true, flip: true } });
  });
});

describe('schedule summary', () => {
  const r = {
    lr: 0.045,
    decayRate: 0.94,
    decayEpochs: 2,
    schedule: 'rescaled',
    referenceEpochs: 100,
  } as import('../../../src-main/shared/protocol/index').Recipe;
  it('spreads the paper’s 50 decays over a short run', () => {
    // 100 / 2 = 50 decays over 300 steps: every 6 steps; 0.045 × 0.94^50.
    const s = scheduleSummary(r, 300, 112);
    expect(s.decays).toBe(50);
    expect(s.every).toBe(6);
    expect(s.endLr).toBeCloseTo(0.045 * Math.pow(0.94, 50), 15);
  });
  it('decays per real epoch, or not at all', () => {
    // 300 steps at 50 per epoch = 6 epochs → 3 decays every 100 steps.
    expect(scheduleSummary({ ...r, schedule: 'epochs' }, 300, 50)).toMatchObject({ decays: 3, every: 100 });
    expect(scheduleSummary({ ...r, schedule: 'constant' }, 300, 50)).toMatchObject({
      decays: 0,
      endLr: 0.045,
    });
  });
});

describe('the training-loss charts', () => {
  it('chart the main head by default and keep the total (with weighted aux) apart', () => {
    const s = { ...step(3, 2.4, { AuxLogits: 1 }), main: 2.0 };
    const h = { steps: [s], val: [] };
    expect([...appPoints(h, 'train.main', 'step')!.ys]).toEqual([2.0]);
    expect([...appPoints(h, 'train.loss', 'step')!.ys]).toEqual([2.4]);
    expect(CHART_DEFAULTS.hidden.has('train.loss')).toBe(true);
    expect(CHART_DEFAULTS.hidden.has('train.main')).toBe(false);
  });
});
