import { describe, expect, it } from 'vitest';
import { BROWSE_DEFAULTS, knobsFromExtra, knobsToExtra, mergeExtra } from './link';

describe('Browse knobs in the link', () => {
  it('writes nothing for the defaults', () => {
    expect(knobsToExtra(BROWSE_DEFAULTS)).toEqual({});
  });
  it('round-trips every knob', () => {
    const k = {
      tab: 'figures' as const,
      width: 0.5,
      classes: 10,
      extraAux: true,
      training: true,
      convention: 'keras' as const,
      figure: {
        network: 'inception_v4' as const,
        flavour: 'paper' as const,
        module: 'reduction_a',
        variant: 'fig9' as const,
      },
      compareWith: 'inception_resnet_v2' as const,
    };
    expect(knobsToExtra(k)).toEqual({
      tab: 'figures',
      figure: 'inception_v4:paper:reduction_a',
      variant: 'fig9',
      width: '0.5',
      classes: '10',
      graph: 'training',
      heads: 'all',
      conv: 'keras',
    });
    expect(knobsFromExtra(knobsToExtra(k))).toEqual(k);
    const c = { ...BROWSE_DEFAULTS, tab: 'compare' as const, compareWith: 'googlenet' as const };
    expect(knobsFromExtra(knobsToExtra(c))).toEqual(c);
  });
  it('ignores malformed values', () => {
    expect(knobsFromExtra({ tab: 'x', width: '-1', classes: '1.5', with: 'vgg', figure: 'nope' })).toEqual(
      BROWSE_DEFAULTS,
    );
  });
  it('keeps keys it does not own', () => {
    expect(mergeExtra({ expand: 'all', tab: 'figures' }, BROWSE_DEFAULTS)).toEqual({ expand: 'all' });
  });
});
