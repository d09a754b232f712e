import { describe, expect, it } from 'vitest';
import { parseLink } from '../../../src-main/shared/deeplink/deeplink';
import { linkForVariant, variantFromLink } from './link';

describe('activations deep link', () => {
  it('takes the network, flavour and a reduced width and input', () => {
    expect(
      variantFromLink(parseLink('#/activations?network=googlenet&flavour=torchvision&input=96&width=0.25')),
    ).toEqual({
      id: 'googlenet',
      flavour: 'torchvision',
      width: 0.25,
      input: 96,
    });
  });
  it('defaults to Inception-v3 and ignores knobs out of range', () => {
    expect(variantFromLink(parseLink('#/activations'))).toEqual({ id: 'inception_v3' });
    expect(variantFromLink(parseLink('#/activations?network=inception_v4&width=0&input=12'))).toEqual({
      id: 'inception_v4',
    });
    expect(
      variantFromLink(parseLink('#/activations?network=inception_v4&width=abc&input=99.5&classes=0')),
    ).toEqual({ id: 'inception_v4' });
  });
  it('takes a class count (the reduced fixtures have 10)', () => {
    expect(
      variantFromLink(
        parseLink('#/activations?network=inception_resnet_v2&width=0.03125&input=75&classes=10'),
      ),
    ).toEqual({
      id: 'inception_resnet_v2',
      width: 0.03125,
      input: 75,
      classes: 10,
    });
  });

  it('pins a variant in the link so that reading it back gives the same variant', () => {
    const cur = parseLink('#/activations?network=googlenet&node=conv1&input=96&keep=1');
    const v = {
      id: 'inception_v3' as const,
      flavour: 'released' as const,
      width: 0.125,
      input: 75,
      classes: 10,
    };
    const next = linkForVariant(v, cur);
    expect(next).toEqual({
      network: 'inception_v3',
      flavour: 'released',
      module: undefined,
      node: undefined,
      extra: { keep: '1', width: '0.125', input: '75', classes: '10' },
    });
    expect(variantFromLink({ ...cur, ...next })).toEqual(v);
  });
});
