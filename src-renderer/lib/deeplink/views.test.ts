import { describe, expect, it } from 'vitest';
import { switchView } from './views.js';

describe('switchView', () => {
  it("carries the network, not the other view's node, into a view opened for the first time", () => {
    const from = { view: 'activations', network: 'googlenet' as const, node: 'inception_4a/branch2/conv_1' };
    expect(switchView(from, 'lessons')).toEqual({ view: 'lessons', network: 'googlenet' });
  });
  it('brings a view back as it was left', () => {
    const last = { view: 'lessons', lesson: 7, step: 2 };
    expect(switchView({ view: 'browse' }, 'lessons', last)).toEqual({ view: 'lessons', lesson: 7, step: 2 });
  });
  it('drops selections of another network when the shell network changed meanwhile', () => {
    const last = {
      view: 'browse',
      network: 'inception_v3' as const,
      module: 'Mixed_5b',
      extra: { tab: 'figures', figure: 'inception_v3::Mixed_5b', conv: 'keras' },
    };
    expect(switchView({ view: 'training', network: 'googlenet' }, 'browse', last)).toEqual({
      view: 'browse',
      network: 'googlenet',
      extra: { tab: 'figures', conv: 'keras' },
    });
  });
  it('keeps the flavour with its network', () => {
    const last = { view: 'browse', network: 'inception_v3' as const, flavour: 'torchvision' as const };
    expect(switchView({ view: 'activations', network: 'inception_v3' }, 'browse', last).flavour).toBe(
      'torchvision',
    );
  });
});
