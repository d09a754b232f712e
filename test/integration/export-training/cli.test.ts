/** `inception-explorer export-training`: writes the project with the options given; refuses a used folder. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test, vi } from 'vitest';
import { buildProgram } from '../../../src-main/cli/program.js';

const root = mkdtempSync(join(tmpdir(), 'export-training-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cli = async (...args: string[]) => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await buildProgram().parseAsync(['node', 'inception-explorer', 'export-training', ...args]);
    return log.mock.calls.map((c) => String(c[0])).join('\n');
  } finally {
    vi.restoreAllMocks();
  }
};

test('writes model.py, train.py and project.json with the recipe edits', async () => {
  const out = join(root, 'p');
  const said = await cli(
    'inception_resnet_v1',
    '--width',
    '0.125',
    '--input',
    '32',
    '--data',
    'shapes',
    '--max-train',
    '40',
    '--max-val',
    '10',
    '--steps',
    '20',
    '--batch',
    '4',
    '--lr',
    '0.01',
    '--schedule',
    'constant',
    '--init',
    'none',
    '--out',
    out,
  );
  expect(said).toMatch(/Inception-ResNet-v1 \(paper\), [\d,]+ parameters/);
  const project = JSON.parse(readFileSync(join(out, 'project.json'), 'utf8'));
  expect(project.network.id).toBe('inception_resnet_v1');
  expect(project.recipe).toMatchObject({ batch: 4, lr: 0.01, schedule: 'constant' });
  expect(project.recipe.optimizer).toMatchObject({ kind: 'rmsprop', epsilon: 1, decay: 0.9 });
  expect(project.initWeights).toBeNull();
  expect(project.steps).toBe(20);
  const data = JSON.parse(readFileSync(join(out, 'data/dataset.json'), 'utf8'));
  expect(data.train.count).toBe(40);
  expect(data.val.count).toBe(10);
  expect(readFileSync(join(out, 'model.py'), 'utf8')).toContain('class Net(nn.Module)');
  expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('#SBATCH --nodes');
});

test('refuses a folder that already holds files', async () => {
  const out = join(root, 'used');
  mkdirSync(out);
  writeFileSync(join(out, 'mine.txt'), 'keep');
  await expect(cli('googlenet', '--out', out)).rejects.toThrow(/not an empty folder/);
  expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('keep');
});
