import { describe, expect, it } from 'vitest';
import {
  DeepLinkError,
  linkUrl,
  parseLink,
  sameLink,
  serialiseLink,
  type LinkState,
} from '../../../src-main/shared/deeplink/deeplink.js';

describe('deep links', () => {
  it('serialises a browse state with keys in a fixed order', () => {
    const s: LinkState = {
      view: 'browse',
      node: 'inception_4a/branch2/conv_1',
      module: 'inception_4a',
      flavour: 'paper',
      network: 'googlenet',
    };
    expect(serialiseLink(s)).toBe(
      '#/browse?network=googlenet&flavour=paper&module=inception_4a&node=inception_4a/branch2/conv_1',
    );
  });

  it('round-trips every field, with extras sorted', () => {
    const s: LinkState = {
      view: 'lessons',
      network: 'inception_v3',
      flavour: 'released',
      module: 'Mixed_6b',
      node: 'Mixed_6b/branch7x7/conv_1',
      lesson: 8,
      step: 2,
      present: true,
      extra: { zoom: '1.5', compare: 'inception_resnet_v1' },
    };
    const h = serialiseLink(s);
    expect(h).toBe(
      '#/lessons?network=inception_v3&flavour=released&module=Mixed_6b&node=Mixed_6b/branch7x7/conv_1&lesson=8&step=2&present=1&compare=inception_resnet_v1&zoom=1.5',
    );
    expect(parseLink(h)).toEqual(s);
  });

  it('escapes characters that would break the query', () => {
    const s: LinkState = { view: 'browse', network: 'googlenet', node: 'a b&c=d' };
    const h = serialiseLink(s);
    expect(h).toBe('#/browse?network=googlenet&node=a+b%26c%3Dd');
    expect(parseLink(h).node).toBe('a b&c=d');
  });

  it('accepts a full web-mode URL, a bare path and the app scheme', () => {
    const want: LinkState = { view: 'lessons', lesson: 7, step: 1 };
    expect(parseLink('http://127.0.0.1:4173/?token=abc#/lessons?lesson=7&step=1')).toEqual(want);
    expect(parseLink('/lessons?lesson=7&step=1')).toEqual(want);
    expect(parseLink('inception-explorer://lessons?lesson=7&step=1')).toEqual(want);
    expect(parseLink('inception-explorer://open#/lessons?lesson=7&step=1')).toEqual(want);
  });

  it('an empty hash is the browse view', () => {
    expect(parseLink('#')).toEqual({ view: 'browse' });
    expect(parseLink('http://127.0.0.1:4173/')).toEqual({ view: 'browse' });
  });

  it('present=0 means off and is not written back', () => {
    expect(parseLink('#/lessons?lesson=1&present=0')).toEqual({ view: 'lessons', lesson: 1 });
    expect(serialiseLink({ view: 'lessons', lesson: 1, present: false })).toBe('#/lessons?lesson=1');
  });

  it('rejects bad values with a message that names them', () => {
    expect(() => parseLink('#/browse?network=resnet50')).toThrow(/unknown network "resnet50"/);
    expect(() => parseLink('#/browse?flavour=keras')).toThrow(DeepLinkError);
    expect(() => parseLink('#/lessons?lesson=14')).toThrow(/between 1 and 13/);
    expect(() => parseLink('#/lessons?lesson=0')).toThrow(/between 1 and 13/);
    expect(() => parseLink('#/lessons?step=two')).toThrow(/whole number/);
    expect(() => parseLink('#/Bad View')).toThrow(/unknown view/);
    expect(() => parseLink('ftp://x')).toThrow(/not a link/);
  });

  it('linkUrl replaces the hash of the base', () => {
    expect(linkUrl('http://127.0.0.1:1/?t=1#/old', { view: 'glossary' })).toBe(
      'http://127.0.0.1:1/?t=1#/glossary',
    );
  });

  it('sameLink ignores key order and undefined fields', () => {
    expect(
      sameLink(
        { view: 'browse', network: 'googlenet', module: undefined },
        { view: 'browse', network: 'googlenet' },
      ),
    ).toBe(true);
    expect(sameLink({ view: 'browse' }, { view: 'lessons' })).toBe(false);
  });
});
