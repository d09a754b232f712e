/**
 * The activations protocol methods, called as the engine host calls them: an image and reduced-network
 * weights in, binary node tensors out, and a wrong weights file as a structured error.
 */
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src-main/engine/backends.js';
import { lazyInference } from '../../../src-main/host/env.js';
import { activationHandlers } from '../../../src-main/host/handlers/activations.js';
import type { HandlerContext } from '../../../src-main/host/registry.js';
import {
  ProtocolError,
  tensorValues,
  type Method,
  type ProgressEvent,
} from '../../../src-main/shared/protocol/index.js';

const backend = initBackend({ force: 'cpu' });
const h = activationHandlers({
  backend,
  inference: lazyInference(backend),
  shell: 'web',
  startedAt: 0,
  restarts: 0,
  version: 'test',
});
const events: unknown[] = [];
const ctx = <M extends Method>() =>
  ({
    id: 1,
    signal: new AbortController().signal,
    emit: (e: unknown) => events.push(e),
  }) as HandlerContext<M>;
const fixture = new URL('../../fixtures/weights/v4-timm.safetensors', import.meta.url).pathname;
const network = {
  id: 'inception_v4' as const,
  flavour: 'released' as const,
  width: 1 / 32,
  input: 75,
  classes: 10,
};

describe('activations protocol', () => {
  it('image.load → weights.load → activations.run → activations.tensor → predict.top', async () => {
    const img = await h['image.load']({ sample: 'chelsea.png' }, ctx());
    expect(img.format).toBe('png');
    expect(Math.max(...img.thumbnail.shape.slice(0, 2))).toBe(128);

    const w = await h['weights.load']({ network, source: { file: fixture } }, ctx());
    expect(w.info).toMatchObject({ kind: 'file', preprocessing: 'timm', imagenet: false });
    expect(events.some((e) => (e as ProgressEvent).kind === 'progress')).toBe(true);

    const run = await h['activations.run']({ imageId: img.imageId, weightsId: w.weightsId }, ctx());
    expect(run.preprocessing.summary).toMatch(/^timm preprocessing: resize shorter side to 85/); // ⌊75 / 0.875⌋
    expect(run.top).toBeUndefined();
    const node = run.nodes.find((n) => n.id === 'Mixed_5b/concat')!;
    const C = node.shape[2]!;
    expect(node.stats.shape).toEqual([4, C]);
    expect(node.stats.data).toBeInstanceOf(ArrayBuffer);

    const t = await h['activations.tensor']({ runId: run.runId, nodeId: 'Mixed_5b/concat' }, ctx());
    expect(t.data.dtype).toBe('uint8');
    expect(t.data.shape).toEqual([C, node.shape[0], node.shape[1]]);
    const codes = tensorValues(t.data as typeof t.data & { dtype: 'uint8' });
    expect(codes.length).toBe(node.shape.reduce((a, b) => a * b, 1));
    // Each channel's codes span 0..255 unless the channel is constant (scale 0).
    const scale = tensorValues(t.scale as typeof t.scale & { dtype: 'float32' });
    const n = node.shape[0]! * node.shape[1]!;
    for (let c = 0; c < C; c++) {
      const plane = codes.subarray(c * n, (c + 1) * n);
      expect(Math.max(...plane)).toBe(scale[c] === 0 ? 0 : 255);
    }

    const top = await h['predict.top']({ runId: run.runId, k: 3 }, ctx());
    expect(top.imagenet).toBe(false);
    expect(top.predictions).toHaveLength(3);
  });

  it('a weights file for another network is a structured error listing the problems', async () => {
    const e = await Promise.resolve(
      h['weights.load']({ network: { ...network, width: 1 / 16 }, source: { file: fixture } }, ctx()),
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProtocolError);
    expect((e as ProtocolError).code).toBe('weights_mismatch');
    expect((e as ProtocolError).detail).toMatch(
      /Stem\/Conv2d_1a_3x3\/kernel ← features\.0\.conv\.weight: expected shape \[2, 3, 3, 3\], found \[1, 3, 3, 3\]/,
    );
  });
});
