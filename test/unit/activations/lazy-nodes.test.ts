import { describe, expect, it } from 'vitest';
import { NodeActivations } from '../../../src-main/engine/activations/nodes.js';
import { ActivationStore, type ActivationRun } from '../../../src-main/engine/activations/pass.js';

// One row of two pixels, two channels (NHWC): pixel 0 = [0, 3], pixel 1 = [2, -1].
const tensor = () => ({ shape: [1, 1, 2, 2], data: Float32Array.of(0, 3, 2, -1) });

describe('lazy node activations', () => {
  it('knows shape and exact stats before coding, and codes a node once on request', async () => {
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
    const q = (await nodes.get('a'))!;
    // Channel planes: ch0 = [0→0, 2→255], ch1 = [3→255, -1→0].
    expect(Array.from(q.data)).toEqual([0, 255, 255, 0]);
    expect(await nodes.get('a')).toBe(q);
    expect(await nodes.get('missing')).toBeUndefined();
  });

  it('the store keeps floats for the newest run only; older runs serve just the nodes already coded', async () => {
    const run = (id: string): ActivationRun => {
      const nodes = new NodeActivations();
      nodes.add('seen', tensor());
      nodes.add('unseen', tensor());
      return { id, nodes } as ActivationRun;
    };
    const store = new ActivationStore(2);
    const first = run('first');
    store.add(first);
    await first.nodes.get('seen');
    const held = first.nodes.bytes;
    store.add(run('second'));
    expect(first.nodes.released).toBe(true);
    expect(first.nodes.bytes).toBeLessThan(held);
    expect(Array.from((await first.nodes.get('seen'))!.data)).toEqual([0, 255, 255, 0]);
    await expect(first.nodes.get('unseen')).rejects.toThrow(/run again/);
    expect(first.nodes.summary('unseen')!.shape).toEqual([1, 2, 2]);
    expect(store.get('second')!.nodes.released).toBe(false);
  });

  it('codes measured nodes from fetched planes: one re-run for requests of the same tick, plus a window', async () => {
    // Three 1×2 feature maps of 2 channels, as CHW planes; stats measured "in the graph" (by hand).
    const planes: Record<string, Float32Array> = {
      a: Float32Array.of(0, 2, 3, -1), // ch0 = [0, 2], ch1 = [3, -1]
      b: Float32Array.of(1, 1, 0, 0),
      c: Float32Array.of(5, 0, 0, 0),
    };
    const measured = {
      a: { min: Float32Array.of(0, -1), max: Float32Array.of(2, 3), mean: Float32Array.of(1, 1) },
      b: { min: Float32Array.of(1, 0), max: Float32Array.of(1, 0), mean: Float32Array.of(1, 0) },
      c: { min: Float32Array.of(0, 0), max: Float32Array.of(5, 0), mean: Float32Array.of(2.5, 0) },
    };
    const calls: string[][] = [];
    const nodes = new NodeActivations();
    for (const id of ['a', 'b', 'c'] as const) nodes.addMeasured(id, [1, 2, 2], measured[id]);
    nodes.setFetcher(
      async (ids) => {
        calls.push([...ids]);
        return Object.fromEntries(ids.map((id) => [id, planes[id]!]));
      },
      ['a', 'b', 'c'],
    );
    expect(Number.isNaN(nodes.summary('a')!.stats.zeros[0])).toBe(true); // unknown until fetched
    const [qa, qb] = await Promise.all([nodes.get('a'), nodes.get('b')]);
    expect(calls).toEqual([['a', 'b', 'c']]); // both asks and the window after them, in one re-run
    expect(Array.from(qa!.data)).toEqual([0, 255, 255, 0]);
    expect(Array.from(qb!.data)).toEqual([0, 0, 0, 0]); // constant channels code to 0 and stay exact
    expect(Array.from(nodes.summary('a')!.stats.zeros)).toEqual([0.5, 0]);
    expect(Array.from(nodes.summary('b')!.stats.zeros)).toEqual([0, 1]);
    await nodes.get('c');
    expect(calls.length).toBe(1); // already coded by the window
  });

  it('clamps a value a hair outside the measured range instead of wrapping the 8-bit code', async () => {
    const nodes = new NodeActivations();
    nodes.addMeasured('a', [1, 2, 1], {
      min: Float32Array.of(0),
      max: Float32Array.of(1),
      mean: Float32Array.of(0.5),
    });
    nodes.setFetcher(async () => ({ a: Float32Array.of(-1e-6, 1 + 1e-6) }), ['a']);
    expect(Array.from((await nodes.get('a'))!.data)).toEqual([0, 255]);
  });

  it('a failed re-run rejects the waiting requests, and the next request tries again', async () => {
    const nodes = new NodeActivations();
    nodes.addMeasured('a', [1, 1, 1], {
      min: Float32Array.of(0),
      max: Float32Array.of(1),
      mean: Float32Array.of(0),
    });
    let fail = true;
    nodes.setFetcher(async () => {
      if (fail) throw new Error('session lost');
      return { a: Float32Array.of(1) };
    }, ['a']);
    await expect(nodes.get('a')).rejects.toThrow(/session lost/);
    fail = false;
    expect(Array.from((await nodes.get('a'))!.data)).toEqual([255]);
  });
});
