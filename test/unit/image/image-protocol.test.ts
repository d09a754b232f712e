/**
 * image.load and activations.run as the engine host serves them: the pixel limit and other decode
 * refusals arrive as `bad_image` with the kind and values the UI words them with, and the run takes the
 * preprocessing overrides and reports the recipe it applied.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeAnyImage, preprocessOffThread } from '../../../src-main/engine/image/decode-pool.js';
import { applyRecipe } from '../../../src-main/engine/image/preprocess.js';
import { resolveRecipe } from '../../../src-main/shared/recipes.js';
import { initBackend } from '../../../src-main/engine/backends.js';
import { lazyInference } from '../../../src-main/host/env.js';
import { activationHandlers } from '../../../src-main/host/handlers/activations.js';
import type { HandlerContext } from '../../../src-main/host/registry.js';
import { ProtocolError, type Method } from '../../../src-main/shared/protocol/index.js';

const backend = initBackend({ force: 'cpu' });
const h = activationHandlers({
  backend,
  inference: lazyInference(backend),
  shell: 'web',
  startedAt: 0,
  restarts: 0,
  version: 'test',
});
const ctx = <M extends Method>() =>
  ({ id: 1, signal: new AbortController().signal, emit: () => undefined }) as HandlerContext<M>;

async function refusal(p: unknown): Promise<ProtocolError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ProtocolError);
    return e as ProtocolError;
  }
  throw new Error('expected a refusal');
}

afterEach(() => {
  delete process.env.INCEPTION_MAX_PIXELS;
});

describe('image.load refusals', () => {
  it('over the pixel limit (INCEPTION_MAX_PIXELS): bad_image, kind too_large, with the sizes', async () => {
    process.env.INCEPTION_MAX_PIXELS = '100000';
    const e = await refusal(h['image.load']({ sample: 'chelsea.png' }, ctx()));
    expect(e.code).toBe('bad_image');
    expect(e.message).toBe(
      'chelsea.png could not be read: it declares 451×300 pixels (0.14 MP), more than the 0.1 MP the app decodes; scale it down first, or raise the limit with INCEPTION_MAX_PIXELS.',
    );
    expect(e.params).toMatchObject({ file: 'chelsea.png', kind: 'too_large', width: 451, height: 300 });
  });

  it('not an image: bad_image, kind format', async () => {
    const bytes = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>').buffer;
    const e = await refusal(h['image.load']({ bytes, name: 'drawing.svg' }, ctx()));
    expect(e.params).toMatchObject({ file: 'drawing.svg', kind: 'format' });
    expect(e.message).toMatch(/drawing\.svg could not be read: it is not a PNG, JPEG or WebP image/);
  });
});

describe('preprocessing in the image worker', () => {
  it('gives exactly the in-thread tensor, and the caller keeps its image', async () => {
    const img = await decodeAnyImage(new Uint8Array(readFileSync('assets/samples/coffee.png')));
    const before = img.data.slice();
    const recipe = resolveRecipe('timm', { network: 'inception_resnet_v2', size: 299 });
    const off = await preprocessOffThread(img, recipe);
    const here = applyRecipe(img, recipe);
    expect(off.tensor.shape).toEqual(here.tensor.shape);
    expect(Buffer.from(off.tensor.data.buffer).equals(Buffer.from(here.tensor.data.buffer))).toBe(true);
    expect(off.steps).toEqual(here.steps);
    expect(Buffer.from(img.data).equals(Buffer.from(before))).toBe(true);
  });
});

describe('activations.run preprocessing overrides', () => {
  const network = {
    id: 'googlenet' as const,
    flavour: 'torchvision' as const,
    width: 0.25,
    input: 64,
    classes: 10,
  };

  it('recipe, filter and transform_input reach the run; the result names the recipe', async () => {
    const img = await h['image.load']({ sample: 'rocket.jpg' }, ctx());
    const run = await h['activations.run'](
      {
        imageId: img.imageId,
        network,
        preprocessing: 'torchvision',
        transformInput: true,
        resize: 'nearest',
      },
      ctx(),
    );
    expect(run.preprocessing.id).toBe('torchvision');
    expect(run.preprocessing.recipe).toMatchObject({ filter: 'nearest', transformInput: true, size: 64 });
    expect(run.preprocessing.steps.join('; ')).toMatch(/shorter side to 73 .*nearest.*transform_input/);
    const keras = await h['activations.run'](
      { imageId: img.imageId, network, preprocessing: 'keras-load-img' },
      ctx(),
    );
    expect(keras.preprocessing.recipe.source).toMatch(/interpolation='nearest'\) \(its default\)/);
  }, 120_000);

  it('unknown recipe or filter: bad_request naming the choices', async () => {
    const img = await h['image.load']({ sample: 'rocket.jpg' }, ctx());
    const a = await refusal(
      h['activations.run']({ imageId: img.imageId, network, preprocessing: 'caffe' as never }, ctx()),
    );
    expect(a.code).toBe('bad_request');
    expect(a.message).toMatch(
      /preprocessing must be one of keras, keras-load-img, torchvision, timm, timm-inception_v3\.tv_in1k/,
    );
    const b = await refusal(
      h['activations.run']({ imageId: img.imageId, network, resize: 'lanczos' as never }, ctx()),
    );
    expect(b.message).toMatch(/resize must be one of bilinear, bicubic, nearest/);
  });
});
