/** An exported project's checkpoint names its variant: recognised alone, and a wrong network is told which. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import { loadProjectCheckpoint } from '../../../src-main/engine/export-training/checkpoint.js';
import { checkpointMetadata, weightMapTensors } from '../../../src-main/engine/export-training/project.js';
import { randomWeights } from '../../../src-main/engine/onnx/weights.js';
import { defaultRecipe, editRecipe } from '../../../src-main/engine/train/recipe.js';
import { loadWeightsFile } from '../../../src-main/engine/weights/load.js';
import { writeSafetensors } from '../../../src-main/engine/weights/safetensors.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = buildNetwork('inception_resnet_v1', { width: 0.125, input: 32, classes: 10 });
const a = analyse(spec);
const file = join(dir, 'model.safetensors');
const recipe = editRecipe(defaultRecipe('inception_resnet_v1'), {});
writeFileSync(
  file,
  writeSafetensors(weightMapTensors(randomWeights(a, 2)), checkpointMetadata(spec, recipe)),
);

test('the network, flavour and variant come from the file', async () => {
  const r = await loadProjectCheckpoint(file);
  expect(r.variant).toEqual({
    network: 'inception_resnet_v1',
    flavour: 'paper',
    width: 0.125,
    input: 32,
    classes: 10,
  });
  expect(r.analysis.totals.params.pytorch).toBe(a.totals.params.pytorch);
  expect(r.loaded.info.convention).toBe('spec');
});

test('opened with another network, the loader names the one to choose', async () => {
  const v3 = analyse(buildNetwork('inception_v3', { width: 0.125, input: 32, classes: 10 }));
  await expect(loadWeightsFile(v3, file)).rejects.toMatchObject({
    code: 'mismatch',
    message: expect.stringMatching(/open it with network inception_resnet_v1, flavour 'paper'/),
  });
});

test('a safetensors file from elsewhere is not taken for a project checkpoint', async () => {
  const other = join(dir, 'other.safetensors');
  writeFileSync(other, writeSafetensors(weightMapTensors(randomWeights(a, 2))));
  await expect(loadProjectCheckpoint(other)).rejects.toMatchObject({ code: 'format' });
});
