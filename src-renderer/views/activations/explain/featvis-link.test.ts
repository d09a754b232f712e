/** Feature visualisation's link keys: read back what was written; malformed values are dropped. */
import { describe, expect, it } from 'vitest';
import { parseLink } from '../../../../src-main/shared/deeplink/deeplink';
import { featvisFromLink, featvisToExtra } from '../link';

describe('feature visualisation deep link', () => {
  it('round-trips steps and diversity, and writes nothing for the defaults', () => {
    expect(featvisToExtra({ steps: 512, diversity: false })).toEqual({});
    const extra = featvisToExtra({ steps: 128, diversity: true });
    expect(extra).toEqual({ fvsteps: '128', fvdiv: '1' });
    const l = parseLink(
      '#/activations?network=googlenet&node=inception4c%2Fconcat&channel=97&fvsteps=128&fvdiv=1',
    );
    expect(featvisFromLink(l.extra)).toEqual({ steps: 128, diversity: true });
  });
  it('ignores steps out of range or not integers', () => {
    expect(featvisFromLink({ fvsteps: '0' })).toEqual({});
    expect(featvisFromLink({ fvsteps: '5000' })).toEqual({});
    expect(featvisFromLink({ fvsteps: '12.5', fvdiv: 'yes' })).toEqual({});
  });
});
