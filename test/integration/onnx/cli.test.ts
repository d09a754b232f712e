/** `inception-explorer export-onnx`: writes a model named like the app, with the requested weights. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, expect, test, vi } from 'vitest';
import { register } from '../../../src-main/cli/commands/export-onnx.js';
import { decodeModel } from '../../../src-main/engine/onnx/proto.js';

const dir = mkdtempSync(join(tmpdir(), 'export-onnx-'));
const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'weights');

async function run(...args: string[]): Promise<string[]> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  const program = new Command('inception-explorer').exitOverride();
  register(program);
  await program.parseAsync(['node', 'inception-explorer', 'export-onnx', ...args]);
  return lines;
}
afterEach(() => vi.restoreAllMocks());

test('random weights: reduced GoogLeNet with its aux heads, checked in onnxruntime', async () => {
  const out = join(dir, 'googlenet.onnx');
  const lines = await run(
    'googlenet',
    '--width',
    '0.125',
    '--input',
    '75',
    '--aux',
    '--seed',
    '4',
    '--out',
    out,
  );
  expect(lines[0]).toMatch(
    /^wrote .*googlenet\.onnx: GoogLeNet .*\(paper\), input 75×75×3, width 0\.125, 1000 classes, random weights \(seed 4\)/,
  );
  expect(lines[1]).toMatch(/^checked: onnxruntime 1\.\d+\.\d+ loads it/);
  const m = decodeModel(readFileSync(out));
  expect(m.graph.input.map((i) => i.name)).toEqual(['input']);
  expect(m.graph.output.map((o) => o.name)).toEqual(['softmax', 'aux1/softmax', 'aux2/softmax']);
  expect(m.graph.node.some((n) => n.name === 'inception3a/branch1/1x1' && n.opType === 'Conv')).toBe(true);
  expect(Object.fromEntries(m.metadataProps!.map((p) => [p.key, p.value]))).toMatchObject({
    network: 'googlenet',
    flavour: 'paper',
    weights: 'random weights (seed 4)',
  });
});

test('a Keras weights file (reduced Inception-v3 fixture)', async () => {
  const out = join(dir, 'v3.onnx');
  const lines = await run(
    'inception_v3',
    '--width',
    '0.03125',
    '--input',
    '75',
    '--classes',
    '10',
    '--weights',
    join(fixtures, 'v3-keras.h5'),
    '--out',
    out,
  );
  expect(lines[0]).toContain('v3-keras.h5 (Keras HDF5');
  const m = decodeModel(readFileSync(out));
  const kernel = m.graph.initializer.find((t) => t.name === 'Conv2d_1a_3x3/kernel')!;
  expect(kernel.dims).toEqual([1, 3, 3, 3]); // OIHW: width 1/32 leaves one filter
});

test('a weights file that does not fit stops with the mismatch, writing nothing', async () => {
  const out = join(dir, 'bad.onnx');
  await expect(
    run('inception_v3', '--weights', join(fixtures, 'v3-keras.h5'), '--out', out, '--no-check'),
  ).rejects.toThrow(/v3-keras\.h5 does not fit Inception-v3/);
  expect(() => readFileSync(out)).toThrow();
});
