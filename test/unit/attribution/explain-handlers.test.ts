/**
 * The explain.* protocol methods as the engine host calls them, on the Activations session's image and
 * weights (a reduced Inception-v3 with seeded weights): a map at the network's input size with the
 * input pixels, the faithfulness figure, progress events, IG's completeness, the branch split of a
 * module, the time estimate once a map has run, cancellation, and refusals as structured errors.
 */
import { describe, expect, it } from 'vitest';
import { ActivationSession } from '../../../src-main/engine/activations/session.js';
import { initBackend } from '../../../src-main/engine/backends.js';
import { lazyInference } from '../../../src-main/host/env.js';
import { activationHandlers } from '../../../src-main/host/handlers/activations.js';
import { explainHandlers } from '../../../src-main/host/handlers/explain.js';
import type { HandlerContext } from '../../../src-main/host/registry.js';
import {
  ProtocolError,
  tensorValues,
  type Method,
  type ProgressEvent,
} from '../../../src-main/shared/protocol/index.js';

const backend = initBackend({ force: 'cpu' });
const env = {
  backend,
  inference: lazyInference(backend),
  shell: 'web' as const,
  startedAt: 0,
  restarts: 0,
  version: 'test',
};
const session = new ActivationSession(env.inference);
const act = activationHandlers(env, session);
const h = explainHandlers(env, session);
const ctx = <M extends Method>(events: unknown[] = [], signal = new AbortController().signal) =>
  ({ id: 1, signal, emit: (e: unknown) => events.push(e) }) as HandlerContext<M>;
const network = {
  id: 'inception_v3' as const,
  flavour: 'released' as const,
  width: 1 / 32,
  input: 75,
  classes: 10,
};

async function subject() {
  const img = await act['image.load']({ sample: 'chelsea.png' }, ctx());
  const w = await act['weights.load']({ network, source: { random: 3 } }, ctx());
  return { imageId: img.imageId, weightsId: w.weightsId };
}

describe('explain protocol', () => {
  it('explain.attribution: a Grad-CAM map over the input pixels, its faithfulness and progress', async () => {
    const s = await subject();
    const before = await h['explain.estimate']({ weightsId: s.weightsId, method: 'gradcam' }, ctx());
    expect(before.ms).toBeUndefined();
    expect(before.backend).toMatch(/^(ONNX Runtime \(cpu\)|tfjs \(cpu\))$/);
    const events: unknown[] = [];
    const last = await h['explain.attribution']({ ...s, method: 'gradcam' }, ctx());
    expect(last.node).toBe('Mixed_7c/concat'); // the default: the last feature map, 1×1 at 75 px
    expect(last.flat).toBe(true);
    const r = await h['explain.attribution'](
      { ...s, method: 'gradcam', node: 'Mixed_5d/concat' },
      ctx(events),
    );
    expect(r.node).toBe('Mixed_5d/concat');
    expect(r.flat).toBe(false);
    expect(r.map.shape).toEqual([75, 75]);
    expect(r.pixels.shape).toEqual([75, 75, 3]);
    const map = tensorValues(r.map) as Float32Array;
    expect(Math.max(...map)).toBeCloseTo(1, 5);
    expect(Math.min(...map)).toBeGreaterThanOrEqual(0);
    expect(r.top).toHaveLength(5);
    expect(r.classes).toBe(10);
    expect(r.classIndex).toBe(r.top[0]!.classIndex);
    const f = r.faithfulness;
    expect(f.before).toBeCloseTo(r.top[0]!.probability, 5);
    expect(f.drop).toBeCloseTo(f.before - f.after, 9);
    expect(events.some((e) => (e as ProgressEvent).kind === 'progress')).toBe(true);
    const after = await h['explain.estimate']({ weightsId: s.weightsId, method: 'smoothgrad' }, ctx());
    expect(after.passes).toBe(25 + 3 + 1);
    expect(after.ms).toBeGreaterThan(0);
  }, 120_000);

  it('IG reports completeness; a chosen class and node are used', async () => {
    const s = await subject();
    const ig = await h['explain.attribution'](
      { ...s, method: 'integrated-gradients', classIndex: 4, options: { steps: 8 } },
      ctx(),
    );
    expect(ig.classIndex).toBe(4);
    expect(ig.node).toBe('input');
    expect(ig.completeness!.delta).not.toBe(0);
    expect(ig.passes).toBe(9 + 3 + 1);
    const cam = await h['explain.attribution']({ ...s, method: 'eigencam', node: 'Mixed_5b/concat' }, ctx());
    expect(cam.node).toBe('Mixed_5b/concat');
  }, 120_000);

  it('explain.branches: the branches of Mixed_5b share the class score and sum to the whole', async () => {
    const s = await subject();
    const b = await h['explain.branches']({ ...s, node: 'Mixed_5b/concat', classIndex: 2 }, ctx());
    expect(b.kind).toBe('concat');
    expect(b.parts).toHaveLength(4);
    expect(b.parts.reduce((x, p) => x + p.value, 0)).toBeCloseTo(b.total, 9);
    expect(b.parts.at(-1)!.channels![1]).toBe(
      b.parts.reduce((x, p) => x + (p.channels![1] - p.channels![0]), 0),
    );
  }, 120_000);

  it('a channel target replaces the class: the reply names it, and its faithfulness is the channel’s mean', async () => {
    const s = await subject();
    const target = { node: 'Mixed_5d/concat', channel: 7 };
    const r = await h['explain.attribution'](
      { ...s, method: 'gradcam', node: 'Mixed_5b/concat', target },
      ctx(),
    );
    expect(r.target).toEqual(target);
    expect(r.flat).toBe(false);
    // Before removal: the channel's spatial mean on the image, the mean row of the activations run's stats.
    const run = await act['activations.run'](s, ctx());
    const node = run.nodes.find((n) => n.id === 'Mixed_5d/concat')!;
    const stats = tensorValues(node.stats) as Float32Array;
    const C = node.shape[2]!;
    expect(r.faithfulness.before).toBeCloseTo(stats[2 * C + 7]!, 4);
    const split = await h['explain.branches']({ ...s, node: 'Mixed_5b/concat', target }, ctx());
    expect(split.parts.reduce((x, p) => x + p.value, 0)).toBeCloseTo(split.total, 9);
    const bad = await Promise.resolve(
      h['explain.attribution'](
        // Mixed_5d has 288 channels at full width, 9 at width 1/32.
        { ...s, method: 'gradient', target: { node: 'Mixed_5d/concat', channel: 9 } },
        ctx(),
      ),
    ).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ProtocolError);
    expect((bad as ProtocolError).message).toMatch(/target channel must be 0–8 for Mixed_5d\/concat/);
  }, 120_000);

  it('is cancellable and refuses what it cannot do with a sentence', async () => {
    const s = await subject();
    const abort = new AbortController();
    abort.abort();
    await expect(
      h['explain.attribution']({ ...s, method: 'occlusion' }, ctx([], abort.signal)),
    ).rejects.toThrow();
    const refusal = async (p: unknown) => {
      const e = await Promise.resolve(p).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(ProtocolError);
      return e as ProtocolError;
    };
    const vec = await refusal(
      h['explain.attribution']({ ...s, method: 'gradcam', node: 'Logits/flatten' }, ctx()),
    );
    expect(vec.code).toBe('bad_request');
    const notJoin = await refusal(h['explain.branches']({ ...s, node: 'Conv2d_1a_3x3' }, ctx()));
    expect(notJoin.message).toMatch(/not a join/);
    const method = await refusal(h['explain.attribution']({ ...s, method: 'magic' as 'gradcam' }, ctx()));
    expect(method.message).toMatch(/method must be one of/);
    const cls = await refusal(h['explain.attribution']({ ...s, method: 'gradient', classIndex: 10 }, ctx()));
    expect(cls.message).toMatch(/classIndex/);
  }, 120_000);
});
