import { describe, expect, it } from 'vitest';
import { NodeActivations } from '../../../src-main/engine/activations/nodes.js';
import { ActivationStore, type ActivationRun } from '../../../src-main/engine/activations/pass.js';

// One row of two pixels, two channels (NHWC): pixel 0 = [0, 3], pixel 1 = [2, -1].
const tensor = () => ({ shape: [1, 1, 2, 2], data: Float32Array.of(0, 3, 2, -1) });

describe('lazy node activations', () => {
  it('knows shape and exact stats before coding, and codes a node once on request', () => {
    const nodes = new NodeActivations();
    nodes.add('a', tensor());
    const s = nodes.summary('a')!;
    expect(s.shape).toEqual([1, 2, 2]);
    expect(s.layout).toBe('chw');
    // By hand: channel 0 holds 0 and 2, channel 1 holds 3 and -1.
    expect(Array.from(s.stats.min)).toEqual([0, -1]);
    expect(Array.from(s.stats.max)).toEqual([2, 3]);
    expect(Array.from(s.stats.mean)).toEqual([1, 1]);
    expect(Array.from(s.stats.zeros)).toEqual([0.5, 0]);
    expect(Array.from(s.offset)).toEqual([0, -1]);
    expect(Array.from(s.scale)).toEqual([Math.fround(2 / 255), Math.fround(4 / 255)]);
    const q = nodes.get('a')!;
    // Channel planes: ch0 = [0→0, 2→255], ch1 = [3→255, -1→0].
    expect(Array.from(q.data)).toEqual([0, 255, 255, 0]);
    expect(nodes.get('a')).toBe(q);
    expect(nodes.get('missing')).toBeUndefined();
  });

  it('the store keeps floats for the newest run only; older runs serve just the nodes already coded', () => {
    const run = (id: string): ActivationRun => {
      const nodes = new NodeActivations();
      nodes.add('seen', tensor());
      nodes.add('unseen', tensor());
      return { id, nodes } as ActivationRun;
    };
    const store = new ActivationStore(2);
    const first = run('first');
    store.add(first);
    first.nodes.get('seen');
    const held = first.nodes.bytes;
    store.add(run('second'));
    expect(first.nodes.released).toBe(true);
    expect(first.nodes.bytes).toBeLessThan(held);
    expect(Array.from(first.nodes.get('seen')!.data)).toEqual([0, 255, 255, 0]);
    expect(() => first.nodes.get('unseen')).toThrow(/run again/);
    expect(first.nodes.summary('unseen')!.shape).toEqual([1, 2, 2]);
    expect(store.get('second')!.nodes.released).toBe(false);
  });
});
