import { describe, expect, it } from 'vitest';
import { analyse, SpecError } from '../../../src-main/analysis/analyse.js';
import { outDim } from '../../../src-main/analysis/shapes.js';
import {
  avgpool,
  bnStyle,
  concat,
  conv,
  dense,
  maxpool,
  pad,
  residual,
  seq,
  unit,
} from '../../../src-main/zoo/layers.js';
import type { AuxHead, Block, Module, NetworkSpec } from '../../../src-main/shared/spec.js';

const mod = (name: string, body: Block): Module => ({ name, paperName: name, type: 't', body });

function net(
  modules: Module[],
  input: [number, number, number] = [8, 8, 4],
  aux: AuxHead[] = [],
): NetworkSpec {
  return {
    id: 'googlenet',
    flavour: 'paper',
    title: 't',
    paper: 'P1',
    variant: { input, classes: 10, width: 1 },
    stages: [{ name: 'only', modules }],
    aux,
    choices: [],
  };
}

describe('outDim (hand-computed)', () => {
  it('TF same and valid', () => {
    expect(outDim(224, 7, 2, 'same', 0)).toBe(112); // ceil(224/2)
    expect(outDim(299, 3, 2, 'valid', 0)).toBe(149); // floor(296/2)+1
    expect(outDim(147, 3, 1, 'valid', 0)).toBe(145);
  });
  it('explicit padding and PyTorch ceil mode', () => {
    expect(outDim(224, 7, 2, pad(3), 0)).toBe(112); // floor((224+6-7)/2)+1
    expect(outDim(112, 3, 2, 'valid', 0, true)).toBe(56); // ceil(109/2)+1; floor mode gives 55
    expect(outDim(112, 3, 2, 'valid', 0, false)).toBe(55);
    // ceil would give ceil(5/2)+1 = 4, but the 4th window would start in the right padding: 3.
    expect(outDim(5, 2, 2, pad(1), 0, true)).toBe(3);
  });
});

describe('analyse on a small hand-made network', () => {
  const bn = bnStyle(0.001, false);
  const spec = net([
    mod('c1', unit(bn, 'c1', 16, 3, { strides: 2 })),
    mod(
      'mix',
      concat(
        'mix',
        seq('a', conv('x', 8, 1)),
        seq('b', conv('y', 4, 3, { bias: true }), conv('z', 4, 3)),
        seq('p', maxpool('pool', 3, 1, 'same')),
      ),
    ),
    mod(
      'res',
      residual(
        'res',
        seq('body', conv('r1', 6, 1), conv('up', 'match-input', 1, { activation: 'linear', bias: true })),
        0.2,
      ),
    ),
    mod('gap', { op: 'globalavgpool', name: 'gap' }),
    mod('fc', dense('fc', 'classes')),
  ]);
  const a = analyse(spec);
  const n = (id: string) => a.nodes.find((x) => x.id === id)!;

  it('gives path ids, concat and add nodes', () => {
    expect(a.nodes.map((x) => x.id)).toEqual([
      'input',
      'c1',
      'mix/a/x',
      'mix/b/y',
      'mix/b/z',
      'mix/p/pool',
      'mix/concat',
      'res/r1',
      'res/up',
      'res/add',
      'gap',
      'fc',
    ]);
    expect(n('mix/concat').inputs).toEqual(['mix/a/x', 'mix/b/z', 'mix/p/pool']);
    expect(n('res/add')).toMatchObject({
      kind: 'add',
      scale: 0.2,
      activation: 'relu',
      inputs: ['mix/concat', 'res/up'],
    });
    expect(n('mix/b/z').groups).toEqual(['only', 'mix', 'mix/b']);
  });

  it('computes shapes, resolving match-input and classes', () => {
    expect(n('c1').outShape).toEqual([4, 4, 16]);
    expect(n('mix/concat').outShape).toEqual([4, 4, 8 + 4 + 16]);
    expect(n('res/up').outShape).toEqual([4, 4, 28]);
    expect(a.output).toEqual([10]);
  });

  it('counts parameters in both conventions and MACs', () => {
    // c1: 3·3·4·16 = 576 weights; BN 16 channels: PyTorch γ+β, Keras β + 2·16 moving stats.
    expect(n('c1').params).toEqual({ pytorch: 576 + 32, kerasTrainable: 576 + 16, kerasNonTrainable: 32 });
    expect(n('c1').macs).toBe(4 * 4 * 16 * 3 * 3 * 4);
    // y: 3·3·16·4 + 4 bias
    expect(n('mix/b/y').params.pytorch).toBe(580);
    // up: 1·1·6·28 + 28 bias
    expect(n('res/up').params.pytorch).toBe(196);
    expect(n('fc').params.pytorch).toBe(28 * 10 + 10);
    expect(n('fc').macs).toBe(280);
    expect(a.totals.bnLayers).toBe(1);
    expect(a.totals.bnChannels).toBe(16);
    const sum = a.nodes.reduce((s, x) => s + x.params.pytorch, 0);
    expect(a.totals.params.pytorch).toBe(sum);
    expect(a.groups.find((g) => g.id === 'mix')!.params.pytorch).toBe(8 * 16 + 580 + 9 * 4 * 4);
  });

  it('computes receptive fields', () => {
    expect(n('c1').rf).toEqual({ size: [3, 3], jump: [2, 2] });
    // 3×3 on a jump-2 field: 3 + 2·2 = 7, then another 3×3: 11.
    expect(n('mix/b/z').rf).toEqual({ size: [11, 11], jump: [2, 2] });
    expect(n('mix/concat').rf).toEqual({ size: [11, 11], jump: [2, 2] });
    // The global pool sees the whole 4×4 map: 11 + 3·2 = 17.
    expect(n('gap').rf.size).toEqual([17, 17]);
    expect(a.groups.find((g) => g.id === 'mix')!.rf.size).toEqual([11, 11]);
  });

  it('keeps aux heads out of the inference totals', () => {
    const head: AuxHead = {
      name: 'side',
      attachTo: 'c1',
      lossWeight: 0.3,
      trainingOnly: true,
      body: seq('side', avgpool('p', 2, 2), { op: 'flatten', name: 'f' }, dense('fc', 'classes')),
    };
    const b = analyse(net(spec.stages[0]!.modules, [8, 8, 4], [head]));
    expect(b.totals).toEqual(a.totals);
    expect(b.totalsWithAux.params.pytorch - b.totals.params.pytorch).toBe(2 * 2 * 16 * 10 + 10);
    expect(b.groups.find((g) => g.id === 'side')).toMatchObject({
      kind: 'aux',
      attachTo: 'c1',
      lossWeight: 0.3,
      outShape: [10],
    });
    expect(b.nodes.find((x) => x.id === 'side/p')!.aux).toBe('side');
  });
});

describe('malformed specs give errors that name the module', () => {
  const err = (spec: NetworkSpec): SpecError => {
    try {
      analyse(spec);
    } catch (e) {
      expect(e).toBeInstanceOf(SpecError);
      return e as SpecError;
    }
    throw new Error('expected a SpecError');
  };

  it('concat of mismatched H×W', () => {
    const e = err(
      net([
        mod(
          'badmix',
          concat('badmix', seq('a', conv('v', 4, 3, { padding: 'valid' })), seq('b', conv('s', 4, 1))),
        ),
      ]),
    );
    expect(e.module).toBe('badmix');
    expect(e.message).toMatch(/module 'badmix'.*mismatched H×W: a 6×6×4, b 8×8×4/);
  });

  it('a non-positive size', () => {
    expect(err(net([mod('neg', conv('c', -4, 3))])).message).toMatch(
      /module 'neg'.*non-positive size: filters -4/,
    );
    expect(err(net([mod('k0', conv('c', 4, 0))])).message).toMatch(/module 'k0'.*non-positive/);
    expect(err(net([mod('ok', conv('c', 4, 1))], [0, 8, 3])).message).toMatch(
      /module 'input'.*non-positive size/,
    );
    expect(err(net([mod('shrink', conv('c', 4, 9, { padding: 'valid' }))])).message).toMatch(
      /module 'shrink'.*kernel 9 is larger/,
    );
  });

  it('a residual whose body does not return to the input width', () => {
    const e = err(net([mod('block', residual('block', seq('body', conv('c', 5, 1)), 0.1))]));
    expect(e.message).toMatch(/module 'block'.*residual 'block' body returns 8×8×5 but its input is 8×8×4/);
  });

  it("'match-input' outside a residual", () => {
    expect(err(net([mod('loose', conv('c', 'match-input', 1))])).message).toMatch(
      /module 'loose'.*outside a residual/,
    );
  });

  it('an aux head on an unknown module', () => {
    const head: AuxHead = {
      name: 'aux9',
      attachTo: 'nowhere',
      lossWeight: 0.3,
      trainingOnly: true,
      body: seq('aux9', dense('fc', 2)),
    };
    const e = err(net([mod('c', conv('c', 4, 1))], [8, 8, 4], [head]));
    expect(e.module).toBe('aux9');
    expect(e.message).toMatch(/unknown module 'nowhere'/);
  });

  it('duplicate ids', () => {
    expect(err(net([mod('twin', conv('c', 4, 1)), mod('twin', conv('c', 4, 1))])).message).toMatch(/twin/);
  });
});
