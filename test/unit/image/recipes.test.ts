/**
 * Which recipe a set of weights gets, and what each recipe resolves to for a network. The numbers
 * (crop sides, filters) are the frameworks' own: timm's floor(S / crop_pct) and torchvision's published
 * resize sizes; preprocess-frameworks.test.ts checks the resulting tensors against the real pipelines.
 */
import { describe, expect, it } from 'vitest';
import {
  defaultTransformInput,
  isPreprocessingId,
  PREPROCESSING_IDS,
  resolveRecipe,
  weightsRecipeId,
} from '../../../src-main/shared/recipes.js';
import type { WeightsInfo } from '../../../src-main/engine/weights/types.js';

const info = (o: Partial<WeightsInfo>): WeightsInfo => ({
  kind: 'file',
  label: 'x',
  preprocessing: 'torchvision',
  imagenet: true,
  notes: [],
  ...o,
});

describe('recipes', () => {
  it('timm: shorter side floor(S / crop_pct), bicubic; 341 for Inception-v3/v4, 333 for Inception-ResNet-v2', () => {
    const side = (network: 'inception_v3' | 'inception_v4' | 'inception_resnet_v2') =>
      resolveRecipe('timm', { network, size: 299 }).resize;
    expect(side('inception_v3')).toEqual({ to: 'shorter', side: 341 });
    expect(side('inception_v4')).toEqual({ to: 'shorter', side: 341 });
    expect(side('inception_resnet_v2')).toEqual({ to: 'shorter', side: 333 });
    const gluon = resolveRecipe('timm-inception_v3.gluon_in1k', { network: 'inception_v3', size: 299 });
    expect(gluon.filter).toBe('bicubic');
    expect(gluon.normalise).toEqual({ mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
    // A reduced input keeps the ratio: floor(75 / 0.875) = 85.
    expect(resolveRecipe('timm', { network: 'inception_v3', size: 75 }).resize).toEqual({
      to: 'shorter',
      side: 85,
    });
  });

  it('torchvision: 342 → 299 and 256 → 224, bilinear; Keras: the whole image to S×S', () => {
    expect(resolveRecipe('torchvision', { network: 'inception_v3', size: 299 }).resize).toEqual({
      to: 'shorter',
      side: 342,
    });
    expect(resolveRecipe('torchvision', { network: 'googlenet', size: 224 }).resize).toEqual({
      to: 'shorter',
      side: 256,
    });
    const k = resolveRecipe('keras', { network: 'inception_v3', size: 299 });
    const l = resolveRecipe('keras-load-img', { network: 'inception_v3', size: 299 });
    expect([k.resize, k.filter, k.normalise]).toEqual([{ to: 'square' }, 'bilinear', 'tf']);
    expect([l.resize, l.filter]).toEqual([{ to: 'square' }, 'nearest']);
    expect(l.source).toMatch(/load_img\(target_size=\(299, 299\), interpolation='nearest'\) \(its default\)/);
  });

  it('overrides: the resize filter and transform_input', () => {
    const r = resolveRecipe('keras', { network: 'inception_v3', size: 299 }, { resize: 'bicubic' });
    expect(r.filter).toBe('bicubic');
    expect(
      resolveRecipe('torchvision', { network: 'googlenet', size: 224 }, { transformInput: true })
        .transformInput,
    ).toBe(true);
    expect(resolveRecipe('torchvision', { network: 'googlenet', size: 224 }).transformInput).toBe(false);
  });

  it('ids: every timm tag and the base recipes, nothing else', () => {
    expect(PREPROCESSING_IDS).toContain('timm-inception_resnet_v2.tf_ens_adv_in1k');
    expect(PREPROCESSING_IDS.slice(0, 4)).toEqual(['keras', 'keras-load-img', 'torchvision', 'timm']);
    expect(isPreprocessingId('timm-resnet50.a1_in1k')).toBe(false);
    expect(isPreprocessingId('caffe')).toBe(false);
  });
});

describe('the recipe the weights get', () => {
  it("a timm catalogue entry gets its own tag's cfg (its file has torchvision's names)", () => {
    expect(weightsRecipeId(info({ preprocessing: 'timm', catalogue: 'timm-inception_v3.tv_in1k' }))).toBe(
      'timm-inception_v3.tv_in1k',
    );
    expect(
      weightsRecipeId(info({ preprocessing: 'timm', catalogue: 'timm-inception_resnet_v2.tf_in1k' })),
    ).toBe('timm-inception_resnet_v2.tf_in1k');
    expect(weightsRecipeId(info({ preprocessing: 'keras', catalogue: 'keras-inception_v3' }))).toBe('keras');
    expect(weightsRecipeId(info({ preprocessing: 'timm' }))).toBe('timm');
  });

  it('transform_input: on for torchvision’s verified published files, off for any other state_dict', () => {
    const published = info({
      kind: 'pretrained',
      convention: 'torchvision',
      catalogue: 'torchvision-inception_v3',
    });
    expect(defaultTransformInput(published)).toBe(true);
    // A state_dict saved from inception_v3(weights=None) (transform_input=False) says nothing more.
    expect(defaultTransformInput(info({ kind: 'file', convention: 'torchvision' }))).toBe(false);
    // timm's inception_v3 has no transform_input (its cfg's mean/std do that job).
    expect(
      defaultTransformInput(info({ kind: 'pretrained', convention: 'torchvision', preprocessing: 'timm' })),
    ).toBe(false);
    expect(
      defaultTransformInput(info({ kind: 'file', convention: 'torchvision', transformInput: true })),
    ).toBe(true);
  });
});
