import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as paperTableCmd from '../../../src-main/cli/commands/paper-table.js';
import { runPaperTable } from '../../../src-main/cli/commands/paper-table.js';
import * as summaryCmd from '../../../src-main/cli/commands/summary.js';
import { runSummary, type SummaryJson } from '../../../src-main/cli/commands/summary.js';
import * as zooCmd from '../../../src-main/cli/commands/zoo.js';
import { runZoo, type ZooJson } from '../../../src-main/cli/commands/zoo.js';
import { REF } from '../specs/helpers.js';

const keras = REF.inception_v3.keras_include_top_true;
const tvAux = REF.inception_v3.torchvision_aux_true;

describe('summary', () => {
  it("--json --convention keras gives Keras' counts, and the layer rows add up to the totals", () => {
    const d = JSON.parse(runSummary('inception_v3', { json: true, convention: 'keras' })) as SummaryJson;
    expect(d.schema).toBe('inception-explorer/summary@1');
    expect([d.totals.params, d.totals.trainable, d.totals.nonTrainable]).toEqual([
      keras.total_params,
      keras.trainable_params,
      keras.non_trainable_params,
    ]);
    expect(d.totals.macs).toBe(keras.macs);
    expect(d.layers.reduce((s, l) => s + l.params, 0)).toBe(d.totals.params);
    expect(d.layers.reduce((s, l) => s + l.macs, 0)).toBe(d.totals.macs);
    expect(d.layers.some((l) => l.aux !== null)).toBe(false);
    expect(d.totalsWithAux.pytorch).toBe(tvAux.params_total);
    expect(d.auxHeads).toEqual([
      expect.objectContaining({ name: 'AuxLogits', attachTo: 'Mixed_6e', lossWeight: 0.4 }),
    ]);
  });

  it('--aux lists the aux-head layers; pytorch is the default convention', () => {
    const d = JSON.parse(runSummary('googlenet', { json: true, aux: true })) as SummaryJson;
    expect(d.convention).toBe('pytorch');
    const aux = d.layers.filter((l) => l.aux !== null);
    expect(new Set(aux.map((l) => l.aux))).toEqual(new Set(['aux1', 'aux2']));
    expect(d.layers.reduce((s, l) => s + l.params, 0)).toBe(REF.googlenet.paper_style_aux_true.params_total);
  });

  it('the text form has the layer table, the totals and the choices', () => {
    const text = runSummary('inception_v3');
    expect(text).toMatch(/^name\s+type\s+output shape\s+params\s+MACs$/m);
    expect(text).toMatch(/Mixed_5b\/Branch_1\/Conv2d_0b_5x5\s+conv 5×5\/1 same, BN\s+35×35×64\s+76,928/);
    expect(text).toContain('params (pytorch): 23,834,568');
    expect(text).toContain('MACs: 5,713,216,096');
    expect(text).toContain('Choices and deviations:');
  });

  it('applies the variant knobs', () => {
    const d = JSON.parse(
      runSummary('bn_inception', { json: true, width: 0.25, input: 32, classes: 10 }),
    ) as SummaryJson;
    expect(d.variant).toEqual({ input: [32, 32, 3], classes: 10, width: 0.25 });
    expect(d.output).toEqual([10]);
  });

  it('names the known networks when given an unknown one', () => {
    expect(() => runSummary('alexnet')).toThrow(/unknown network 'alexnet' \(known: googlenet, inception_v2/);
  });
});

describe('zoo', () => {
  it('lists every network with its flavours, default first-marked, and reference totals', () => {
    const d = JSON.parse(runZoo({ json: true })) as ZooJson;
    expect(d.networks.map((n) => n.id)).toEqual([
      'googlenet',
      'inception_v2',
      'inception_v3',
      'inception_v4',
      'inception_resnet_v1',
      'inception_resnet_v2',
      'bn_inception',
    ]);
    const g = d.networks[0]!;
    expect(g.flavours.map((f) => [f.id, f.default, f.params, f.paramsWithAux])).toEqual([
      [
        'paper',
        true,
        REF.googlenet.paper_style_aux_false.params_total,
        REF.googlenet.paper_style_aux_true.params_total,
      ],
      [
        'torchvision',
        false,
        REF.googlenet.torchvision_aux_false.params_total,
        REF.googlenet.torchvision_aux_true.params_total,
      ],
    ]);
    expect(runZoo()).toMatch(/inception_v3\s+released \(default\)\s+299×299\s+23,834,568/);
  });
});

describe('paper-table', () => {
  it('prints printed and computed side by side, with numbered notes', () => {
    const text = runPaperTable('googlenet');
    expect(text).toMatch(/^\[1\]\s+convolution\s+7×7\/2\s+112×112×64\s+1\s+2\.7K\s+9\.4K\s+34M\s+118M$/m);
    expect(text).toMatch(/^\[1\] 9,408 weights/m);
  });

  it('--json carries the schema and the table', () => {
    const d = JSON.parse(runPaperTable('inception_v4', { json: true }));
    expect(d.schema).toBe('inception-explorer/paper-table@1');
    expect(d.rows).toHaveLength(3);
  });

  it('rejects unknown tables', () => {
    expect(() => runPaperTable('vgg')).toThrow(/known: googlenet, inception_v2, inception_v4/);
  });
});

describe('register()', () => {
  afterEach(() => vi.restoreAllMocks());
  const program = () => {
    const p = new Command('inception-explorer')
      .exitOverride()
      .configureOutput({ writeErr: () => {}, writeOut: () => {} });
    for (const c of [zooCmd, summaryCmd, paperTableCmd]) c.register(p);
    return p;
  };
  const run = (...args: string[]): string => {
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    program().parse(['node', 'inception-explorer', ...args]);
    return out.join('\n');
  };

  it('parses summary options', () => {
    const d = JSON.parse(
      run(
        'summary',
        'googlenet',
        '--flavour',
        'torchvision',
        '--convention',
        'keras',
        '--classes',
        '1001',
        '--width',
        '0.5',
        '--input',
        '75',
        '--json',
      ),
    ) as SummaryJson;
    expect([d.flavour, d.convention, d.variant.classes, d.variant.width, d.variant.input[0]]).toEqual([
      'torchvision',
      'keras',
      1001,
      0.5,
      75,
    ]);
  });

  it('rejects bad option values', () => {
    expect(() => run('summary', 'googlenet', '--flavour', 'tf')).toThrow();
    expect(() => run('summary', 'googlenet', '--width', '-1')).toThrow();
    expect(() => run('paper-table', 'vgg')).toThrow();
  });

  it('runs zoo and paper-table', () => {
    expect(run('zoo')).toContain('bn_inception');
    expect(run('paper-table', 'inception_v2')).toContain('P3 Table 1');
  });
});
