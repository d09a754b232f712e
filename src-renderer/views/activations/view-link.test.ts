import { describe, expect, it } from 'vitest';
import { viewKeysFromLink, viewKeysToExtra } from './view-link';

describe('Activations view link keys', () => {
  it('reads a bundled sample, a scale and a channel, and writes them back', () => {
    const k = viewKeysFromLink({ image: 'chelsea.png', scale: 'layer', channel: '5', width: '0.5' });
    expect(k).toEqual({ image: 'chelsea.png', scale: 'layer', channel: 5 });
    expect(viewKeysToExtra(k)).toEqual({ image: 'chelsea.png', scale: 'layer', channel: '5' });
  });

  it('leaves out what is malformed: paths, unknown scales, negative or fractional channels', () => {
    expect(viewKeysFromLink({ image: '../../etc/passwd', scale: 'loud', channel: '-1' })).toEqual({});
    expect(viewKeysFromLink({ image: 'a/b.png', channel: '1.5' })).toEqual({});
  });

  it('writes nothing for the defaults (per-channel scale, no channel, no sample)', () => {
    expect(viewKeysToExtra({ scale: 'channel' })).toEqual({});
  });
});
