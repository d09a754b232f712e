import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import type { ConvLayer } from '../../../src-main/shared/spec.js';
import { PRINTED, REF, convsWithBias, group, kernels, layerNodes } from './helpers.js';

const ref = REF.bn_inception_side_note;

describe('bn_inception (Caffe port of P2 Figure 5)', () => {
  const a = analyse(buildNetwork('bn_inception'));

  it('matches Cadene BNInception at 224: params, MACs, BN channels', () => {
    expect(a.spec.flavour).toBe('paper');
    expect(a.spec.variant.input).toEqual([224, 224, 3]);
    expect(a.output).toEqual(ref.out);
    expect(a.totals.params.pytorch).toBe(ref.params_total);
    expect(a.totals.macs).toBe(ref.macs);
    expect(a.totals.bnChannels).toBe(ref.bn_channels_total);
    expect(a.totals.params.kerasNonTrainable).toBe(ref.bn_running);
    expect(a.totalsWithAux.params.pytorch).toBe(ref.params_total);
  });

  it('has 69 biased convs, 69 BN (eps 1e-5), one linear, the reference kernels and feature map', () => {
    expect(a.totals.convLayers).toBe(ref.conv2d);
    expect(convsWithBias(a)).toBe(ref.conv2d_with_bias);
    expect(a.totals.bnLayers).toBe(ref.batchnorm2d);
    expect(a.totals.denseLayers).toBe(ref.linear);
    const eps = new Set(
      layerNodes(a).flatMap((n) => (n.layer?.op === 'conv' ? [(n.layer as ConvLayer).bn!.eps] : [])),
    );
    expect([...eps]).toEqual(ref.batchnorm_eps);
    expect(kernels(a)).toEqual(ref.kernels);
    expect(group(a, 'inception_5b').outShape).toEqual([
      ref.features_shape[1],
      ref.features_shape[2],
      ref.features_shape[0],
    ]);
  });

  it('each module is built from its Figure 5 row', () => {
    for (const [id, cols] of Object.entries(PRINTED.bn_inception_figure5_columns) as [
      string,
      (number | string)[],
    ][]) {
      const m = a.spec.stages.flatMap((s) => s.modules).find((x) => x.name === `inception_${id}`)!;
      expect(m.paperName).toBe(`inception (${id})`);
      expect(Object.values(m.params!)).toEqual(cols);
      expect(m.figure).toEqual({ paper: 'P2', figure: 'Figure 5 (Appendix)' });
    }
  });

  it('the stride-2 modules halve the grid (3c: 28 → 14, 4e: 14 → 7)', () => {
    expect(group(a, 'inception_3c').inShape.slice(0, 2)).toEqual([28, 28]);
    expect(group(a, 'inception_3c').outShape).toEqual([14, 14, 576]);
    expect(group(a, 'inception_4e').outShape.slice(0, 2)).toEqual([7, 7]);
  });
});
